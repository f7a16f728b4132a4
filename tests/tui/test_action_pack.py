"""The optional Action pack in the app. Switched on in the programme file, Action is a
category like the others: its prompts in talking points, a choice in the log's RACE filter,
a row of the coverage grid. Switched off, none of the three mentions it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, OptionList, Select

from rmpair.core.service import PairService
from rmpair.tui.screens.progress import ProgressScreen
from rmpair.tui.widgets.coverage_grid import CoverageGrid
from tests.tui.conftest import MENTOR_PASSPHRASE, screen_name, unlock, wait_until
from tests.tui.review_harness import show_section

ACTION_NOTE = "Asked for the report back"


@pytest.fixture
def action_on(tmp_path: Path) -> Path:
    folder = tmp_path / "programme"
    folder.mkdir()
    (folder / "programme.toml").write_text('[programme]\noptional_packs = ["action"]\n', encoding="utf-8")
    return folder


def hold_two_meetings(vault: Path, *, action_note: bool) -> None:
    """Meetings 1 and 2 held, so talking points open at meeting 3, where Action has prompts."""
    mentor = PairService.unlock(vault, MENTOR_PASSPHRASE)
    try:
        mentor.mark_held(1)
        mentor.mark_held(2)
        if action_note:
            mentor.known_race_tags = (*mentor.known_race_tags, "action")
            mentor.add_entry(kind="note", title=ACTION_NOTE, body="They had done it.", meeting=2,
                             race_tags=["action"], private=False)
    finally:
        mentor.close()


def prompt_labels(app) -> list[str]:
    options = app.screen.query_one("#tp-prompts").query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def what_the_three_places_show(pilot) -> tuple[list[str], list[str], str]:
    """The prompts offered, the log's RACE filter choices, and the coverage grid, as a person opens them."""
    app = pilot.app
    await pilot.press("t")
    await wait_until(pilot, lambda: screen_name(app) == "TalkingPointsScreen")
    await wait_until(pilot, lambda: prompt_labels(app))
    prompts = prompt_labels(app)
    await pilot.press("escape")
    await wait_until(pilot, lambda: screen_name(app) == "HomeScreen")

    await pilot.press("l")
    await wait_until(pilot, lambda: screen_name(app) == "ReflectionLogScreen")
    race = app.screen.query_one("#log-race", Select)
    choices = [str(label) for label, _ in race._options]
    await pilot.press("escape")
    await wait_until(pilot, lambda: screen_name(app) == "HomeScreen")

    await pilot.press("g")
    await wait_until(pilot, lambda: isinstance(app.screen, ProgressScreen) and app.screen.report is not None)
    await show_section(pilot, "coverage")
    grid = str(app.screen.query_one(CoverageGrid).render())
    return prompts, choices, grid


async def test_the_action_pack_switched_on_is_in_prompts_filters_and_coverage(pair_vault, make_app, action_on) -> None:
    hold_two_meetings(pair_vault, action_note=True)
    app = make_app(pair_vault, prompt_dirs=[action_on])
    async with app.run_test(size=(140, 44)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        prompts, choices, grid = await what_the_three_places_show(pilot)
        assert any(label.startswith("Action: Ask for the report") for label in prompts), prompts
        assert "Action" in choices
        [action_row] = [line for line in grid.splitlines() if line.startswith("Action")]
        assert action_row.split()[-1] == "1"  # the note tagged Action, counted in the total

        # Filtering the log by Action finds the note, as a person picks it from the list.
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "HomeScreen")
        await pilot.press("l")
        await wait_until(pilot, lambda: screen_name(app) == "ReflectionLogScreen")
        race = app.screen.query_one("#log-race", Select)
        race.focus()
        await pilot.press("enter")
        for _ in range(len(choices) - 1):  # Action is the last choice
            await pilot.press("down")
        await pilot.press("enter")
        await wait_until(pilot, lambda: race.value == "action")
        table = app.screen.query_one("#log-table", DataTable)
        await wait_until(pilot, lambda: table.row_count == 1)
        assert ACTION_NOTE in " ".join(str(cell) for cell in table.get_row_at(0))


async def test_the_action_pack_switched_off_leaves_no_trace(pair_vault, make_app) -> None:
    hold_two_meetings(pair_vault, action_note=False)
    app = make_app(pair_vault)
    async with app.run_test(size=(140, 44)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        prompts, choices, grid = await what_the_three_places_show(pilot)
        assert prompts and not any("Action" in label for label in prompts)
        assert "Resistance" in choices and "Action" not in choices
        assert "Resistance" in grid and "Action" not in grid
