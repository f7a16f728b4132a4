"""Locking: a key locks at once; idle time locks by itself; either way unsaved text is
saved first, the keys are dropped and nothing decrypted is left in any widget."""

from __future__ import annotations

import time
from pathlib import Path

from textual.widget import Widget

from rmpair.tui import messages
from rmpair.tui.screens.home import HomeScreen
from rmpair.tui.screens.meeting import MeetingScreen
from rmpair.tui.screens.unlock import UnlockScreen
from tests.tui.conftest import (
    MENTOR_PASSPHRASE,
    MENTOR_SECRET,
    OPEN_ACTION,
    SHARED_NOTE,
    screen_text,
    unlock,
    wait_until,
)

DECRYPTED = (MENTOR_SECRET, SHARED_NOTE, OPEN_ACTION, "Ada, mentor")


def every_screen(app) -> list:
    # Every mode's stack, not only the one showing: a screen kept in a background mode
    # would still hold what it displayed.
    return [screen for stack in app._screen_stacks.values() for screen in stack]


def assert_nothing_decrypted_remains(app) -> None:
    assert app.service is None
    text = screen_text(app)
    for secret in DECRYPTED:
        assert secret not in text
    for screen in every_screen(app):
        assert not isinstance(screen, (HomeScreen, MeetingScreen)), f"{screen} survived the lock"
        for widget in screen.walk_children(Widget):
            rendered = str(widget.render())
            for secret in DECRYPTED:
                assert secret not in rendered, f"{widget} still shows {secret!r}"
    assert not app._notifications, "toasts could quote an entry; they are cleared"


async def test_lock_key_locks_at_once(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(120, 36)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        assert MENTOR_SECRET in screen_text(app)
        await pilot.press("1")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        assert_nothing_decrypted_remains(app)
        # and it opens again
        await unlock(pilot, MENTOR_PASSPHRASE)
        assert MENTOR_SECRET in screen_text(app)


async def test_idle_time_locks_by_itself(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault, idle_seconds=1.5)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press(*MENTOR_PASSPHRASE, "enter")
        # Home may be up for only a moment on a loaded machine; the idle lock's own words
        # on the unlock screen prove the vault was open and then locked itself.
        await wait_until(pilot, lambda: "idle" in screen_text(app), timeout=30)
        assert isinstance(app.screen, UnlockScreen)
        assert_nothing_decrypted_remains(app)


async def test_activity_keeps_the_app_open(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault, idle_seconds=3)
    locked_at: list[float] = []
    real_lock = app.lock

    async def lock(note: str = messages.LOCKED_BY_KEY, **options) -> None:
        if app.service is not None:
            locked_at.append(time.monotonic())
        await real_lock(note, **options)

    app.lock = lock  # the idle watch calls it through the instance
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press(*MENTOR_PASSPHRASE, "enter")
        # Keys from the moment Enter is pressed, not from when the test sees the vault
        # open: on a loaded machine that look alone can take longer than the idle time.
        pressed: list[float] = []
        unlocked_at = None
        give_up = time.monotonic() + 120  # a hang guard only: the loop ends on the state below
        while not locked_at and time.monotonic() < give_up:
            if unlocked_at is None and app.service is not None:
                unlocked_at = time.monotonic()
            if unlocked_at is not None and time.monotonic() - unlocked_at >= 2 * app.idle_seconds:
                break
            pressed.append(time.monotonic())
            await pilot.press("down")
            await pilot.pause(0.2)  # spaced like a person's keys: the gaps are what is tested
        assert unlocked_at is not None, "the vault never opened"
        await wait_until(pilot, lambda: locked_at, timeout=30)
    # However slow the machine, the lock never comes sooner than the idle time after a
    # key: each key counted as activity. (Were keys ignored, it would come the idle time
    # after unlocking, while the keys were still being pressed.)
    before_lock = [moment for moment in pressed if moment <= locked_at[0]]
    assert locked_at[0] >= before_lock[-1] + app.idle_seconds


async def test_idle_minutes_come_from_settings(pair_vault: Path, make_app, settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text("idle_minutes = 12\n")
    app = make_app(pair_vault)
    assert app.idle_seconds == 12 * 60


async def test_locking_saves_unsaved_text_first(pair_vault: Path, make_app) -> None:
    from textual.screen import Screen
    from textual.widgets import Static

    class Drafting(Screen[None]):
        """Stands in for an editor holding typed text it has not saved yet."""

        flushed = False

        def compose(self):
            yield Static("a draft")

        def flush_unsaved(self) -> None:
            # The service must still be open while a screen saves its text.
            assert self.app.service is not None
            self.app.service.add_entry(kind="note", title="Saved on lock", body="typed, not yet saved")
            Drafting.flushed = True

    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await app.push_screen(Drafting())
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        assert Drafting.flushed
        await unlock(pilot, MENTOR_PASSPHRASE)
        assert any(e.title == "Saved on lock" for e in app.service.entries())


async def test_lock_does_nothing_before_unlocking(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        first = app.screen
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.screen is first


async def test_quit_saves_and_releases_the_vault(pair_vault: Path, make_app) -> None:
    from rmpair.core.service import PairService

    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    # The write lock is released: another rmpair can open the vault for writing.
    again = PairService.unlock(pair_vault, MENTOR_PASSPHRASE)
    again.close()


async def test_locking_frees_what_the_session_held_at_once(pair_vault: Path, make_app) -> None:
    """While the vault is open its records are kept out of the collector's way (frozen);
    the lock hands them back and frees them there and then, not at a later collection."""
    import gc
    import weakref

    app = make_app(pair_vault)
    async with app.run_test(size=(120, 36)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        assert gc.get_freeze_count() > 0
        service = weakref.ref(app.service)
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await wait_until(pilot, lambda: gc.get_freeze_count() == 0)
        assert service() is None, "the closed session is still in memory"
    assert gc.get_freeze_count() == 0
