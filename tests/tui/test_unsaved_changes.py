"""Text that cannot be saved is never dropped without a word: quitting asks (trying again
by default, discarding only on purpose), and locking keeps it sealed for the person who
wrote it, who gets it back after unlocking; the partner never sees it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button

from rmpair.tui.screens.home import HomeScreen
from rmpair.tui.screens.reflection import ReflectionScreen
from rmpair.tui.screens.unlock import UnlockScreen
from rmpair.tui.screens.unsaved import PutBack, UnsavedOnQuit
from rmpair.core.held_changes import PRIVATE_HIDDEN
from rmpair.core.service import PairService
from rmpair.tui.widgets.dialogs import ConfirmForGood
from tests.conftest import reflections_in_vault
from tests.tui.conftest import (
    MENTEE_PASSPHRASE,
    MENTOR_PASSPHRASE,
    notices,
    screen_name,
    screen_text,
    told,
    unlock,
    wait_until,
)

TYPED = "What the director said when nobody else was listening"




async def write_while_the_disk_is_full(pilot, full_disk, *, until_autosave_fails: bool = True):
    """Unlock as the mentor, start a reflection, fill the disk and type: the autosave fails."""
    app = pilot.app
    await unlock(pilot, MENTOR_PASSPHRASE)
    await pilot.press("r")
    await wait_until(pilot, lambda: isinstance(app.screen, ReflectionScreen))
    disk = full_disk()
    await pilot.press(*TYPED)
    if until_autosave_fails:
        await wait_until(pilot, lambda: "Not saved" in screen_text(app))
        assert app.service.unsaved
    return disk


async def lock_while_the_disk_is_full(pilot, full_disk):
    """Write while the disk is full, then lock (Ctrl+L)."""
    disk = await write_while_the_disk_is_full(pilot, full_disk)
    await pilot.press("ctrl+l")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, UnlockScreen))
    return disk


async def focus(pilot, selector: str) -> None:
    """Tab until ``selector`` has the focus, as a person would, checking after each key."""
    for _ in range(6):
        if pilot.app.focused is not None and pilot.app.focused.id == selector.lstrip("#"):
            return
        await pilot.press("tab")
        await pilot.pause()
    raise AssertionError(f"{selector} never had the focus; {pilot.app.focused} has it")


async def unlock_to_the_offer(pilot, passphrase: str) -> None:
    """Type a passphrase on the unlock screen and wait for held changes to be offered."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
    await pilot.press(*passphrase, "enter")
    await wait_until(pilot, lambda: isinstance(app.screen, PutBack))


async def offer_finished(pilot) -> None:
    """Wait until the app has finished looking for held changes after an unlock."""
    app = pilot.app
    await wait_until(pilot, lambda: not [w for w in app.workers if w.group == "held-changes" and w.is_running])


async def test_quit_with_unsaved_text_asks_and_trying_again_saves_it(pair_vault: Path, make_app, full_disk) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 32)) as pilot:
        disk = await write_while_the_disk_is_full(pilot, full_disk)
        failures = disk.failures
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedOnQuit))
        assert disk.failures > failures, "quitting tried to save again first"
        shown = screen_text(app)
        assert TYPED[:40] in shown and "The disk is full" in shown
        assert app.return_code is None, "rmpair must not have quit"
        assert app.focused.id == "retry", "trying again is what Enter does"

        disk.clear()
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
    assert TYPED in "".join(reflections_in_vault(pair_vault, MENTOR_PASSPHRASE))


async def test_discarding_takes_a_deliberate_choice(pair_vault: Path, make_app, full_disk) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 32)) as pilot:
        await write_while_the_disk_is_full(pilot, full_disk)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedOnQuit))

        # None of the keys a hurried person presses discards anything.
        await pilot.press("ctrl+q")  # again: it is still the same question
        await pilot.pause()
        assert sum(isinstance(s, UnsavedOnQuit) for s in app.screen_stack) == 1
        await pilot.press("enter")  # tries again; the disk is still full, so it asks again
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedOnQuit))
        await pilot.press("escape")  # back to the reflection, text and all
        await wait_until(pilot, lambda: isinstance(app.screen, ReflectionScreen))
        assert TYPED in screen_text(app)

        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedOnQuit))
        await focus(pilot, "#discard")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmForGood))
        assert app.focused.id == "keep", "keeping is the default even here"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedOnQuit))
        assert app.return_code is None

        await focus(pilot, "#discard")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmForGood))
        assert not app.screen.query_one("#discard").can_focus, "Tab never reaches it"
        await pilot.press("ctrl+d")  # the second, deliberate step
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
    assert TYPED not in "".join(reflections_in_vault(pair_vault, MENTOR_PASSPHRASE))


async def test_lock_keeps_unsaved_text_sealed_and_the_author_gets_it_back(pair_vault: Path, make_app, full_disk) -> None:
    app = make_app(pair_vault)
    said = notices(app)
    async with app.run_test(size=(100, 32)) as pilot:
        disk = await lock_while_the_disk_is_full(pilot, full_disk)
        assert app.service is None
        shown = screen_text(app)
        assert TYPED[:20] not in shown
        assert "could not be saved before locking" in shown
        [held] = app.held_changes
        assert TYPED.encode() not in held.sealed, "held text is sealed, not kept as it was typed"
        assert TYPED not in "".join(reflections_in_vault(pair_vault, MENTOR_PASSPHRASE))

        await unlock_to_the_offer(pilot, MENTOR_PASSPHRASE)
        assert f"Reflection: {TYPED[:40]}" in screen_text(app)
        assert app.focused.id == "put-back"
        disk.clear()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert not app.service.unsaved
        assert app.held_changes == []
        await wait_until(pilot, lambda: told(said, "back and saved"))
    assert TYPED in "".join(reflections_in_vault(pair_vault, MENTOR_PASSPHRASE))


async def test_the_partner_unlocking_is_not_offered_it(pair_vault: Path, make_app, full_disk) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 32)) as pilot:
        disk = await lock_while_the_disk_is_full(pilot, full_disk)

        await unlock(pilot, MENTEE_PASSPHRASE)
        await offer_finished(pilot)
        assert screen_name(app) == "HomeScreen", "nothing is offered to the partner"
        assert TYPED[:20] not in screen_text(app)
        assert TYPED not in [e.title for e in app.service.entries()]
        assert len(app.held_changes) == 1, "the author's changes stay held for the author"

        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await unlock_to_the_offer(pilot, MENTOR_PASSPHRASE)
        disk.clear()
        await pilot.press("escape")  # Escape keeps them too
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
    assert TYPED in "".join(reflections_in_vault(pair_vault, MENTOR_PASSPHRASE))


async def test_the_idle_lock_holds_unsaved_text_too(pair_vault: Path, make_app, full_disk) -> None:
    # Long enough that a loaded machine cannot go idle between the test's own keys.
    app = make_app(pair_vault, idle_seconds=8)
    async with app.run_test(size=(100, 32)) as pilot:
        # Whether the autosave or the lock tries first, the text must end up held.
        disk = await write_while_the_disk_is_full(pilot, full_disk, until_autosave_fails=False)
        await wait_until(pilot, lambda: "idle" in screen_text(app), timeout=30)
        [held] = app.held_changes
    # Left alone, the app would lock again while offering it, so the author's own session
    # puts it back here: what was held is all that was typed.
    disk.clear()
    service = PairService.unlock(pair_vault, MENTOR_PASSPHRASE)
    try:
        service.put_back(held)
    finally:
        service.close()
    assert TYPED in "".join(reflections_in_vault(pair_vault, MENTOR_PASSPHRASE))


async def test_putting_back_while_the_disk_is_still_full_keeps_them(pair_vault: Path, make_app, full_disk) -> None:
    app = make_app(pair_vault)
    said = notices(app)
    async with app.run_test(size=(100, 32)) as pilot:
        disk = await lock_while_the_disk_is_full(pilot, full_disk)
        await unlock_to_the_offer(pilot, MENTOR_PASSPHRASE)
        await pilot.press("enter")  # the disk is still full
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_until(pilot, lambda: told(said, "The disk is full"))
        assert app.service.unsaved and TYPED in [e.title for e in app.service.entries()]

        await pilot.press("ctrl+l")  # held again, not lost
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        assert len(app.held_changes) == 1
        await unlock_to_the_offer(pilot, MENTOR_PASSPHRASE)
        disk.clear()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and not app.service.unsaved)
    assert TYPED in "".join(reflections_in_vault(pair_vault, MENTOR_PASSPHRASE))


async def test_discarding_what_was_held_takes_two_steps(pair_vault: Path, make_app, full_disk) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 32)) as pilot:
        disk = await lock_while_the_disk_is_full(pilot, full_disk)
        disk.clear()
        await unlock_to_the_offer(pilot, MENTOR_PASSPHRASE)
        await focus(pilot, "#discard")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmForGood))
        await pilot.press("escape")  # kept after all
        await wait_until(pilot, lambda: isinstance(app.screen, PutBack))
        await focus(pilot, "#discard")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmForGood))
        await pilot.press("ctrl+d")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.held_changes == []
        assert TYPED not in [e.title for e in app.service.entries()]


async def test_quitting_while_locked_with_held_changes_asks(pair_vault: Path, make_app, full_disk) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 32)) as pilot:
        await lock_while_the_disk_is_full(pilot, full_disk)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedOnQuit))
        assert not app.screen.query("#retry"), "nothing can be saved until its author unlocks"
        assert app.focused.id == "stay"
        assert isinstance(app.focused, Button)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        assert app.return_code is None and len(app.held_changes) == 1


async def test_quitting_asks_about_a_form_the_service_refused(pair_vault: Path, make_app) -> None:
    """Not only a failed write: text the service would not take (a RACE tag the content
    no longer has) is on the form only, and quitting would drop it."""
    from rmpair.tui.screens.entry_editor import EntryEditorScreen

    app = make_app(pair_vault)
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        app.push_screen(EntryEditorScreen(kind="note", race_tags=("resistance",)))
        await wait_until(pilot, lambda: isinstance(app.screen, EntryEditorScreen))
        app.service.known_race_tags = ("compassion",)
        await pilot.press(*"Tagged before the pack changed")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedOnQuit))
        assert "not a RACE category" in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, EntryEditorScreen))
        assert app.return_code is None


async def test_review_together_does_not_show_what_was_held(pair_vault: Path, make_app, full_disk) -> None:
    """Together at one laptop the offer would put private titles on the shared screen: the
    changes stay sealed until the author unlocks alone."""
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 32)) as pilot:
        await lock_while_the_disk_is_full(pilot, full_disk)
        await pilot.press(*MENTOR_PASSPHRASE, "ctrl+t")
        await offer_finished(pilot)
        assert app.service.review_mode
        assert screen_name(app) == "HomeScreen"
        assert TYPED[:20] not in screen_text(app)
        assert len(app.held_changes) == 1


async def test_quitting_in_review_together_names_nothing_private_and_still_keeps_it(
    pair_vault: Path, make_app, full_disk
) -> None:
    """A private reflection not saved (the disk is full), then review together chosen from
    home with the partner beside you, then Ctrl+Q: the question must not quote the private
    title on the shared screen, yet must still say something unsaved would be lost."""
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 32)) as pilot:
        disk = await write_while_the_disk_is_full(pilot, full_disk)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("v")
        await wait_until(pilot, lambda: app.service.review_mode and isinstance(app.screen, HomeScreen))
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedOnQuit))
        shown = screen_text(app)
        assert TYPED[:12] not in shown, "a private title was on the screen in review together"
        assert PRIVATE_HIDDEN in shown, "the question must still say something private is unsaved"
        assert app.return_code is None

        disk.clear()
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0
    assert TYPED in "".join(reflections_in_vault(pair_vault, MENTOR_PASSPHRASE))
