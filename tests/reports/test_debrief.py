"""The mentor debrief is offered after meetings 2 and 3 and after a resistance talking point
was used, to the mentor only, until they have written one for that meeting."""

from __future__ import annotations

from rmpair.reports.debrief import debrief_suggestions
from tests.conftest import MENTEE_PASS, MENTOR_PASS


def _meetings(reader) -> list[int]:
    return [s.meeting for s in debrief_suggestions(reader)]


def test_offered_after_meetings_two_and_three_until_written(pair):
    mentor = pair(MENTOR_PASS)
    mentor.mark_held(1)
    assert _meetings(mentor) == []
    mentor.mark_held(2)
    mentor.mark_held(3)
    assert _meetings(mentor) == [3, 2]
    mentor.add_entry(kind="reflection", body="heavy", meeting=2, template_id="mentor-debrief")
    assert _meetings(mentor) == [3]
    mentor.add_entry(kind="reflection", body="ordinary", meeting=3, template_id="what-so-what-now-what")
    assert _meetings(mentor) == [3]


def test_offered_after_any_meeting_where_a_resistance_talking_point_was_used(pair):
    mentor = pair(MENTOR_PASS)
    mentor.add_entry(kind="talking-point", body="who decided", meeting=5, race_tags=["resistance"])
    mentor.add_entry(kind="talking-point", body="a kind one", meeting=4, race_tags=["compassion"])
    mentor.mark_held(4)
    mentor.mark_held(5)
    [suggestion] = debrief_suggestions(mentor)
    assert suggestion.meeting == 5 and "challenge" in suggestion.words


def test_never_offered_to_the_mentee_nor_in_review_together(pair):
    mentor = pair(MENTOR_PASS)
    mentor.mark_held(2)
    mentor.review_mode = True
    assert _meetings(mentor) == []
    assert _meetings(pair(MENTEE_PASS)) == []
