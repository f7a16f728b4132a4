"""Unlock: one masked field. The passphrase says who you are, so there is no role picker.

There are two ways in, each its own button: "Unlock", and "Unlock for review together"
(the pair at one laptop, where nothing private may show). Choosing review together is
one act that unlocks, never a state that a stray key can turn off: Enter in the field
means the button drawn as primary, and once review together has been asked for (say the
passphrase was mistyped) it stays the primary one, and a line says so, until the person
chooses plain "Unlock". While it is chosen, plain "Unlock" is off the Tab path: only its
own key (Ctrl+O) or a click chooses it, so no run of Tab, Space and Enter can open the
vault privately with the partner beside you.

Key derivation takes a noticeable moment on purpose (it is what makes guessing slow), so
the ``PassphraseForm`` runs it in a thread while it says it is working. This module must
not import the service, the vault or cryptography at the top: the screen paints first,
and the work in the thread imports them.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from rmpair.tui import messages
from rmpair.tui.widgets.events import VaultOpened
from rmpair.tui.widgets.key_footer import KeyFooter
from rmpair.tui.widgets.passphrase_form import PassphraseForm
from rmpair.tui.widgets.review_banner import REVIEW_ALONE_HINT, REVIEW_CHOSEN, REVIEW_UNLOCK_BUTTON, REVIEW_UNLOCK_KEY, REVIEW_UNLOCK_TIP


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
        Binding("ctrl+t", "unlock_for_review", REVIEW_UNLOCK_KEY, id="unlock.review", tooltip=REVIEW_UNLOCK_TIP),
        Binding("ctrl+o", "unlock_alone", messages.UNLOCK_ALONE_KEY, id="unlock.alone",
                tooltip="Unlock showing your private entries too: only when nobody else can see the screen"),
    ]

    def __init__(
        self,
        vault_path: Path,
        *,
        note: str | None = None,
        demo_passphrases: dict[str, str] | None = None,
        review: bool = False,
    ) -> None:
        """``review``: review together is already chosen (the app locked during one)."""
        super().__init__()
        self.vault_path = vault_path
        self._note = note
        self._demo_passphrases = demo_passphrases
        self._review_chosen = review

    def compose(self) -> ComposeResult:
        with Center(id="unlock-centre"):
            box = Vertical(id="unlock-box")
            # The name sits on the border, so the whole box fits in 24 rows with the demo hint.
            box.border_title = messages.APP_TITLE
            with box:
                yield Static(messages.unlock_intro(self.vault_path), id="unlock-intro")
                if self._note:
                    yield Static(self._note, id="unlock-note")
                review = Button(REVIEW_UNLOCK_BUTTON, id="unlock-review-button", compact=True)
                review.tooltip = REVIEW_UNLOCK_TIP
                with PassphraseForm(
                    submit=[Button(messages.UNLOCK_BUTTON, id="unlock-button", compact=True), review],
                    working=messages.UNLOCKING,
                    stopped=messages.UNLOCK_STOPPED,
                    id="unlock",
                ):
                    yield Label(messages.UNLOCK_LABEL, classes="field-label")
                    yield Input(password=True, id="unlock-passphrase", placeholder="passphrase")
                    yield Static(f"{REVIEW_CHOSEN}\n{REVIEW_ALONE_HINT}", id="unlock-review-chosen")
                yield Button(messages.FORGOT_BUTTON, id="forgot-button", compact=True)
                if self._demo_passphrases:
                    yield Static(messages.demo_hint(self._demo_passphrases), id="unlock-demo")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show_choice()

    def _show_choice(self) -> None:
        form = self.query_one(PassphraseForm)
        form.default = self.query_one("#unlock-review-button" if self._review_chosen else "#unlock-button", Button)
        self.query_one("#unlock-button", Button).can_focus = not self._review_chosen
        self.query_one("#unlock-review-chosen").display = self._review_chosen

    @on(PassphraseForm.Submitted)
    def _submit(self, event: PassphraseForm.Submitted) -> None:
        # The way chosen last is what Enter means from now on, even if this attempt fails.
        review = event.button.id == "unlock-review-button"
        self._review_chosen = review
        self._show_choice()
        field = self.query_one("#unlock-passphrase", Input)
        passphrase = field.value
        if not passphrase:
            event.form.show_problem(messages.EMPTY_PASSPHRASE)
            field.focus()
            return
        # The field forgets the passphrase at once; only the worker holds it, briefly.
        field.value = ""
        event.form.run(lambda: self._unlock(passphrase, review))

    def action_unlock_for_review(self) -> None:
        self.query_one("#unlock-review-button", Button).press()

    def action_unlock_alone(self) -> None:
        self.query_one("#unlock-button", Button).press()

    @on(Button.Pressed, "#forgot-button")
    def action_recover(self) -> None:
        from rmpair.tui.screens.recover import RecoverScreen

        self.app.push_screen(RecoverScreen(self.vault_path, review=self._review_chosen))

    def _unlock(self, passphrase: str, review: bool) -> None:
        """In the form's thread: the service is imported here so the screen paints first."""
        from rmpair.core.service import PairService

        service = PairService.unlock(self.vault_path, passphrase)
        # Before any screen can ask the service for anything.
        service.review_mode = review
        try:
            content = self.app.load_content()
        except BaseException:
            service.close()
            raise
        # The app, not this screen, receives the session: it outlives the screen.
        self.app.post_message(VaultOpened(service, content))
