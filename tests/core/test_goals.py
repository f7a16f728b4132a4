"""The mentee's goals: set at meeting 1, scored at meetings 1, 4 and 6, with entries as evidence."""

from __future__ import annotations

import pytest

from rmpair.core.errors import UsageError
from tests.conftest import MENTEE_PASS, MENTOR_PASS


def test_a_goal_is_scored_at_the_start_midway_and_the_end(pair):
    mentee = pair(MENTEE_PASS)
    goal = mentee.add_goal("  Sponsor two people from under-represented groups  ", baseline_score=2)
    mentee.score_goal(goal.id, 3, point="midway")
    mentee.score_goal(goal.short_id, 4, point="end")
    [seen] = pair(MENTOR_PASS).goals()
    assert seen.text == "Sponsor two people from under-represented groups"
    assert [seen.score_at(p) for p in ("start", "midway", "end")] == [2, 3, 4]
    assert seen.owner == "mentee"


def test_a_score_can_be_cleared_and_a_goal_reworded(pair):
    mentee = pair(MENTEE_PASS)
    goal = mentee.add_goal("Listen more", baseline_score=2)
    mentee.update_goal(goal.id, "Listen first, speak last")
    mentee.score_goal(goal.id, None, point="start")
    [seen] = pair(MENTEE_PASS).goals()
    assert (seen.text, seen.baseline_score) == ("Listen first, speak last", None)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s, g: s.add_goal("   "), "needs some text"),
        (lambda s, g: s.add_goal("x", baseline_score=6), "1 to 5"),
        (lambda s, g: s.score_goal(g.id, 0, point="midway"), "1 to 5"),
        (lambda s, g: s.score_goal(g.id, 3, point="later"), "start, midway, end"),
        (lambda s, g: s.score_goal("zzzzzz", 3), "no goal with the id"),
        (lambda s, g: s.update_goal(g.id, ""), "needs some text"),
        (lambda s, g: s.add_entry(kind="reflection", body="b", goal_id="nope-not-a-goal"), "no goal"),
    ],
)
def test_bad_goal_input_is_refused_plainly(pair, change, message):
    mentee = pair(MENTEE_PASS)
    goal = mentee.add_goal("Run meetings where everyone speaks")
    with pytest.raises(UsageError, match=message):
        change(mentee, goal)
    assert [g.text for g in pair(MENTEE_PASS).goals()] == ["Run meetings where everyone speaks"]


def test_evidence_links_by_id_prefix_and_a_partners_private_evidence_stays_hidden(pair):
    mentee = pair(MENTEE_PASS)
    goal = mentee.add_goal("Remove a barrier instead of working around it")
    private = mentee.add_entry(kind="reflection", body="mine", goal_id=goal.short_id)
    assert private.goal_id == goal.id and private.private
    shared = mentee.add_entry(kind="note", body="ours", private=False)
    mentee.update_entry(shared.id, goal_id=goal.id)
    assert set(pair(MENTEE_PASS).goal(goal.short_id).evidence) == {private.id, shared.id}
    assert pair(MENTOR_PASS).goal(goal.id).evidence == (shared.id,)


def test_unlinking_and_deleting_a_goal_keeps_the_entries(pair):
    mentee = pair(MENTEE_PASS)
    goal = mentee.add_goal("Change how my meetings run")
    entry = mentee.add_entry(kind="reflection", body="kept", goal_id=goal.id)
    mentee.update_entry(entry.id, goal_id="")
    assert mentee.goal(goal.id).evidence == ()
    mentee.update_entry(entry.id, goal_id=goal.id)
    mentee.delete_goal(goal.id)
    again = pair(MENTEE_PASS)
    assert again.goals() == []
    assert again.entry(entry.id).goal_id is None and again.entry(entry.id).body == "kept"


def test_review_together_may_set_and_score_goals(pair):
    mentor = pair(MENTOR_PASS)
    mentor.review_mode = True
    goal = mentor.add_goal("Speak up when a colleague is talked over", baseline_score=1)
    mentor.score_goal(goal.id, 2, point="midway")
    assert pair(MENTEE_PASS).goal(goal.id).midway_score == 2
