"""Fixtures for driving the whole app with Pilot: a pair's vault with known contents,
an app wired to temporary storage, and small helpers that wait for work to finish."""

from __future__ import annotations

import asyncio
import html
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot

from rmpair.core.crypto import KdfParams
from rmpair.tui.app import RmpairApp

FAST_KDF = KdfParams(memory_kib=1024, iterations=1)
MENTOR_NAME = "Ada"
MENTEE_NAME = "Ben"
MENTOR_PASSPHRASE = "ada kettle orbit"
MENTEE_PASSPHRASE = "ben velvet tram"
MENTOR_SECRET = "Ada private talking point about the panel"
MENTEE_SECRET = "Ben private observation of the board"
SHARED_NOTE = "Shared note we both agreed"
OPEN_ACTION = "Read the inclusion report"


def make_pair_vault(folder: Path) -> Path:
    """A vault with both people, a private entry each, a shared note and an open action."""
    from rmpair.content import load_content
    from rmpair.core.service import PairService

    path = folder / "pair.rmpair"
    mentor, _code = PairService.create(
        path, role="mentor", name=MENTOR_NAME, passphrase=MENTOR_PASSPHRASE, kdf=FAST_KDF,
        agendas=load_content().agenda_templates(),
    )
    try:
        mentor.join(role="mentee", name=MENTEE_NAME, passphrase=MENTEE_PASSPHRASE, kdf=FAST_KDF)
        mentor.add_entry(kind="talking-point", title=MENTOR_SECRET, body="only Ada may read this", meeting=1)
        mentor.add_entry(kind="note", title=SHARED_NOTE, body="both of us", meeting=1, private=False)
        mentor.add_action(OPEN_ACTION, owner="mentee", due_meeting=1)
    finally:
        mentor.close()
    mentee = PairService.unlock(path, MENTEE_PASSPHRASE)
    try:
        mentee.add_entry(kind="observation", title=MENTEE_SECRET, body="only Ben may read this", meeting=1)
    finally:
        mentee.close()
    return path


@pytest.fixture(scope="session")
def _pair_vault_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pair_vault(tmp_path_factory.mktemp("template"))


@pytest.fixture
def pair_vault(_pair_vault_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the pair's vault for one test (copying is faster than creating)."""
    target = tmp_path / "vault" / "pair.rmpair"
    target.parent.mkdir()
    target.write_bytes(_pair_vault_template.read_bytes())
    return target


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.toml"


@pytest.fixture
def make_app(settings_path: Path) -> Callable[..., RmpairApp]:
    def make(vault: Path, **options: object) -> RmpairApp:
        options.setdefault("kdf", FAST_KDF)
        options.setdefault("settings_path", settings_path)
        return RmpairApp(vault, **options)  # type: ignore[arg-type]

    return make


async def wait_until(
    pilot: Pilot, condition: Callable[[], object], timeout: float = 30.0, *, draw: bool = True
) -> None:
    """Let the app run until ``condition()`` is true (workers run in threads).

    ``timeout`` only guards against a hang: a state that comes is waited for however long
    a loaded machine takes, so it is generous (it costs time only when a test fails).

    ``draw=False`` waits without making the app draw in between: Pilot's pause draws the
    screen at once, out of turn, and can catch a form half rebuilt (a text area mounted
    but not yet styled), which the app's own turns never do."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {getattr(condition, '__name__', condition)}")
        await (pilot.pause(0.02) if draw else asyncio.sleep(0.02))
    await pilot.pause()


async def type_and_move_on(pilot: Pilot, text: str, *, then: str) -> None:
    """Type ``text`` into the focused field, press Enter, and wait until the field with id
    ``then`` has the focus. Enter moves on through a message, a turn or more later; a key
    pressed before then would land in the old field."""
    await pilot.press(*text, "enter")
    await wait_until(pilot, lambda: pilot.app.focused is not None and pilot.app.focused.id == then)


def notices(app) -> list[str]:
    """Every notification the app raises from now on, kept: a toast leaves the screen after a
    few seconds, which a loaded machine can spend between two looks."""
    said: list[str] = []
    real_notify = app.notify

    def notify(message: str, **options) -> None:
        said.append(message)
        real_notify(message, **options)

    app.notify = notify
    return said


def told(said: list[str], words: str) -> bool:
    return any(words in message for message in said)


def screen_name(app: App) -> str:
    return type(app.screen).__name__


async def unlock(pilot: Pilot, passphrase: str) -> None:
    """Type a passphrase on the unlock screen as a person would, and wait for home."""
    app = pilot.app
    await wait_until(pilot, lambda: screen_name(app) == "UnlockScreen")
    await pilot.press(*passphrase, "enter")
    await wait_until(pilot, lambda: screen_name(app) == "HomeScreen")


def screen_text(app: App) -> str:
    """What the terminal shows, as plain text (from the SVG screenshot)."""
    svg = app.export_screenshot()
    body = svg[svg.find('<g class="terminal-') :] if '<g class="terminal-' in svg else svg
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\xa0", " ")


async def tooltip_shown(pilot: Pilot, widget) -> str:  # noqa: ANN001 - any widget
    """Rest the mouse on ``widget`` as a person would and return the tooltip's words as
    drawn (the app must run with ``tooltips=True``)."""
    from textual.widgets._tooltip import Tooltip

    widget.scroll_visible(animate=False)
    await pilot.pause()
    await pilot.hover(widget)
    tip = pilot.app.screen.query_one(Tooltip)
    await wait_until(pilot, lambda: tip.display and tip.visual is not None)
    return str(tip.render())
