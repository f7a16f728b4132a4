"""The progress view: meetings, the RACE grid with its gaps in words, actions by owner,
check-in charts with each person's ratings spelled out (or why a person's are missing), goals with evidence."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, TabbedContent

from rmpair.tui.screens.meeting import MeetingScreen
from rmpair.tui.screens.progress import ProgressScreen
from rmpair.core.service import PairService
from rmpair.tui.widgets.checkin_charts import CheckinCharts
from rmpair.tui.widgets.coverage_grid import CoverageGrid
from rmpair.tui.widgets.goal_evidence import GoalEvidence
from tests.tui.review_harness import (
    MENTEE_PASS,
    MENTEE_SECRET_TITLE,
    MENTOR_PASS,
    ReviewHarness,
    open_as,
    screenshot_text,
    seeded_pair,
    show_section,
)
from tests.tui.conftest import wait_until


@pytest.fixture
def seeded(tmp_path: Path):
    return seeded_pair(tmp_path)


async def ready(pilot) -> ProgressScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ProgressScreen) and app.screen.report is not None)
    return app.screen


@asynccontextmanager
async def progress_view(service: PairService, *, size: tuple[int, int]) -> AsyncIterator[tuple[Pilot, ProgressScreen]]:
    """The progress view on ``service`` once it has loaded; the service is closed afterwards."""
    try:
        async with ReviewHarness(service, ProgressScreen).run_test(size=size) as pilot:
            yield pilot, await ready(pilot)
    finally:
        service.close()


def rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def grid_lines(screen: ProgressScreen) -> dict[str, str]:
    lines = [line.plain for line in screen.query_one(CoverageGrid).lines()]
    return {line.split()[0]: line for line in lines[1:]}


async def test_meetings_section_says_what_happened_at_each(seeded) -> None:
    async with progress_view(open_as(seeded.path, MENTEE_PASS), size=(80, 24)) as (pilot, screen):
        table = screen.query_one("#progress-meetings", DataTable)
        shown = rows(table)
        assert [r[1] for r in shown] == ["✓ held", "✓ held", "· planned", "· planned", "· planned", "· planned"]
        assert shown[0][3:] == ["0 of 1 done", "1 item", "0 of 1 done"]
        assert shown[1][4] == "2 items"  # a shared talking point and a shared reflection; private ones not counted
        detail = str(screen.query_one("#progress-meeting-text").render())
        assert "[ ] Agree how we will work together" in detail
        assert "Shared writing: 1 note" in detail
        # Moving down the table changes the detail; Enter opens that meeting.
        await pilot.press("down")
        await pilot.pause()
        assert "Shared writing: 1 talking point, 1 reflection" in str(screen.query_one("#progress-meeting-text").render())
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, MeetingScreen))
        assert pilot.app.screen.number == 2


async def test_the_race_grid_names_its_gaps_in_words(seeded) -> None:
    async with progress_view(open_as(seeded.path, MENTOR_PASS), size=(80, 24)) as (pilot, screen):
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "coverage"
        grid = grid_lines(screen)
        # Meetings 1 and 2 are held; 3 to 6 are not, and say so with "·", not as gaps.
        assert grid["Resistance"].split() == ["Resistance", "1", "✗", "gap", "·", "·", "·", "·", "1"]
        assert grid["Compassion"].split() == ["Compassion", "✗", "gap", "2", "·", "·", "·", "·", "2"]
        text = screenshot_text(pilot.app)
        assert "RACE coverage (5 gaps)" in text
        assert "✗ gap" in text and "M1 ✓" in text


async def test_alone_the_race_grid_counts_your_own_private_preparation_not_your_partners(seeded) -> None:
    """Ben's private reflection (empowerment, meeting 2) and observation (resistance and
    solidarity, meeting 1) count in his own grid; Ada's private entries never do."""
    async with progress_view(open_as(seeded.path, MENTEE_PASS), size=(80, 24)) as (pilot, screen):
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: screen.query_one(TabbedContent).active == "coverage")
        grid = grid_lines(screen)
        assert grid["Resistance"].split() == ["Resistance", "2", "✗", "gap", "·", "·", "·", "·", "2"]
        assert grid["Solidarity"].split() == ["Solidarity", "1", "✗", "gap", "·", "·", "·", "·", "1"]
        # Ada's private talking point for meeting 3 is tagged empowerment: not counted here.
        assert grid["Empowerment"].split() == ["Empowerment", "✗", "gap", "1", "·", "·", "·", "·", "1"]
        # The same counts as a picture: at meeting 1 resistance stands two rows high, and
        # each category's columns have their own texture and letter.
        chart = str(screen.query_one("#progress-coverage-chart").render()).split("\n")
        assert chart[0].split("┤")[0].strip() == "2" and chart[0].split("┤")[1].split()[0] == "██"
        assert "R: Resistance" in " ".join(chart[-2:]) and "S: Solidarity" in " ".join(chart[-2:])
        summary = " ".join(str(screen.query_one("#progress-coverage-summary").render()).split())
        assert "shared writing and your own private writing, which only you see" in summary
        assert "Not touched by anything" not in summary


async def test_in_review_together_the_race_grid_counts_shared_writing_only(seeded) -> None:
    service = open_as(seeded.path, MENTEE_PASS)
    service.review_mode = True
    async with progress_view(service, size=(80, 24)) as (pilot, screen):
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: screen.query_one(TabbedContent).active == "coverage")
        grid = grid_lines(screen)
        assert grid["Resistance"].split() == ["Resistance", "1", "✗", "gap", "·", "·", "·", "·", "1"]
        # Solidarity and empowerment are only on private entries: nothing shared touched them.
        assert grid["Solidarity"].split()[-2:] == ["✗", "none"]
        assert grid["Empowerment"].split()[-2:] == ["✗", "none"]
        summary = " ".join(str(screen.query_one("#progress-coverage-summary").render()).split())
        assert "Not touched by anything shared yet: Empowerment, Solidarity." in summary
        assert "shared writing only" in summary and "your own private" not in summary


async def test_actions_by_owner_with_what_was_carried_forward(seeded) -> None:
    service = open_as(seeded.path, MENTOR_PASS)
    async with progress_view(service, size=(120, 36)) as (pilot, screen):
        await show_section(pilot, "actions")
        assert "Book the shadowing day" in screenshot_text(pilot.app)
        summary = str(screen.query_one("#progress-actions-summary").render())
        assert summary == "Ada (mentor): 1 open, 0 done · Ben (mentee): 2 open, 0 done, 1 carried forward"
        shown = rows(screen.query_one("#progress-actions", DataTable))
        assert ["Ben", "[ ] open", "Book the shadowing day", "meeting 3", "↪ from 1"] in shown
        service.set_action_done(service.actions(owner="mentor")[0].id)
        screen.reload()
        await wait_until(pilot, lambda: "1 done" in str(screen.query_one("#progress-actions-summary").render()))
        assert "Actions (2 open)" in screenshot_text(pilot.app)


async def test_checkins_as_charts_and_a_partner_who_keeps_them_private(seeded) -> None:
    async with progress_view(open_as(seeded.path, MENTOR_PASS), size=(120, 36)) as (pilot, screen):
        await show_section(pilot, "checkins")
        assert "keeps their ratings private" in screenshot_text(pilot.app)
        text = str(screen.query_one(CheckinCharts).render())
        assert "Ben (mentee) keeps their ratings private." in text
        assert "Ada (mentor)  2 4 · · · ·   average 3.0" in text
        # Ada's column at meeting 2 (a 4) stands two rows above her column at meeting 1 (a 2).
        chart = text.split("\n")
        assert [line.split("┤")[0].strip() for line in chart if "┤" in line][:5] == ["5", "4", "3", "2", "1"]
        rows: dict[str, str] = {}
        for line in chart:
            if "┤" in line:  # the first statement's chart
                rows.setdefault(line.split("┤")[0].strip(), line.split("┤")[1])
        assert rows["4"].split() == ["██"] and rows["2"].split() == ["██", "██"]
        assert rows["1"].split() == ["██", "██", "·", "·", "·", "·"]  # no rating yet at meetings 3 to 6
        assert "▒" not in text  # the second person's columns: none, their ratings are private
        assert "5 3" not in text and "Ben (mentee)  " not in text  # the mentee's 5, 3 are not shown


async def test_own_private_ratings_are_shown_to_their_owner_and_said_to_be_private(seeded) -> None:
    async with progress_view(open_as(seeded.path, MENTEE_PASS), size=(120, 36)) as (pilot, screen):
        text = str(screen.query_one(CheckinCharts).render())
        assert "You keep your ratings private" in text
        assert "5 3 · · · ·" in text
        assert "██ Ben (mentee)" in text  # the chart's legend names whose columns are whose


async def test_goals_with_their_evidence(seeded) -> None:
    async with progress_view(open_as(seeded.path, MENTEE_PASS), size=(120, 36)) as (pilot, screen):
        await show_section(pilot, "goals")
        assert "Goal 1, for Ben (mentee):" in screenshot_text(pilot.app)
        text = str(screen.query_one(GoalEvidence).render())
        # Each score is a bar of five cells with its words beside it; a point not scored has words only.
        assert "Ben (mentee): start ██░░░ 2 of 5 → midway not scored → end not scored" in text
        assert "Ada (mentor): start not scored" in text
        assert "Evidence: 2 linked (2 reflections)" in text
        assert "What I noticed about airtime" in text and "👥 shared" in text
        # Outside review together the mentee sees their own private evidence, marked so.
        assert f"{MENTEE_SECRET_TITLE} worry" in text and "🔒 private" in text


async def test_thousands_of_entries_stay_responsive(seeded, monkeypatch) -> None:
    service = open_as(seeded.path, MENTOR_PASS)
    tags = ["resistance", "compassion", "empowerment", "solidarity"]
    # Seeding only: writing the vault after each entry is the service's cost, not the view's.
    with monkeypatch.context() as patch:
        patch.setattr(service, "_save", lambda: None)
        for number in range(3000):
            service.add_entry(
                kind="reflection" if number % 5 == 0 else "note", title=f"Entry {number}", body="word " * 20,
                meeting=number % 6 + 1, race_tags=[tags[number % 4]], private=number % 10 == 0,
                goal_id=seeded.goal_id if number % 5 == 0 else None,
            )
    # Speed itself is bench/'s to measure; what a test can prove is the shape of the work:
    # the report is built once, off the UI thread, and moving between sections reuses it.
    import rmpair.tui.screens.progress as progress_screen

    built = []
    real_report = progress_screen.progress_report
    monkeypatch.setattr(progress_screen, "progress_report", lambda *a, **k: built.append(1) or real_report(*a, **k))
    app = ReviewHarness(service, ProgressScreen)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        shown = rows(screen.query_one("#progress-meetings", DataTable))
        # Meeting 1 has 500 new entries, 100 of them private (not counted), and one seeded shared note.
        assert shown[0][4] == "401 items"
        for _ in range(4):
            await pilot.press("right_square_bracket")
            await pilot.pause()
        assert len(built) == 1
        text = str(screen.query_one(GoalEvidence).render())
        assert "…and" in text and "more" in text  # a long evidence list is cut, not drawn in full
    service.close()


async def test_the_view_works_on_an_empty_programme(tmp_path: Path) -> None:
    from tests.tui.review_harness import FAST_KDF, prepare

    service, _ = PairService.create(tmp_path / "v.rmpair", role="mentor", name="Ada", passphrase=MENTOR_PASS,
                                    kdf=FAST_KDF, agendas={})
    async with progress_view(prepare(service), size=(80, 24)) as (pilot, screen):
        for section in ("coverage", "actions", "checkins", "goals"):
            await show_section(pilot, section)
        text = "\n".join(str(w.render()) for w in screen.query("Static"))
        assert "No meeting has been held yet" in text
        assert "No check-in ratings yet" in text
        assert "No goals yet" in text
        assert "No actions yet." in str(rows(screen.query_one("#progress-actions", DataTable)))
