"""Every screen of the app, reached one after another: the tour the contrast, clipping
and snapshot tests take.

The vault is the demo's (made-up examples of every kind of record), seeded on fixed dates
with a fixed clock, so what each screen shows is the same on every run and every day.
Each stop starts from home and leaves its screen showing; ``back_home`` returns.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock

from textual.pilot import Pilot
from textual.widgets import TabbedContent

from tests.tui.conftest import FAST_KDF, wait_until

TOUR_TODAY = date(2026, 2, 16)
"""The demo is seeded as if on this day: meeting 1 held five weeks before, meeting 2 next."""
TOUR_CLOCK = datetime(2026, 2, 16, 9, 30, tzinfo=timezone.utc)
THEMES = ("rmpair", "rmpair-high-contrast", "rmpair-colour-blind", "rmpair-light")
SIZES = ((80, 24), (160, 48))


@contextlib.contextmanager
def fixed_clock() -> Iterator[None]:
    """Records are stamped from TOUR_CLOCK on, a second apart in the order they are made,
    so dates in lists and the log, and the order of records made in one seeding, never
    change (one instant for all would leave their order to their random ids)."""
    import importlib
    import itertools
    import pkgutil

    import rmpair.core.models
    import rmpair.core.service

    ticks = itertools.count()

    def now() -> datetime:
        return TOUR_CLOCK + timedelta(seconds=next(ticks))

    with contextlib.ExitStack() as stack:
        stack.enter_context(mock.patch.object(rmpair.core.models, "now", now))
        # Each part of the service reads the clock through its own name.
        for part in pkgutil.iter_modules(rmpair.core.service.__path__):
            module = importlib.import_module(f"rmpair.core.service.{part.name}")
            if hasattr(module, "now"):
                stack.enter_context(mock.patch.object(module, "now", now))
        yield


@contextlib.contextmanager
def fixed_today() -> Iterator[None]:
    """The screens that name today (export and summary file names) name TOUR_TODAY."""

    class TourDate(date):
        @classmethod
        def today(cls) -> date:
            return TOUR_TODAY

    import rmpair.reports.export.formats
    import rmpair.reports.summary
    import rmpair.tui.screens.summary

    with contextlib.ExitStack() as stack:
        for module in (rmpair.reports.export.formats, rmpair.reports.summary, rmpair.tui.screens.summary):
            stack.enter_context(mock.patch.object(module, "date", TourDate))
        yield


def make_tour_vault(folder: Path) -> Path:
    from rmpair.tui.demo import seed_demo_vault

    path = folder / "demo.rmpair"
    with fixed_clock():
        seed_demo_vault(path, kdf=FAST_KDF, today=TOUR_TODAY)
    return path


def mentor_passphrase() -> str:
    from rmpair.tui.demo import DEMO_PASSPHRASES

    return DEMO_PASSPHRASES["mentor"]


def screen_is(app: Any, name: str) -> Callable[[], bool]:
    def check() -> bool:
        return type(app.screen).__name__ == name

    check.__name__ = f"screen is {name}"
    return check


async def settle(pilot: Pilot) -> None:
    """Wait for workers and the refreshes they asked for."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def push(pilot: Pilot, screen: Any) -> None:
    pilot.app.push_screen(screen)
    await wait_until(pilot, screen_is(pilot.app, type(screen).__name__))
    await settle(pilot)


async def back_home(pilot: Pilot) -> None:
    from rmpair.tui.screens.home import HomeScreen

    app = pilot.app
    while not isinstance(app.screen, HomeScreen):
        await app.pop_screen()
        await pilot.pause()
    await settle(pilot)


# -- the stops -----------------------------------------------------------------------------


async def _home(pilot: Pilot) -> None:
    await settle(pilot)


async def _meeting(pilot: Pilot, section: str = "agenda") -> None:
    from rmpair.tui.screens.meeting import MeetingScreen

    await push(pilot, MeetingScreen(1))
    screen = pilot.app.screen
    if section != "agenda":
        screen._show_section(section)
    await wait_until(pilot, lambda: screen.query_one(TabbedContent).active == section)
    await settle(pilot)


async def _writing(pilot: Pilot, which: str, *args: Any, **kwargs: Any) -> None:
    from rmpair.tui.screens import WRITING_SCREENS, open_writing_screen

    open_writing_screen(pilot.app, which, *args, **kwargs)
    await wait_until(pilot, screen_is(pilot.app, WRITING_SCREENS[which][1]))
    await settle(pilot)


async def _editor(pilot: Pilot) -> None:
    service = pilot.app.service
    entry = next(e for e in service.entries(kind="talking-point") if not e.private)
    await _writing(pilot, "entry_editor", entry.id)


async def _goals(pilot: Pilot) -> None:
    from rmpair.tui.screens.goals import GoalsScreen

    await push(pilot, GoalsScreen())


async def _goal_form(pilot: Pilot) -> None:
    from rmpair.tui.screens.goals import GoalForm

    await _goals(pilot)
    goal = pilot.app.service.goals()[0]
    screen = pilot.app.screen
    await push(pilot, GoalForm(screen._me, screen._names, goal))


async def _progress(pilot: Pilot, section: str = "meetings") -> None:
    from rmpair.tui.screens.progress import ProgressScreen

    await push(pilot, ProgressScreen())
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.report is not None)
    if section != "meetings":
        screen.query_one(TabbedContent).active = section
        screen._focus_section(section)
    await settle(pilot)


async def _export(pilot: Pilot) -> None:
    from rmpair.tui.screens.export import ExportScreen

    await push(pilot, ExportScreen())


async def _export_written(pilot: Pilot) -> None:
    """The export screen after writing a file: the message says where, the path stays."""
    from rmpair.tui.screens.export import ExportScreen

    # Beside the vault, so a tour on a vault named relative to its folder shows the same
    # path on every run.
    folder = pilot.app.vault_path.parent / "exports"
    folder.mkdir(exist_ok=True)
    await push(pilot, ExportScreen(folder=folder))
    screen = pilot.app.screen
    await pilot.click("#export-button")
    await wait_until(pilot, screen_is(pilot.app, "AskDialog"))
    await pilot.click("#yes")  # write it, though it is not encrypted
    await wait_until(pilot, lambda: screen.query_one("#export-result").display and pilot.app.screen is screen)
    # The message takes rows from the form, and the screen then scrolls the written path
    # back into view: wait for all of it to show, not for two still pictures, which can
    # come before it.
    path = screen.query_one("#export-path")
    await wait_until(pilot, lambda: path.is_on_screen and path.region == screen.find_widget(path).visible_region)
    await settle(pilot)


async def _summary(pilot: Pilot) -> None:
    from rmpair.tui.screens.summary import SummaryScreen

    await push(pilot, SummaryScreen())


async def _exchange(pilot: Pilot) -> None:
    from rmpair.tui.screens.exchange import ExchangeScreen

    await push(pilot, ExchangeScreen())


async def _closing(pilot: Pilot) -> None:
    from rmpair.tui.screens.closing_review import ClosingReviewScreen

    await push(pilot, ClosingReviewScreen())


async def _help(pilot: Pilot) -> None:
    await pilot.press("question_mark")
    await wait_until(pilot, screen_is(pilot.app, "HelpScreen"))
    await settle(pilot)


async def _settings(pilot: Pilot) -> None:
    await pilot.app.run_action("settings")
    await wait_until(pilot, screen_is(pilot.app, "SettingsScreen"))
    await settle(pilot)


async def _share_question(pilot: Pilot) -> None:
    from rmpair.tui.widgets.entry_privacy import ConfirmShare

    await push(pilot, ConfirmShare("The interview panel that was all one background", "Demo Mentee"))


async def _ask_text(pilot: Pilot) -> None:
    from rmpair.tui.widgets.dialogs import AskText

    await _meeting(pilot, "actions")
    await push(pilot, AskText("New action: what will be done?", placeholder="for example: read the report"))


async def _due_question(pilot: Pilot) -> None:
    from rmpair.tui.widgets.actions_table import ActionsTable

    await _meeting(pilot, "actions")
    # The question as the actions list builds it, after "a", the words and whose it is.
    await push(pilot, pilot.app.screen.query_one(ActionsTable)._due_dialog())


async def _recovery_code(pilot: Pilot) -> None:
    from rmpair.tui.screens.setup import RecoveryCodeScreen

    # As the partner sees it on joining; the code is a made-up one of the right shape.
    await push(pilot, RecoveryCodeScreen("Demo Mentee", "7KQ2M-XW9RT-4HD8P-LC3VN-Q6ZBJ-5YF2G"))


@dataclass(frozen=True)
class Stop:
    name: str
    go: Callable[[Pilot], Awaitable[None]]
    screen: bool = True
    """A screen of its own (snapshotted), not a tab or a question over another screen."""


def _stop(name: str, go: Callable[..., Awaitable[None]], *args: Any, screen: bool = True) -> Stop:
    async def run(pilot: Pilot) -> None:
        await go(pilot, *args)

    return Stop(name, run, screen)


STOPS: tuple[Stop, ...] = (
    _stop("home", _home),
    _stop("meeting", _meeting),
    _stop("meeting-writing", _meeting, "writing", screen=False),
    _stop("meeting-actions", _meeting, "actions", screen=False),
    _stop("meeting-checkin", _meeting, "checkin", screen=False),
    _stop("talking-points", _writing, "talking_points", 2),
    _stop("observation", _writing, "observation", 2),
    _stop("reflection", _writing, "reflection", 1),
    _stop("log", _writing, "reflection_log"),
    _stop("editor", _editor),
    _stop("goals", _goals),
    _stop("goal-form", _goal_form),
    _stop("progress", _progress),
    _stop("progress-coverage", _progress, "coverage", screen=False),
    _stop("progress-actions", _progress, "actions", screen=False),
    _stop("progress-checkins", _progress, "checkins", screen=False),
    _stop("progress-goals", _progress, "goals", screen=False),
    _stop("export", _export),
    _stop("export-written", _export_written, screen=False),
    _stop("summary", _summary),
    _stop("exchange", _exchange),
    _stop("closing-review", _closing),
    _stop("help", _help),
    _stop("settings", _settings),
    _stop("share-question", _share_question, screen=False),
    _stop("ask-text", _ask_text, screen=False),
    _stop("due-question", _due_question, screen=False),
    _stop("recovery-code", _recovery_code),
)
"""Stops reached from home once unlocked, as the mentor."""


def stop(name: str) -> Stop:
    return next(s for s in STOPS if s.name == name)


async def visit_every_screen(
    pilot: Pilot, look: Callable[[str], Awaitable[None] | None], stops: tuple[Stop, ...] = STOPS
) -> None:
    """From a fresh app: unlock, recover, then every stop, calling ``look(name)`` at each
    (and awaiting it, if it is a coroutine function: a look that works the screen)."""

    async def look_at(name: str) -> None:
        looked = look(name)
        if inspect.isawaitable(looked):
            await looked

    app = pilot.app
    await wait_until(pilot, screen_is(app, "UnlockScreen"))
    await settle(pilot)
    await look_at("unlock")
    await pilot.press("ctrl+r")
    await wait_until(pilot, screen_is(app, "RecoverScreen"))
    await settle(pilot)
    await look_at("recover")
    await pilot.press("escape")
    await wait_until(pilot, screen_is(app, "UnlockScreen"))
    await pilot.press(*mentor_passphrase(), "enter")
    await wait_until(pilot, screen_is(app, "HomeScreen"))
    for each in stops:
        await each.go(pilot)
        await look_at(each.name)
        await back_home(pilot)
