"""Closing the programme at meeting 6: goals scored again, what each keeps doing, sponsorship
commitments; one shared note, final scores, optional actions, all visible to the partner."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Checkbox, Select, TextArea

from rmpair.tui.screens.closing_review import (
    DRAFT_TITLE,
    TEMPLATE_ID,
    TITLE,
    ClosingAnswers,
    ClosingReviewScreen,
    closing_markdown,
    commitment_lines,
    parse_closing,
)
from rmpair.tui.screens.meeting import MeetingScreen
from tests.tui.review_harness import (
    GOAL_TEXT,
    MENTEE_PASS,
    MENTOR_PASS,
    ReviewHarness,
    open_as,
    screenshot_text,
    seeded_pair,
    visible_text,
)
from tests.tui.conftest import wait_until

MENTOR_KEEPS = "Naming what I see in the room"
MENTEE_KEEPS = "Asking the quietest first"
SPONSOR = "- Put Ada forward for the leadership course\n- Introduce Ada to the board chair"


@pytest.fixture
def seeded(tmp_path: Path):
    return seeded_pair(tmp_path)


def closing_entries(service):
    return [e for e in service.entries(meeting=6) if e.template_id == TEMPLATE_ID]


async def fill(pilot, screen: ClosingReviewScreen, goal_id: str, score: int) -> None:
    screen.query_one(f"#goal-{goal_id}", Select).value = score
    for widget_id, text in (("closing-mentor", MENTOR_KEEPS), ("closing-mentee", MENTEE_KEEPS)):
        area = screen.query_one(f"#{widget_id}", TextArea)
        area.focus()
        await pilot.press(*text)
    screen.query_one("#closing-sponsorship", TextArea).text = SPONSOR
    await pilot.pause()


async def test_the_pair_close_the_programme_in_review_together(seeded, make_app) -> None:
    app = make_app(seeded.path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "UnlockScreen")
        await pilot.press(*MENTEE_PASS, "ctrl+t")  # unlock for review together
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await pilot.press("6")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        assert "Closing review" in screenshot_text(app)  # offered in meeting 6's footer
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, ClosingReviewScreen))
        screen = app.screen
        text = visible_text(app)
        assert GOAL_TEXT in text and "Ben so far: start 2 of 5" in text
        assert "Programme lead: not filled in" in text and "apart from your last meeting" in text
        assert "Everything on this screen is shared" in text
        await fill(pilot, screen, seeded.goal_id, 4)
        screen.query_one("#closing-actions", Checkbox).focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        service = app.service
        [entry] = closing_entries(service)
        assert not entry.private and entry.kind == "note" and entry.meeting == 6 and entry.title == TITLE
        assert "## What the mentor (Ada) will keep doing" in entry.body and MENTOR_KEEPS in entry.body
        assert "## What the mentee (Ben) will keep doing" in entry.body and MENTEE_KEEPS in entry.body
        assert "## Sponsorship commitments" in entry.body and "Introduce Ada to the board chair" in entry.body
        assert "start 2 of 5, midway not scored, end 4 of 5 (+2)" in entry.body
        assert [g.final_score for g in service.goals()] == [4]
        mentee_actions = {a.text for a in service.actions(owner="mentee")}
        assert {"Put Ada forward for the leadership course", "Introduce Ada to the board chair"} <= mentee_actions
        assert "Closing review" in visible_text(app)  # listed in meeting 6's writing at once

        # The partner sees all of it.
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "UnlockScreen")
        await pilot.press(*MENTOR_PASS, "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        mentor = app.service
        [seen] = closing_entries(mentor)
        assert MENTEE_KEEPS in seen.body
        # Her final score waits for his: he scores it on his own first.
        [goal] = mentor.goals()
        assert goal.final_score is None and goal.is_hidden("mentee", "end")
        mentor.score_goal(goal.id, 3, point="start")
        mentor.score_goal(goal.id, 3, point="end")
        assert [g.final_score for g in mentor.goals()] == [4]
        await pilot.press("g")
        await wait_until(pilot, lambda: getattr(app.screen, "report", None) is not None)
        assert "end ████░ 4 of 5 (+2)" in visible_text(app)
        assert "Ada (mentor): start ███░░ 3 of 5 → midway not scored → end ███░░ 3 of 5" in visible_text(app)


async def test_stepping_away_keeps_a_shared_draft_and_finishing_makes_it_the_one_note(seeded) -> None:
    service = open_as(seeded.path, MENTOR_PASS)
    app = ReviewHarness(service, ClosingReviewScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        area = screen.query_one("#closing-mentor", TextArea)
        area.focus()
        await pilot.press(*"Half a thought")
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ClosingReviewScreen))
        [draft] = closing_entries(service)
        assert draft.title == DRAFT_TITLE and not draft.private
        assert [g.final_score for g in service.goals()] == [None]

        # Opening it again brings the words back; finishing turns the draft into the note.
        app.push_screen(ClosingReviewScreen())
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#closing-mentor", TextArea).text == "Half a thought"
        screen.query_one("#closing-sponsorship", TextArea).text = "Sponsor Ada's application"
        await pilot.click("#closing-finish")
        await wait_until(pilot, lambda: not isinstance(app.screen, ClosingReviewScreen))
        [final] = closing_entries(service)
        assert final.id == draft.id and final.title == TITLE
        assert "Sponsor Ada's application" in final.body
        assert not service.actions(owner="mentee") or all(
            a.text != "Sponsor Ada's application" for a in service.actions()
        ), "commitments become actions only when asked"
    service.close()


async def test_a_lock_keeps_what_was_typed(seeded, make_app) -> None:
    app = make_app(seeded.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "UnlockScreen")
        await pilot.press(*MENTEE_PASS, "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await pilot.press("f")  # also on home, for the palette
        await wait_until(pilot, lambda: isinstance(app.screen, ClosingReviewScreen))
        app.screen.query_one(f"#goal-{seeded.goal_id}", Select).value = 3
        app.screen.query_one("#closing-mentee", TextArea).focus()
        await pilot.press(*"Keep listening")
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "UnlockScreen")
    service = open_as(seeded.path, MENTEE_PASS)
    try:
        [draft] = closing_entries(service)
        assert draft.title == DRAFT_TITLE and "Keep listening" in draft.body
        assert [g.final_score for g in service.goals()] == [3]
    finally:
        service.close()


async def test_nothing_filled_in_is_not_saved(seeded) -> None:
    service = open_as(seeded.path, MENTOR_PASS)
    app = ReviewHarness(service, ClosingReviewScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ClosingReviewScreen)
        assert "Nothing is filled in yet" in str(app.screen.query_one("#closing-problem").render())
        assert closing_entries(service) == []
    service.close()


async def test_the_closing_review_is_offered_only_at_meeting_six(seeded, make_app) -> None:
    from rmpair.tui.commands import commands_for

    app = make_app(seeded.path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "UnlockScreen")
        await pilot.press(*MENTOR_PASS, "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        assert "Closing review" in {c.name for c in commands_for(app.screen)}
        await pilot.press("5")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        assert "Closing review" not in {c.name for c in commands_for(app.screen)}
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)


def test_the_note_round_trips_exactly_even_with_headings_in_the_text() -> None:
    from rmpair.core.views import GoalView

    tricky = "## What the mentor will keep doing\n\\# literally\n#hashtag\nplain **bold**"
    answers = ClosingAnswers(keep_doing={"mentor": tricky, "mentee": ""}, sponsorship="1. one\n2. two")
    goal = GoalView("g1", "mentee", "Be *brave* | [kind]", 2, None)
    body = closing_markdown(answers, [goal], {"mentor": "Ada", "mentee": None})
    back = parse_closing(body)
    assert back.keep_doing == {"mentor": tricky, "mentee": ""}
    assert back.sponsorship == "1. one\n2. two"
    assert "## What the mentee will keep doing" in body
    assert "Be \\*brave\\* \\| \\[kind\\]" in body
    assert commitment_lines(back.sponsorship) == ["one", "two"]
