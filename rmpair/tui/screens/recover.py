"""Forgot the passphrase: the recovery code written down at set-up, and a new passphrase.

Reached from the unlock screen, it keeps the way in chosen there: when review together was
chosen, the vault opens for review together here too, so forgetting a passphrase with the
partner beside you is never a way into a private session.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from rmpair.tui import messages
from rmpair.tui.widgets.events import VaultOpened
from rmpair.tui.widgets.key_footer import KeyFooter
from rmpair.tui.widgets.passphrase_fields import PassphraseFields
from rmpair.tui.widgets.passphrase_form import PassphraseForm
from rmpair.tui.widgets.review_banner import REVIEW_CHOSEN_FOR_RECOVERY


class RecoverScreen(Screen[None]):
    AUTO_FOCUS = "#recover-code"
    BINDINGS = [
        Binding("escape", "back", "Back", id="recover.back", tooltip="Back to the passphrase screen"),
    ]

    def __init__(self, vault_path: Path, *, review: bool = False) -> None:
        super().__init__()
        self.vault_path = vault_path
        self.review = review
        """Review together was chosen on the unlock screen: the vault opens for it."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="recover-scroll", can_focus=False), Center(), Vertical(id="recover-box"):
            yield Static(messages.RECOVER_TITLE, classes="screen-heading")
            yield Static(messages.RECOVER_INTRO, classes="screen-intro")
            if self.review:
                yield Static(REVIEW_CHOSEN_FOR_RECOVERY, id="recover-review-chosen")
            with PassphraseForm(
                submit=Button(messages.RECOVER_BUTTON, variant="primary", id="recover-button"),
                other=Button("Back", id="recover-back"),
                working=messages.RECOVERING,
                stopped=messages.RECOVER_STOPPED,
                id="recover",
            ):
                yield Label(messages.RECOVER_CODE_LABEL, classes="field-label")
                # Masked as a passphrase is: the code opens the vault as surely as one.
                yield Input(id="recover-code", placeholder="XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX", password=True)
                yield PassphraseFields(messages.RECOVER_NEW_LABEL, id="recover-passphrase")
        yield KeyFooter()

    @on(PassphraseForm.Submitted)
    def _submit(self, event: PassphraseForm.Submitted) -> None:
        code = self.query_one("#recover-code", Input).value.strip()
        fields = self.query_one(PassphraseFields)
        problem = messages.RECOVER_CODE_MISSING if not code else fields.problem()
        if problem:
            event.form.show_problem(problem)
            return
        # The fields keep what was typed so a mistyped code can be corrected; the app
        # removes this screen, and what it holds, as soon as the vault opens.
        passphrase = fields.value
        event.form.run(lambda: self._recover(code, passphrase))

    @on(Button.Pressed, "#recover-back")
    def action_back(self) -> None:
        self.dismiss()

    def _recover(self, code: str, passphrase: str) -> None:
        """In the form's thread: the service is imported here so the screen paints first."""
        from rmpair.core.service import PairService

        service = PairService.recover(self.vault_path, code, passphrase)
        # Before any screen can ask the service for anything.
        service.review_mode = self.review
        try:
            content = self.app.load_content()
        except BaseException:
            service.close()
            raise
        self.app.post_message(VaultOpened(service, content, note=messages.RECOVERED))
