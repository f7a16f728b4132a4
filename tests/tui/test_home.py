"""Home: the six meetings, the next agenda at a glance, open actions, what needs doing, and
a clear way to every task."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from textual.widgets import OptionList

from rmpair.tui.screens.home import HomeScreen
from rmpair.tui.screens.meeting import MeetingScreen
from rmpair.tui.widgets.actions_table import ActionsTable
from rmpair.tui.widgets.meeting_timeline import MeetingCard
from tests.tui.conftest import MENTOR_PASSPHRASE, OPEN_ACTION, screen_text, unlock, wait_until


async def test_home_shows_the_six_meetings_with_status_and_dates(pair_vault: Path, make_app) -> None:
    from rmpair.core.service import PairService

    service = PairService.unlock(pair_vault, MENTOR_PASSPHRASE)
    service.mark_held(1)
    service.close()
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        cards = list(app.screen.query(MeetingCard))
        assert [card.meeting.number for card in cards] == [1, 2, 3, 4, 5, 6]
        text = screen_text(app)
        assert "✓ held" in text and "▶ next" in text and "· planned" in text
        for card in cards:
            assert card.region.width > 0 and card.region.right <= 80, "every card is on screen at 80x24"
        assert cards[1].has_class("-next")


async def test_home_shows_the_next_agenda_open_actions_and_what_needs_doing(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(160, 48)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        text = screen_text(app)
        assert "Next: meeting 1" in text
        first_item = app.service.meeting(1).agenda[0].text.split()[0]
        assert f"[ ] {first_item}" in text
        assert OPEN_ACTION in text
        todo = app.screen.query_one("#home-todo", OptionList)
        hints = [str(todo.get_option_at_index(i).prompt) for i in range(todo.option_count)]
        assert hints == (app.service.to_do() or ["Nothing needs doing right now."])


async def test_marking_an_action_done_from_home(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        table = app.screen.query_one(ActionsTable)
        table.focus()
        await pilot.press("space")
        await wait_until(pilot, lambda: not app.service.actions(done=False))
        assert OPEN_ACTION not in screen_text(app)


async def test_adding_an_action_from_home(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        app.screen.query_one(ActionsTable).focus()
        await pilot.press("a")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AskText")
        await pilot.press(*"Book a room", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ChoiceDialog")
        await pilot.press("enter")  # the first choice, "Mine"
        await wait_until(pilot, lambda: type(app.screen).__name__ == "PickDialog")
        await pilot.press("enter")  # due at the next meeting, highlighted
        await wait_until(pilot, lambda: any(a.text == "Book a room" for a in app.service.actions()))
        added = next(a for a in app.service.actions() if a.text == "Book a room")
        assert added.owner == "mentor" and added.due_meeting == 1


@pytest.mark.parametrize("key", ["1", "4"])
async def test_number_keys_open_that_meeting(pair_vault: Path, make_app, key: str) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await pilot.press(key)
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        assert app.screen.number == int(key)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_timeline_card_opens_its_meeting(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        app.screen.query_one("#meeting-card-3").focus()
        await pilot.press("right", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        assert app.screen.number == 4
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.click("#meeting-card-2")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        assert app.screen.number == 2


async def test_the_menu_lists_every_task_and_runs_it(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        menu = app.screen.query_one("#home-menu", OptionList)
        words = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        # The app shell's tasks, first and in this order (later features add theirs after).
        assert words[:5] == [
            "t Prepare talking points",
            "o Record an observation",
            "r Write a reflection",
            "l Read the reflection log",
            "m Open the next meeting",
        ]
        assert menu.max_scroll_y == 0, "every task is visible without scrolling at 80x24"
        assert menu.region.bottom <= 23, "the whole menu fits at 80x24"
        menu.highlighted = 4
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        assert app.screen.number == 1


WRITING = [
    ("t", "rmpair.tui.screens.talking_points", "TalkingPointsScreen"),
    ("o", "rmpair.tui.screens.observation", "ObservationScreen"),
    ("r", "rmpair.tui.screens.reflection", "ReflectionScreen"),
    ("l", "rmpair.tui.screens.reflection_log", "ReflectionLogScreen"),
]


@pytest.mark.parametrize("key, module, screen", WRITING)
async def test_home_keys_open_the_writing_screens(pair_vault: Path, make_app, key, module, screen) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not in this build yet")
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await pilot.press(key)
        await wait_until(pilot, lambda: type(app.screen).__name__ == screen)


async def test_a_tall_home_shows_race_coverage_under_the_menu_and_only_shared_in_review(
    pair_vault: Path, make_app
) -> None:
    """At 160x48 the room under the menu charts RACE coverage (with its summary in words);
    alone it counts the person's own private preparation, in review together never. Where
    the chart would not fit whole, there is none."""
    from rmpair.core.service import PairService

    service = PairService.unlock(pair_vault, MENTOR_PASSPHRASE)
    try:
        service.add_entry(kind="talking-point", title="Private, on resistance", body="", meeting=1, race_tags=("resistance",))
        service.add_entry(kind="note", title="Shared, on compassion", body="", meeting=1, private=False, race_tags=("compassion",))
    finally:
        service.close()
    app = make_app(pair_vault)
    async with app.run_test(size=(160, 48)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        panel = app.screen.query_one("#home-coverage")
        await wait_until(pilot, lambda: panel.display and panel.region.height > 10)

        def meeting_one() -> str:
            chart = str(app.screen.query_one("#home-coverage-chart").render()).split("\n")
            return chart[0].split("┤")[1].split()[0]  # resistance, compassion, empowerment, solidarity

        assert meeting_one() == "█▓··"
        assert "R: Resistance" in screen_text(app)
        assert "Not touched by anything you wrote or shared yet" in str(app.screen.query_one("#home-coverage-summary").render())
        app.service.review_mode = True
        app.screen.reload()
        await wait_until(pilot, lambda: meeting_one() == "·▓··")
        # Tall but too narrow for the whole chart: none, rather than one wrapped mid-line.
        await pilot.resize_terminal(100, 44)
        await wait_until(pilot, lambda: not panel.display)
        await pilot.resize_terminal(160, 48)
        await wait_until(pilot, lambda: panel.display)
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: not panel.display)


async def test_home_works_out_its_coverage_once_as_it_first_shows(
    pair_vault: Path, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reload and the first resize both ask for the chart; it counts every entry, so only
    a change (of the vault, of review together, of the room) draws it again."""
    import rmpair.tui.screens.home as home

    counted: list[bool] = []
    real = home.race_coverage

    def race_coverage(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - passed through
        counted.append(kwargs.get("own_private"))
        return real(*args, **kwargs)

    monkeypatch.setattr(home, "race_coverage", race_coverage)
    app = make_app(pair_vault)
    async with app.run_test(size=(160, 48)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        panel = app.screen.query_one("#home-coverage")
        await wait_until(pilot, lambda: panel.display and panel.region.height > 10)
        await pilot.press("down")  # the menu moves: nothing that changes the chart
        await wait_until(pilot, lambda: app.screen.query_one("#home-menu").highlighted == 1)
        assert counted == [True]
        app.service.review_mode = True
        app.screen.reload()
        await wait_until(pilot, lambda: len(counted) == 2)
        assert counted == [True, False]
