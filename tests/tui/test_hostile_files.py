"""Files rmpair did not write, met by the app at start: the settings file and the content
pack folders. A bad one gets a notice and a safe default; the app always starts, never
waits on a pipe, and never reads what the file says as markup or as an action."""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from rmpair.core.settings import DEFAULT_THEME
from rmpair.tui.screens.meeting import MeetingScreen
from rmpair.tui.screens.unlock import UnlockScreen
from tests.tui.conftest import MENTOR_PASSPHRASE, screen_text, tooltip_shown, unlock, wait_until

MARKUP = "[@click=app.quit]quit[/][b]bold[/b]"


# How long a read may wait on a named pipe before the guard below ends the wait.
HANG_GUARD_SECONDS = 20


@pytest.fixture
def pipe_guard() -> Iterator[list[Path]]:
    """Pipes put in rmpair's way, each opened for writing and closed after a while, so
    that a reader waiting on one (the fault these tests look for) gets an end of file and
    the test fails on what it sees, instead of holding up the whole suite."""
    pipes: list[Path] = []

    def release() -> None:
        for pipe in pipes:
            try:
                os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
            except OSError as error:
                if error.errno != errno.ENXIO:  # no reader waiting: nothing to release
                    raise

    timer = threading.Timer(HANG_GUARD_SECONDS, release)
    timer.start()
    yield pipes
    timer.cancel()


def make_pipe(path: Path, guard: list[Path]) -> None:
    os.mkfifo(path)
    guard.append(path)


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.mark.parametrize(
    "make_file, expected",
    [
        (make_pipe, "was not read: it is not a plain file"),
        (lambda p, _: p.symlink_to(os.devnull), "was not read: it is not a plain file"),
        (lambda p, _: p.write_text("idle_minutes = 1" + "0" * 5000 + "\n"), "damaged (a value in it cannot be read)"),
        (lambda p, _: p.write_text("theme = " + "[" * 5000 + "\n"), "damaged"),
        (lambda p, _: p.write_text(f'theme = "{"x" * 200}"\n'), "not a name"),
    ],
    ids=["named pipe", "device", "number too long", "nested too deep", "theme name too long"],
)
async def test_a_hostile_settings_file_gives_a_notice_and_the_defaults(
    pair_vault: Path, make_app, settings_path: Path, pipe_guard, make_file, expected
) -> None:
    settings_path.parent.mkdir(parents=True)
    make_file(settings_path, pipe_guard)
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        assert any(expected in message for message in notices(app)), notices(app)
        assert app.theme == DEFAULT_THEME
        await unlock(pilot, MENTOR_PASSPHRASE)


async def test_a_theme_name_is_shown_as_written_never_obeyed(pair_vault: Path, make_app, settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text(f'theme = "{MARKUP}"\n')
    app = make_app(pair_vault)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await wait_until(pilot, lambda: MARKUP in screen_text(app))
        await pilot.click("Toast", offset=(20, 1))  # on the text: a link there would quit the app
        await unlock(pilot, MENTOR_PASSPHRASE)


async def test_a_theme_name_with_a_control_character_is_not_a_name(pair_vault: Path, make_app, settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text('theme = "rmpair\\u001b[2J"\n')
    app = make_app(pair_vault)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await wait_until(pilot, lambda: "not a name" in screen_text(app))
        assert "[2J" not in screen_text(app)


async def test_a_content_folder_with_a_pipe_and_a_device_still_unlocks(
    pair_vault: Path, make_app, tmp_path, pipe_guard
) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    make_pipe(pack / "a-pipe.toml", pipe_guard)
    (pack / "a-device.toml").symlink_to(os.devnull)
    app = make_app(pair_vault, prompt_dirs=[pack])
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await wait_until(pilot, lambda: any("2 problem(s)" in m for m in notices(app)))


async def test_a_content_packs_words_are_shown_as_written_on_the_meeting_screen(
    pair_vault: Path, make_app, tmp_path
) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "agenda.toml").write_text(
        f'[[agenda]]\nmeeting = 1\ntitle = "{MARKUP} title"\npurpose = "{MARKUP} purpose"\n'
        '[[agenda.item]]\nminutes = 5\ntext = "Say hello"\n'
    )
    app = make_app(pair_vault, prompt_dirs=[pack])
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await pilot.press("1")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        await wait_until(pilot, lambda: f"{MARKUP} title" in screen_text(app))
        assert f"{MARKUP} purpose" in screen_text(app)
        await pilot.click("#meeting-heading", offset=(20, 0))  # a link there would quit the app
        assert isinstance(app.screen, MeetingScreen)


async def test_a_content_packs_category_and_guide_names_are_shown_as_written_everywhere(
    pair_vault: Path, make_app, tmp_path
) -> None:
    """A pack's names reach more than labels: the RACE tick box's tooltip, the prompt list's
    border title and the guidance page's tab. Textual reads a plain string in each of them
    as markup; none may be."""
    from textual.widgets import Tab

    from rmpair.tui.screens.guidance import GuidanceScreen
    from rmpair.tui.screens.reflection import ReflectionScreen
    from rmpair.tui.screens.talking_points import TalkingPointsScreen
    from rmpair.tui.widgets.choices import TickBox

    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "extra.toml").write_text(
        f'[[category]]\nid = "extra"\nname = "Extra {MARKUP}"\norder = 9\n'
        'mentor_description = "d"\nmentee_description = "d"\n'
        f'[[guide]]\nid = "extra"\ntitle = "Extra {MARKUP}: more words"\ntext = "t"\n'
    )
    app = make_app(pair_vault, prompt_dirs=[pack])
    async with app.run_test(size=(140, 45), tooltips=True) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)

        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReflectionScreen))
        box = next(b for b in app.screen.query(TickBox) if b.id == "race-extra")
        assert f"Extra {MARKUP}" in await tooltip_shown(pilot, box)
        await pilot.press("escape")

        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TalkingPointsScreen))
        await pilot.click("#cat-extra")
        await wait_until(pilot, lambda: f"Extra {MARKUP} prompts (" in screen_text(app))
        await pilot.press("escape")

        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, GuidanceScreen))
        await wait_until(pilot, lambda: f"Extra {MARKUP}" in screen_text(app))
        tab = next(t for t in app.screen.query(Tab) if "Extra" in t.label.plain)
        assert tab.label.plain == f"Extra {MARKUP}"
        await pilot.click(tab, offset=(len("Extra [b]BOLD[/b] [@click=app.quit]q"), 0))
        assert app.is_running and app.return_code is None, "a click on the tab's words ran an action"
