"""Forgot the passphrase: the recovery code written down at set-up, and a new passphrase."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, Label, LoadingIndicator, Static
from textual.worker import Worker, WorkerState

from rmpair import messages
from rmpair.widgets.events import VaultOpened
from rmpair.widgets.passphrase_fields import PassphraseFields
from rmpair.widgets.key_footer import KeyFooter


class RecoverScreen(Screen[None]):
    AUTO_FOCUS = "#recover-code"
    BINDINGS = [
        Binding("escape", "back", "Back", id="recover.back", tooltip="Back to the passphrase screen"),
    ]

    class Failed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, vault_path: Path) -> None:
        super().__init__()
        self.vault_path = vault_path

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="recover-scroll"), Center(), Vertical(id="recover-box"):
            yield Static(messages.RECOVER_TITLE, classes="screen-heading")
            yield Static(messages.RECOVER_INTRO, classes="screen-intro")
            yield Label(messages.RECOVER_CODE_LABEL, classes="field-label")
            yield Input(id="recover-code", placeholder="XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
            yield PassphraseFields(messages.RECOVER_NEW_LABEL, id="recover-passphrase")
            with Horizontal(classes="form-buttons"):
                yield Button(messages.RECOVER_BUTTON, variant="primary", id="recover-button")
                yield Button("Back", id="recover-back")
            with Horizontal(id="recover-working", classes="working"):
                yield LoadingIndicator()
                yield Label(messages.RECOVERING)
            yield Static("", id="recover-problem", classes="problem")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#recover-working").display = False

    @on(Input.Submitted, "#recover-code")
    def _to_passphrase(self) -> None:
        self.query_one(PassphraseFields).focus_first()

    @on(Input.Submitted, "#passphrase-again")
    @on(Button.Pressed, "#recover-button")
    def _submit(self) -> None:
        code = self.query_one("#recover-code", Input).value.strip()
        fields = self.query_one(PassphraseFields)
        problem = messages.RECOVER_CODE_MISSING if not code else fields.problem()
        if problem:
            self._show_problem(problem)
            return
        # The fields keep what was typed so a mistyped code can be corrected; the app
        # removes this screen, and what it holds, as soon as the vault opens.
        passphrase = fields.value
        self._working(True)
        self._recover(code, passphrase)

    @on(Button.Pressed, "#recover-back")
    def action_back(self) -> None:
        self.dismiss()

    @work(thread=True, exclusive=True, exit_on_error=False, group="recover")
    def _recover(self, code: str, passphrase: str) -> None:
        from rmpair.errors import RmpairError
        from rmpair.service import PairService

        try:
            service = PairService.recover(self.vault_path, code, passphrase)
        except RmpairError as error:
            self.post_message(self.Failed(str(error)))
            return
        try:
            content = self.app.load_content()
        except BaseException:
            service.close()
            raise
        self.app.post_message(VaultOpened(service, content, note=messages.RECOVERED))

    def on_recover_screen_failed(self, message: Failed) -> None:
        self._working(False)
        self._show_problem(message.reason)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "recover" and event.state == WorkerState.ERROR:
            self._working(False)
            self._show_problem(
                f"Something unexpected stopped the recovery ({type(event.worker.error).__name__}). "
                "Try again."
            )

    def _working(self, working: bool) -> None:
        self.query_one("#recover-working").display = working
        self.query_one("#recover-button", Button).disabled = working
        if working:
            self._show_problem("")

    def _show_problem(self, text: str) -> None:
        self.query_one("#recover-problem", Static).update(text)
