"""Goals of the mentee and of the mentor: set at meeting 1 with what 1 to 5 look like,
scored by each person on their own at meetings 1, 4 and 6, with entries as evidence."""

from __future__ import annotations

import pytest

from rmpair.core.errors import UsageError
from tests.conftest import MENTEE_PASS, MENTOR_PASS


def test_a_goal_is_scored_at_the_start_midway_and_the_end(pair):
    mentee = pair(MENTEE_PASS)
    goal = mentee.add_goal("  Sponsor two people from under-represented groups  ", baseline_score=2)
    mentee.score_goal(goal.id, 3, point="midway")
    mentee.score_goal(goal.short_id, 4, point="end")
    [seen] = pair(MENTEE_PASS).goals()
    assert seen.text == "Sponsor two people from under-represented groups"
    assert [seen.score_at(p) for p in ("start", "midway", "end")] == [2, 3, 4]
    assert seen.owner == "mentee"


def test_each_person_scores_privately_first_and_then_both_scores_show(pair):
    mentee = pair(MENTEE_PASS)
    goal = mentee.add_goal("Sponsor two people", baseline_score=2)
    mentee.score_goal(goal.id, 3, point="midway")
    mentor = pair(MENTOR_PASS)
    [seen] = mentor.goals()
    assert (seen.baseline_score, seen.midway_score) == (None, None)  # hers, not shown to him yet
    assert seen.hidden == {("mentee", "start"), ("mentee", "midway")}
    mentor.score_goal(goal.id, 4, point="start")
    [seen] = mentor.goals()
    assert (seen.baseline_score, seen.partner_scores, seen.hidden) == (2, {"start": 4}, {("mentee", "midway")})
    [hers] = pair(MENTEE_PASS).goals()
    assert (hers.baseline_score, hers.midway_score, hers.partner_scores) == (2, 3, {"start": 4})


def test_the_mentor_has_goals_too_with_what_each_score_looks_like(pair):
    mentor = pair(MENTOR_PASS)
    goal = mentor.add_goal(
        "Give feedback to a director without rehearsing it for a week", baseline_score=1, owner="mentor",
        looks_like=["I avoid it", "", "I say it, shaking", "", "I say it plainly and calmly"],
    )
    assert (goal.owner, goal.partner, goal.baseline_score) == ("mentor", "mentee", 1)
    assert goal.level(1) == "I avoid it" and goal.level(2) == "" and goal.level(5) == "I say it plainly and calmly"
    mentor.describe_goal_levels(goal.id, ["Silent", "", "", "", "Plain"])
    mentee = pair(MENTEE_PASS)
    [seen] = mentee.goals()
    assert (seen.owner, seen.looks_like[0], seen.baseline_score) == ("mentor", "Silent", None)
    mentee.score_goal(goal.id, 2, point="start")
    assert (mentee.goal(goal.id).baseline_score, mentee.goal(goal.id).partner_scores) == (1, {"start": 2})
    with pytest.raises(UsageError, match="at most five"):
        mentor.describe_goal_levels(goal.id, ["a"] * 6)


def test_scores_given_together_before_each_person_scored_alone_stay_both_peoples(pair):
    mentee = pair(MENTEE_PASS)
    goal = mentee.add_goal("Listen first")

    def as_before(connection, _keys):
        with connection:
            connection.execute("DROP TABLE goal_score")
            connection.execute("ALTER TABLE goal DROP COLUMN looks_like")
            connection.execute("UPDATE goal SET baseline_score = 2, midway_score = 4")
            connection.execute("PRAGMA user_version = 6")

    mentee.exchange(as_before, write=True)
    for passphrase in (MENTEE_PASS, MENTOR_PASS):
        [seen] = pair(passphrase).goals()
        assert (seen.id, seen.baseline_score, seen.midway_score, seen.final_score) == (goal.id, 2, 4, None)
        assert seen.partner_scores == {"start": 2, "midway": 4}


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
    assert mentor.goal(goal.id).partner_scores == {"start": 1, "midway": 2}  # his own, on the mentee's goal
    mentee = pair(MENTEE_PASS)
    mentee.score_goal(goal.id, 3, point="midway")
    mentee.review_mode = True
    seen = mentee.goal(goal.id)
    assert (seen.midway_score, seen.partner_scores) == (3, {"midway": 2})
    assert seen.hidden == {("mentor", "start")}
