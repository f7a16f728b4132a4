"""Unlocking for review together can never turn into a private unlock.

Review together means the partner is beside you, so once a person has asked for it,
no key they press next may open the vault in full private view. The sweep tries every
sequence of Tab, Shift+Tab, Space, Enter, y and Escape up to five keys after typing the
passphrase; the other tests follow the cases around it (a mistyped passphrase, the app
locking itself during a review).
"""

from __future__ import annotations

import pytest

from pathlib import Path
from typing import Any

from textual.app import App
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input
from textual.widgets._toggle_button import ToggleButton

from rmpair.core.paths import shipped_themes_dir
from rmpair.tui.commands import KeysAsTyped
from rmpair.tui.screens.unlock import UnlockScreen
from rmpair.tui.widgets.events import VaultOpened
from rmpair.tui.widgets.passphrase_form import PassphraseForm
from rmpair.tui.widgets.review_banner import REVIEW_CHOSEN, ReviewBanner
from tests.tui.conftest import MENTOR_PASSPHRASE, MENTOR_SECRET, screen_text, wait_until
from tests.tui.key_sweep import Sweep, ui_state
from tests.tui.review_harness import screenshot_text, shipped_content

# Escape has no meaning on the unlock screen; y and Space are letters of a passphrase.
KEYS = ("tab", "shift+tab", "space", "enter", "y")


class UnlockHarness(KeysAsTyped, App[None]):
    """The unlock screen on its own; each vault it opens is noted (in which mode) and closed."""

    # The app's rules and the unlock screen's (the other screens' are nested under them).
    CSS_PATH = [shipped_themes_dir() / "app.tcss", shipped_themes_dir() / "screens" / "unlock.tcss"]

    def __init__(self, vault: Path) -> None:
        super().__init__()
        self.vault = vault
        self.opened: list[bool] = []
        """For each unlock, whether it was in review-together mode."""

    def load_content(self) -> Any:
        return shipped_content()

    async def on_vault_opened(self, message: VaultOpened) -> None:
        self.opened.append(bool(message.service.review_mode))
        message.service.close()
        # As the app does, the unlock screen goes (and its working indicator stops).
        await self.push_screen(Screen())

    async def fresh_unlock_screen(self, *, review: bool = False) -> UnlockScreen:
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        screen = UnlockScreen(self.vault, review=review)
        await self.push_screen(screen)
        self.opened.clear()
        return screen


def is_review_control(widget: Any) -> bool:
    """The control that stands for review together, whatever its kind."""
    return widget is not None and "review" in (widget.id or "")


def asks_for_review(message: Message) -> bool:
    """Whether a message is the review-together control acting, whatever its kind: a
    button pressed or a form sent with it, or a box ticked (not unticked)."""
    if isinstance(message, ToggleButton.Changed):
        return is_review_control(message.control) and message.value
    return is_review_control(getattr(message, "button", None))


@pytest.mark.parametrize("chosen_before", [False, True], ids=["fresh", "review-already-chosen"])
async def test_no_keys_after_asking_for_review_together_unlock_privately(pair_vault: Path, chosen_before: bool) -> None:
    """``review-already-chosen``: the screen as the app leaves it when it locks during a
    review together, or after a review-together attempt with a mistyped passphrase."""
    app = UnlockHarness(pair_vault)
    asked_for_review = chosen_before

    def note_message(message: Message) -> None:
        nonlocal asked_for_review
        if asks_for_review(message):
            asked_for_review = True

    async with app.run_test(size=(80, 24), message_hook=note_message) as pilot:

        async def start() -> None:
            nonlocal asked_for_review
            asked_for_review = chosen_before
            screen = await app.fresh_unlock_screen(review=chosen_before)
            await wait_until(pilot, lambda: screen.is_current and screen.query("#unlock-passphrase"))
            field = screen.query_one("#unlock-passphrase", Input)
            field.value = MENTOR_PASSPHRASE  # as if typed: the keys under test come next
            field.cursor_position = len(MENTOR_PASSPHRASE)
            field.focus()
            await pilot.pause()

        def settled() -> bool:
            # An attempt has ended: the vault opened (and the screen went), or the form
            # stopped working and said why.
            if any(not worker.is_finished for worker in app.workers):
                return False
            screen = app.screen
            return not isinstance(screen, UnlockScreen) or not screen.query_one("#unlock-working").display

        async def settle() -> None:
            await wait_until(pilot, settled)

        def check(keys: tuple[str, ...]) -> None:
            if asked_for_review:
                assert app.opened in ([], [True]), "review together was asked for, but the vault opened privately"
            else:
                assert app.opened in ([], [False]), "the vault opened for review together without being asked"

        def passphrase(field: Input) -> str:
            # Space and y only ever add to a passphrase, so three kinds of value behave alike.
            return "empty" if not field.value else "right" if field.value == MENTOR_PASSPHRASE else "wrong"

        sweep = Sweep(
            pilot,
            start=start,
            check=check,
            state=lambda: (ui_state(app, field_value=passphrase), asked_for_review, tuple(app.opened)),
            settle=settle,
            # The recovery screen is another way in, which always opens privately.
            finished=lambda: not isinstance(app.screen, UnlockScreen),
        )
        await sweep.every_sequence(KEYS, depth=5)
        outcomes = {state[2] for state in sweep.sequences}
        # The sweep reached both ways in, so it proves something about each (once review
        # together is chosen, only it can be reached with these keys).
        assert ({(True,)} if chosen_before else {(False,), (True,)}) <= outcomes, outcomes


async def enter_opens_review_together(pilot: Any) -> None:
    """Type the passphrase and press Enter: review together opens, nothing private shows."""
    app = pilot.app
    await pilot.press(*MENTOR_PASSPHRASE, "enter")
    await wait_until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
    assert app.service.review_mode
    assert app.screen.query(ReviewBanner)
    assert MENTOR_SECRET not in screenshot_text(app)


async def test_after_a_mistyped_passphrase_enter_still_means_review_together(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press(*"not it", "tab", "tab")
        assert app.focused.id == "unlock-review-button"
        await pilot.press("enter")
        problem = app.screen.query_one("#unlock-problem")
        await wait_until(pilot, lambda: str(problem.render()).strip())
        # The field is empty and focused again; the screen says what Enter will do.
        assert app.focused.id == "unlock-passphrase"
        assert REVIEW_CHOSEN in screen_text(app)
        await enter_opens_review_together(pilot)


async def test_choosing_plain_unlock_after_review_together_is_deliberate(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press("ctrl+t")  # review together, before typing: "type your passphrase first"
        await wait_until(pilot, lambda: REVIEW_CHOSEN in screen_text(app))
        await pilot.press(*MENTOR_PASSPHRASE, "tab")
        # Plain Unlock is off the Tab path while review together is chosen.
        assert app.focused.id == "unlock-review-button"
        assert not app.screen.query_one("#unlock-button").can_focus
        await pilot.press("ctrl+o")  # its own key: unlocking alone is a deliberate act
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        assert not app.service.review_mode
        assert MENTOR_SECRET in screenshot_text(app)


async def test_locking_itself_during_review_together_keeps_review_together_chosen(
    pair_vault: Path, make_app
) -> None:
    app = make_app(pair_vault, idle_seconds=1.5)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press(*MENTOR_PASSPHRASE, "ctrl+t")
        # Nobody touches the keyboard while the pair talk: the app locks itself. Home may
        # be up for only a moment on a loaded machine, too short for a wait to see it; the
        # idle lock's own words on the unlock screen prove the vault opened and then locked.
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen) and "idle" in screen_text(app))
        # ...and the pair are still side by side, so Enter means review together again.
        assert REVIEW_CHOSEN in screen_text(app)
        assert app.screen.query_one(PassphraseForm).default.id == "unlock-review-button"
