"""This session's messages, read again (F8 or the palette), errors that stay until
dismissed, the log cleared on lock and when review together starts; and the countdown before the idle lock."""

from __future__ import annotations

from pathlib import Path

from rmpair.tui.commands import commands_for
from rmpair.tui.idle_lock import IdleCountdown
from rmpair.tui.message_log import ERROR_TIMEOUT, NONE_YET, MessageLogScreen
from rmpair.tui.screens.home import HomeScreen
from rmpair.tui.screens.observation import ObservationScreen
from rmpair.tui.screens.unlock import UnlockScreen
from tests.tui.conftest import MENTOR_PASSPHRASE, screen_text, unlock, wait_until


async def test_messages_are_kept_to_read_again_and_go_on_lock(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        assert "Messages" in {command.name for command in commands_for(app.screen)}  # the palette
        app.screen.notify("Saved: the rota meeting")
        app.screen.notify("The file could not be written: the disk is full", severity="error")
        await pilot.pause()
        [error] = [n for n in app._notifications if n.severity == "error"]
        assert error.timeout >= ERROR_TIMEOUT, "an error stays until it is dismissed"

        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, MessageLogScreen))
        text = screen_text(app)
        assert "Saved: the rota meeting" in text and "Error: The file could not be written" in text
        assert text.index("Error: The file") < text.index("Saved: the rota"), "newest first"
        assert not list(app._notifications), "read in the log, the toasts are dismissed"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))

        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await unlock(pilot, MENTOR_PASSPHRASE)
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, MessageLogScreen))
        text = screen_text(app)
        assert "rota" not in text and "disk is full" not in text
        assert NONE_YET[:40] in " ".join(text.split())


async def test_a_countdown_shows_before_the_idle_lock_and_a_key_stops_it(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault, idle_seconds=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)

        def counting() -> bool:
            return bool(app.screen.query(IdleCountdown))

        await wait_until(pilot, counting)
        assert "Locking in" in screen_text(app) and "press any key to stay" in screen_text(app)
        await pilot.press("down")  # the person is here
        await wait_until(pilot, lambda: not counting())
        assert isinstance(app.screen, HomeScreen)
        # Left alone again, it counts down again, then locks.
        await wait_until(pilot, counting)
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))


async def test_review_together_starts_with_no_message_from_the_private_session(pair_vault: Path, make_app) -> None:
    """Chosen from home ('v') there is no lock in between; the log must not carry over what
    was said while the person worked alone, with the partner now reading the screen."""
    app = make_app(pair_vault)
    async with app.run_test(size=(120, 36)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, ObservationScreen))
        await pilot.press(*"What the chair said to me", "ctrl+t")  # into a private talking point
        await wait_until(pilot, lambda: any("private talking-point draft" in m.text for m in app.message_log))
        while not isinstance(app.screen, HomeScreen):
            await pilot.press("escape")
            await pilot.pause()

        await pilot.press("v")
        await wait_until(pilot, lambda: app.service.review_mode and isinstance(app.screen, HomeScreen))
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, MessageLogScreen))
        text = screen_text(app)
        assert "private talking-point draft" not in text
        assert "No messages yet" in text
