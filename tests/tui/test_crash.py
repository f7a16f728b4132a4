"""A crash must never print a passphrase or entry text: no traceback, no local variables,
not even the exception's message. Only its type, a hint, and a non-zero exit."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textual import work
from textual.screen import Screen
from textual.widgets import Static

from tests.tui.conftest import MENTOR_PASSPHRASE, unlock, wait_until

SECRET = "my manager said I was too angry to promote"


class ExplodingScreen(Screen[None]):
    def compose(self):
        yield Static("about to fail")

    def on_mount(self) -> None:
        story = SECRET  # a local variable Textual's default report would print
        passphrase = MENTOR_PASSPHRASE  # noqa: F841
        raise ValueError(f"could not save: {story}")


class ExplodingWorkerScreen(Screen[None]):
    def compose(self):
        yield Static("about to fail in a worker")

    def on_mount(self) -> None:
        self.fail_in_thread(SECRET)

    @work(thread=True)
    def fail_in_thread(self, story: str) -> None:
        raise KeyError(story)


class RichError(Exception):
    """An exception with its own rich rendering: Textual would print that instead."""

    def __rich__(self) -> str:
        return f"rich rendering with {SECRET}"


class ExplodingRichScreen(Screen[None]):
    def on_mount(self) -> None:
        raise RichError()


@pytest.mark.parametrize(
    "screen_class, kind",
    [(ExplodingScreen, "ValueError"), (ExplodingWorkerScreen, "KeyError"), (ExplodingRichScreen, "RichError")],
)
async def test_a_crash_prints_no_secrets(pair_vault: Path, make_app, capsys, screen_class, kind) -> None:
    app = make_app(pair_vault)
    with pytest.raises(Exception):  # Pilot re-raises the app's exception for the test
        async with app.run_test(size=(80, 24)) as pilot:
            await unlock(pilot, MENTOR_PASSPHRASE)
            await app.push_screen(screen_class())
            await wait_until(pilot, lambda: app.return_code is not None)
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert SECRET not in output
    assert MENTOR_PASSPHRASE not in output
    assert "Traceback" not in output
    assert kind in output
    assert "Nothing you wrote is shown here" in output
    assert app.return_code == 1
    assert app.service is None, "the keys are dropped on the way out"


def test_the_installed_command_exits_non_zero_without_secrets(pair_vault: Path, tmp_path: Path) -> None:
    """The same, in a real process: what reaches the terminal is only the safe message."""
    script = tmp_path / "crash.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import asyncio, sys
            from pathlib import Path
            from textual.screen import Screen
            from rmpair.tui.app import RmpairApp

            class Boom(Screen):
                def on_mount(self):
                    story = {SECRET!r}
                    raise RuntimeError(story)

            class CrashingApp(RmpairApp):
                def on_mount(self):
                    super().on_mount()
                    self.push_screen(Boom())

            app = CrashingApp(Path(sys.argv[1]), settings_path=Path(sys.argv[2]))
            app.run(headless=True)
            sys.exit(app.return_code or 0)
            """
        )
    )
    result = subprocess.run(
        [sys.executable, str(script), str(pair_vault), str(tmp_path / "settings.toml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert SECRET not in result.stdout + result.stderr
    assert "RuntimeError" in result.stderr


class HoldsUnsavedText(Screen[None]):
    """Stands in for an editor whose autosave has not run yet."""

    def compose(self):
        yield Static("typing…")

    def flush_unsaved(self) -> None:
        self.app.service.add_entry(kind="note", title="typed just before the crash", body="kept", private=False)


async def test_a_crash_still_saves_what_screens_hold_unsaved(pair_vault: Path, make_app) -> None:
    from rmpair.core.service import PairService

    app = make_app(pair_vault)
    with pytest.raises(Exception):
        async with app.run_test(size=(80, 24)) as pilot:
            await unlock(pilot, MENTOR_PASSPHRASE)
            await app.push_screen(HoldsUnsavedText())
            await app.push_screen(ExplodingScreen())
            await wait_until(pilot, lambda: app.return_code is not None)
    service = PairService.unlock(pair_vault, MENTOR_PASSPHRASE, write=False)
    try:
        assert "typed just before the crash" in [e.title for e in service.entries()]
    finally:
        service.close()
