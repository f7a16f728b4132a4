"""Unlock: one masked field. The passphrase says who you are, so there is no role picker.

Key derivation takes a noticeable moment on purpose (it is what makes guessing slow), so
it runs in a thread worker while the screen says it is working. This module must not
import the service, the vault or cryptography at the top: the screen paints first, and
the worker imports them.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Label, LoadingIndicator, Static
from textual.worker import Worker, WorkerState

from rmpair import messages
from rmpair.widgets.events import VaultOpened
from rmpair.widgets.key_footer import KeyFooter
from rmpair.widgets.review_banner import REVIEW_CHECKBOX, REVIEW_CHECKBOX_TIP
from rmpair.widgets.choices import MarkedCheckbox


class UnlockScreen(Screen[None]):
    """Type a passphrase; the right person's vault opens."""

    AUTO_FOCUS = "#unlock-passphrase"
    BINDINGS = [
        # Shown here, before anyone has unlocked, so high contrast can be chosen first.
        Binding("f2", "app.settings", "Settings", id="app.settings",
                tooltip="Colours (including high contrast and colour-blind safe) and the idle lock time"),
        Binding(
            "ctrl+r",
            "recover",
            "Use recovery code",
            id="unlock.recover",
            tooltip="Forgot your passphrase? Set a new one with the recovery code you wrote down",
        ),
    ]

    class Failed(Message):
        """The passphrase did not open the vault, or the vault could not be opened."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(
        self,
        vault_path: Path,
        *,
        note: str | None = None,
        demo_passphrases: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.vault_path = vault_path
        self._note = note
        self._demo_passphrases = demo_passphrases

    def compose(self) -> ComposeResult:
        with Center(id="unlock-centre"):
            box = Vertical(id="unlock-box")
            # The name sits on the border, so the whole box fits in 24 rows with the demo hint.
            box.border_title = messages.APP_TITLE
            with box:
                yield Static(messages.unlock_intro(self.vault_path), id="unlock-intro")
                if self._note:
                    yield Static(self._note, id="unlock-note")
                yield Label(messages.UNLOCK_LABEL, classes="field-label")
                yield Input(password=True, id="unlock-passphrase", placeholder="passphrase")
                with Vertical(id="unlock-options"):
                    review = MarkedCheckbox(REVIEW_CHECKBOX, id="unlock-review")
                    review.tooltip = REVIEW_CHECKBOX_TIP
                    yield review
                with Horizontal(id="unlock-buttons"):
                    yield Button(messages.UNLOCK_BUTTON, variant="primary", id="unlock-button", compact=True)
                    yield Button(messages.FORGOT_BUTTON, id="forgot-button", compact=True)
                with Horizontal(id="unlock-working"):
                    yield LoadingIndicator()
                    yield Label(messages.UNLOCKING)
                yield Static("", id="unlock-problem")
                if self._demo_passphrases:
                    yield Static(messages.demo_hint(self._demo_passphrases), id="unlock-demo")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#unlock-working").display = False

    @on(Input.Submitted, "#unlock-passphrase")
    @on(Button.Pressed, "#unlock-button")
    def _submit(self) -> None:
        field = self.query_one("#unlock-passphrase", Input)
        passphrase = field.value
        if not passphrase:
            self._show_problem(messages.EMPTY_PASSPHRASE)
            return
        # The field forgets the passphrase at once; only the worker holds it, briefly.
        field.value = ""
        self._working(True)
        self._unlock(passphrase, self.query_one("#unlock-review", Checkbox).value)

    @on(Button.Pressed, "#forgot-button")
    def action_recover(self) -> None:
        from rmpair.screens.recover import RecoverScreen

        self.app.push_screen(RecoverScreen(self.vault_path))

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlock")
    def _unlock(self, passphrase: str, review: bool = False) -> None:
        from rmpair.errors import RmpairError
        from rmpair.service import PairService

        try:
            service = PairService.unlock(self.vault_path, passphrase)
        except RmpairError as error:
            self.post_message(self.Failed(str(error)))
            return
        # Before any screen can ask the service for anything.
        service.review_mode = review
        try:
            content = self.app.load_content()
        except BaseException:
            service.close()
            raise
        # The app, not this screen, receives the session: it outlives the screen.
        self.app.post_message(VaultOpened(service, content))

    def on_unlock_screen_failed(self, message: Failed) -> None:
        self._working(False)
        self._show_problem(message.reason)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "unlock" and event.state == WorkerState.ERROR:
            error = event.worker.error
            self._working(False)
            self._show_problem(
                f"Something unexpected stopped the vault opening ({type(error).__name__}). Try again; "
                "if it happens again, run 'rmpair check'."
            )

    def _working(self, working: bool) -> None:
        self.query_one("#unlock-working").display = working
        self.query_one("#unlock-passphrase", Input).disabled = working
        self.query_one("#unlock-button", Button).disabled = working
        if working:
            self._show_problem("")
        else:
            self.query_one("#unlock-passphrase", Input).focus()

    def _show_problem(self, text: str) -> None:
        self.query_one("#unlock-problem", Static).update(text)
