from __future__ import annotations

import re
from datetime import date

import pytest

from rmpair.content import CheckinStatement, ContentPack, RaceCategory
from rmpair.core.service import PairService
from rmpair.reports.summary import build_summary, render_summary_markdown

MENTOR_PASS = "mentor passphrase"
MENTEE_PASS = "mentee passphrase"
PACK = ContentPack(
    categories=tuple(
        RaceCategory(id, id.capitalize(), "", "", order)
        for order, id in enumerate(("resistance", "compassion", "empowerment", "solidarity"), start=1)
    ),
    checkin_statements=(
        CheckinStatement("safe", "I felt safe to speak honestly."),
        CheckinStatement("heard", "I felt listened to."),
    ),
)

# One made-up word per place the pair writes; none may reach the programme lead.
UNIQUE = {
    "mentor_name": "Quixoticmentorname",
    "mentee_name": "Zephyrmenteename",
    "shared_title": "sharedtitlewombat",
    "shared_body": "sharedbodyaxolotl",
    "private_title": "privatetitlepangolin",
    "private_body": "privatebodynarwhal",
    "mentee_private_body": "menteeprivatebodyokapi",
    "action": "actiontextquokka",
    "goal": "goaltextcapybara",
    "agenda": "agendaitemtapir",
    "agenda_edited": "agendaeditedlemur",
    "template_agenda": "Templateagendaibex",
}


@pytest.fixture
def seeded(tmp_path, fast_kdf):
    path = tmp_path / "pair.rmpair"
    mentor, _ = PairService.create(
        path, role="mentor", name=UNIQUE["mentor_name"], passphrase=MENTOR_PASS,
        programme_start=date(2026, 1, 5), kdf=fast_kdf,
        agendas={1: [(UNIQUE["template_agenda"], 10), ("Second item", 5)]},
    )
    mentor.join(role="mentee", name=UNIQUE["mentee_name"], passphrase=MENTEE_PASS, kdf=fast_kdf)
    mentor.add_entry(kind="talking-point", title=UNIQUE["shared_title"], body=UNIQUE["shared_body"], meeting=1,
                     race_tags=["resistance", "compassion"], private=False)
    mentor.add_entry(kind="note", body="x", race_tags=["solidarity"], private=False)
    mentor.add_entry(kind="reflection", title=UNIQUE["private_title"], body=UNIQUE["private_body"], meeting=1,
                     race_tags=["empowerment"], private=True)
    action = mentor.add_action(UNIQUE["action"], owner="mentee", due_meeting=1)
    mentor.carry_forward(action.id, 2)
    done = mentor.add_action("other", due_meeting=1)
    mentor.set_action_done(done.id)
    item = mentor.add_agenda_item(1, UNIQUE["agenda"])
    mentor.set_agenda_item_done(item.id)
    other = mentor.add_agenda_item(2, "placeholder")
    mentor.edit_agenda_item(other.id, UNIQUE["agenda_edited"])
    mentor.mark_held(1, date(2026, 1, 7))
    mentor.record_checkin(1, {"safe": 4, "heard": 5})
    mentor.record_checkin(2, {"safe": 2})
    mentor.set_share_checkins(True)
    mentor.close()

    mentee = PairService.unlock(path, MENTEE_PASS)
    mentee.add_goal(UNIQUE["goal"], baseline_score=2)
    mentee.add_entry(kind="reflection", body=UNIQUE["mentee_private_body"], meeting=1,
                     race_tags=["empowerment"], private=True)
    mentee.record_checkin(1, {"safe": 1})
    mentee.set_share_checkins(True)
    mentee.close()

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


@pytest.mark.parametrize("passphrase", [MENTOR_PASS, MENTEE_PASS])
@pytest.mark.parametrize("include_ratings", [False, True])
def test_the_summary_holds_nothing_either_person_wrote(seeded, passphrase, include_ratings):
    service = seeded(passphrase)
    text = render_summary_markdown(build_summary(service, include_ratings=include_ratings, content=PACK))
    folded = text.casefold()
    for place, word in UNIQUE.items():
        assert word.casefold() not in folded, f"the {place} reached the summary"
    # The roles stand in for names.
    assert "mentor" in text and "mentee" in text


def test_the_summary_counts_meetings_agenda_race_and_actions(seeded):
    summary = build_summary(seeded(MENTOR_PASS), include_ratings=False, content=PACK, today=date(2026, 3, 1))
    first = summary.meetings[0]
    assert (first.status, first.held_date, first.agenda_done, first.agenda_total) == ("held", date(2026, 1, 7), 1, 3)
    assert first.shared_entries == 1  # the private reflection is not counted
    assert summary.meetings_held == 1
    assert summary.race_total("resistance") == 1
    assert summary.race_total("empowerment") == 0  # touched only by private entries
    assert summary.race_counts[("solidarity", None)] == 1
    actions = {a.owner: a for a in summary.actions}
    assert (actions["mentee"].opened, actions["mentee"].done, actions["mentee"].carried_forward) == (1, 0, 1)
    assert (actions["mentor"].opened, actions["mentor"].done) == (1, 1)
    assert summary.ratings == ()

    text = render_summary_markdown(summary)
    assert "| 1 | held | 2026-01-05 | 2026-01-07 | 1 of 3 | 1 |" in text
    assert re.search(r"\| Empowerment \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \|", text)
    assert "Check-in" not in text


def test_ratings_are_averaged_only_for_people_who_share_them(seeded):
    mentee = seeded(MENTEE_PASS)
    mentee.set_share_checkins(False)
    summary = build_summary(seeded(MENTOR_PASS), include_ratings=True, content=PACK)
    averages = {(r.statement_id, r.person): (r.average, r.ratings) for r in summary.ratings}
    assert averages == {("safe", "mentor"): (3.0, 2), ("heard", "mentor"): (5.0, 1)}
    assert summary.ratings_not_shared == ("mentee",)
    text = render_summary_markdown(summary)
    assert "| I felt safe to speak honestly. | mentor | 3.0 | 2 |" in text
    assert "The mentee does not share check-in ratings" in text

    # Even the mentee's own summary leaves her unshared ratings out: it is for the programme lead.
    own = build_summary(seeded(MENTEE_PASS), include_ratings=True, content=PACK)
    assert {r.person for r in own.ratings} == {"mentor"}


def test_shared_ratings_of_both_people_appear(seeded):
    summary = build_summary(seeded(MENTEE_PASS), include_ratings=True, content=PACK)
    averages = {(r.statement_id, r.person): r.average for r in summary.ratings}
    assert averages == {("safe", "mentor"): 3.0, ("heard", "mentor"): 5.0, ("safe", "mentee"): 1.0}
