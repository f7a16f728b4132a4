from __future__ import annotations

from datetime import date

import pytest

from rmpair.content import CheckinStatement
from rmpair.reports.progress import (
    actions_by_owner,
    checkin_progress,
    goal_progress,
    meeting_progress,
    progress_report,
    race_coverage,
)
from rmpair.core.service import PairService

MENTOR_PASS = "mentor passphrase"
MENTEE_PASS = "mentee passphrase"
STATEMENTS = (CheckinStatement("safe", "I felt safe."), CheckinStatement("heard", "I felt listened to."))


@pytest.fixture
def pair(tmp_path, fast_kdf):
    """Both people in one vault; ``pair(passphrase)`` unlocks as one of them."""
    path = tmp_path / "pair.rmpair"
    mentor, _ = PairService.create(
        path,
        role="mentor",
        name="Ada",
        passphrase=MENTOR_PASS,
        programme_start=date(2026, 1, 5),
        kdf=fast_kdf,
        agendas={1: [("Ground rules", 10), ("Goals", 15)], 2: [("Check in", 5)]},
    )
    mentor.join(role="mentee", name="Bo", passphrase=MENTEE_PASS, kdf=fast_kdf)
    mentor.close()
    opened: list[PairService] = []

    def unlock(passphrase: str) -> PairService:
        while opened:
            opened.pop().close()
        service = PairService.unlock(path, passphrase)
        opened.append(service)
        return service

    yield unlock
    while opened:
        opened.pop().close()


# -- meetings and the RACE grid ---------------------------------------------------------


def test_meeting_progress_counts_agenda_shared_entries_and_actions(pair):
    mentor = pair(MENTOR_PASS)
    first = mentor.meeting(1).agenda[0]
    mentor.set_agenda_item_done(first.id)
    mentor.mark_held(1, date(2026, 1, 6))
    mentor.add_entry(kind="talking-point", body="shared point", meeting=1, private=False)
    mentor.add_entry(kind="note", body="shared note", meeting=1, private=False)
    mentor.add_entry(kind="reflection", body="my own", meeting=1, private=True)
    action = mentor.add_action("read", due_meeting=1)
    mentor.add_action("write", owner="mentee", due_meeting=1)
    mentor.set_action_done(action.id)

    meetings = meeting_progress(mentor)
    one = meetings[0]
    assert len(meetings) == 6
    assert (one.held, one.held_date, one.agenda_done, one.agenda_total) == (True, date(2026, 1, 6), 1, 2)
    assert one.shared_entries["talking-point"] == 1
    assert one.shared_entries["note"] == 1
    assert one.shared_entries["reflection"] == 0  # the private one is not counted, even for its author
    assert one.shared_entry_total == 2
    assert (one.actions_due, one.actions_due_done, one.actions_due_open) == (2, 1, 1)
    assert (meetings[1].agenda_total, meetings[1].shared_entry_total, meetings[1].held) == (1, 0, False)


def test_race_grid_counts_only_shared_entries_whoever_looks(pair):
    mentor = pair(MENTOR_PASS)
    mentor.add_entry(kind="talking-point", body="a", meeting=1, race_tags=["resistance", "compassion"], private=False)
    mentor.add_entry(kind="note", body="b", meeting=1, race_tags=["resistance"], private=False)
    mentor.add_entry(kind="note", body="c", race_tags=["solidarity"], private=False)  # no meeting
    mentor.add_entry(kind="reflection", body="mine", meeting=1, race_tags=["resistance"], private=True)
    mentor.add_entry(kind="reflection", body="mine", meeting=2, race_tags=["empowerment"], private=True)
    mentor.mark_held(1)
    mentor.mark_held(2)

    mentor_grid = race_coverage(mentor)
    mentee = pair(MENTEE_PASS)
    mentee.add_entry(kind="reflection", body="hers", meeting=1, race_tags=["compassion"], private=True)
    mentee_grid = race_coverage(mentee)

    for grid in (mentor_grid, mentee_grid):
        assert grid.categories[:4] == ("resistance", "compassion", "empowerment", "solidarity")
        assert grid.row("resistance") == (2, 0, 0, 0, 0, 0)
        assert grid.row("compassion") == (1, 0, 0, 0, 0, 0)
        assert grid.row("empowerment") == (0,) * 6  # only a private entry touched it
        assert grid.unplaced == {"solidarity": 1}
        assert grid.total("solidarity") == 1
        assert ("empowerment", 2) in grid.gaps()
        assert ("resistance", 1) not in grid.gaps()
        assert all(meeting in (1, 2) for _, meeting in grid.gaps())  # later meetings are not gaps yet
        assert grid.untouched() == ("empowerment",)
    assert mentor_grid == mentee_grid


def test_race_grid_in_ones_own_view_counts_ones_own_private_entries_only(pair):
    mentor = pair(MENTOR_PASS)
    mentor.add_entry(kind="talking-point", body="mine", meeting=1, race_tags=["empowerment"], private=True)
    mentor.add_entry(kind="note", body="ours", meeting=1, race_tags=["resistance"], private=False)
    mentor.close()
    mentee = pair(MENTEE_PASS)
    mentee.add_entry(kind="reflection", body="his", meeting=2, race_tags=["solidarity"], private=True)

    own = race_coverage(mentee, own_private=True)
    assert own.own_private
    assert own.count("solidarity", 2) == 1  # his own private reflection
    assert own.total("empowerment") == 0  # the mentor's private talking point, never
    assert own.count("resistance", 1) == 1
    assert race_coverage(mentee) == race_coverage(mentee, own_private=False)
    assert race_coverage(mentee).total("solidarity") == 0

    mentee.review_mode = True
    together = race_coverage(mentee, own_private=True)
    assert together.total("solidarity") == 0 and not together.own_private


def test_race_grid_takes_the_row_order_given_and_adds_tags_it_did_not_know(pair):
    mentor = pair(MENTOR_PASS)
    mentor.known_race_tags = ("resistance", "compassion", "empowerment", "solidarity", "allyship")
    mentor.add_entry(kind="note", body="x", meeting=3, race_tags=["allyship"], private=False)
    grid = race_coverage(mentor, ["solidarity", "resistance"])
    assert grid.categories == ("solidarity", "resistance", "allyship")
    assert grid.count("allyship", 3) == 1


# -- actions ------------------------------------------------------------------------------


def test_actions_are_grouped_by_owner_open_and_done_with_carried_ones(pair):
    mentor = pair(MENTOR_PASS)
    read = mentor.add_action("read", due_meeting=1)
    mentor.add_action("write", due_meeting=2)
    ask = mentor.add_action("ask", owner="mentee", due_meeting=1)
    mentor.carry_forward(ask.id, 3)
    mentor.set_action_done(read.id)

    groups = {g.owner: g for g in actions_by_owner(mentor)}
    assert list(groups) == ["mentor", "mentee"]
    assert [a.text for a in groups["mentor"].done] == ["read"]
    assert [a.text for a in groups["mentor"].open] == ["write"]
    assert groups["mentor"].carried_forward == ()
    assert [(a.text, a.carried_from, a.due_meeting) for a in groups["mentee"].carried_forward] == [("ask", 1, 3)]
    assert groups["mentee"].total == 1


# -- check-ins -----------------------------------------------------------------------------


def test_checkin_series_have_a_slot_per_meeting(pair):
    mentor = pair(MENTOR_PASS)
    mentor.record_checkin(1, {"safe": 2, "heard": 5})
    mentor.record_checkin(3, {"safe": 4})
    progress = checkin_progress(mentor, STATEMENTS)
    safe = next(s for s in progress.for_person("mentor") if s.statement_id == "safe")
    assert safe.statement_text == "I felt safe."
    assert safe.ratings == (2, None, 4, None, None, None)
    assert safe.average == 3


def test_checkins_of_a_partner_who_does_not_share_are_left_out_and_named(pair):
    mentee = pair(MENTEE_PASS)
    mentee.record_checkin(1, {"safe": 1})
    mentee.set_share_checkins(False)
    mentor = pair(MENTOR_PASS)
    mentor.record_checkin(1, {"safe": 5})
    mentor.set_share_checkins(True)

    as_mentor = checkin_progress(mentor, STATEMENTS)
    assert {s.person for s in as_mentor.series} == {"mentor"}
    assert as_mentor.not_shared == ("mentee",)

    mentee = pair(MENTEE_PASS)
    as_mentee = checkin_progress(mentee, STATEMENTS)  # her own, and his because he shares
    assert {s.person for s in as_mentee.series} == {"mentor", "mentee"}
    assert as_mentee.not_shared == ()


def test_a_rating_for_a_statement_the_pack_no_longer_has_still_shows(pair):
    mentor = pair(MENTOR_PASS)
    mentor.record_checkin(2, {"retired": 3})
    series = checkin_progress(mentor, STATEMENTS).for_person("mentor")
    assert [s.statement_id for s in series] == ["safe", "heard", "retired"]
    assert series[-1].statement_text == "retired"


# -- goals --------------------------------------------------------------------------------


def test_goals_carry_the_entries_linked_to_them_that_this_person_can_see(pair):
    mentee = pair(MENTEE_PASS)
    goal = mentee.add_goal("sponsor two people", baseline_score=2)
    mentee.score_goal(goal.id, 4)
    mentee.add_entry(kind="reflection", body="shared evidence", goal_id=goal.id, private=False)
    mentee.add_entry(kind="reflection", body="private evidence", goal_id=goal.id, private=True)
    mentee.add_entry(kind="note", body="a note", goal_id=goal.id, private=False)

    (own_view,) = goal_progress(mentee)
    assert [e.body for e in own_view.evidence] == ["shared evidence", "private evidence", "a note"]
    assert [e.body for e in own_view.reflections] == ["shared evidence", "private evidence"]
    assert own_view.change == 2

    mentor = pair(MENTOR_PASS)
    (partner_view,) = goal_progress(mentor)
    assert [e.body for e in partner_view.evidence] == ["shared evidence", "a note"]


def test_the_whole_report_in_one_call(pair):
    mentor = pair(MENTOR_PASS)
    mentor.add_entry(kind="note", body="x", meeting=1, race_tags=["resistance"], private=False)
    report = progress_report(mentor, statements=STATEMENTS)
    assert report.coverage.count("resistance", 1) == 1
    assert len(report.meetings) == 6
    assert [g.owner for g in report.actions] == ["mentor", "mentee"]
    assert report.checkins.series == ()
    assert report.goals == ()
