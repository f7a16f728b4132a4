"""First run: explain what rmpair keeps, create the vault, show the recovery code once,
and offer to add the partner there and then.

The screens here are the steps of that one flow (and ``AddPartnerScreen`` is reused from
home when the partner joins later). Like the unlock screen, nothing here imports the
service at the top, so the first screen paints at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Container, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Input, Label, RadioSet, Static

from rmpair.tui import messages
from rmpair.tui.widgets.choices import ChoiceButton, ChoiceSet, TickBox
from rmpair.tui.widgets.key_footer import KeyFooter, OwnFooter
from rmpair.tui.widgets.passphrase_fields import PassphraseFields
from rmpair.tui.widgets.passphrase_form import PassphraseForm

if TYPE_CHECKING:
    from rmpair.content import ContentPack
    from rmpair.core.service import PairService


def _parse_start(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _parse_cadence(text: str) -> int | None:
    try:
        weeks = int(text.strip())
    except ValueError:
        return None
    return weeks if 1 <= weeks <= 26 else None


class SetupScreen(Screen[None]):
    """No vault yet: say what rmpair keeps and who can read it, then create the vault."""

    AUTO_FOCUS = "#setup-name"
    BINDINGS = [
        # Shown on the first screen so high contrast can be chosen before anything else.
        Binding("f2", "app.settings", "Settings", id="app.settings",
                tooltip="Colours (including high contrast and colour-blind safe) and the idle lock time"),
    ]

    def __init__(self, vault_path: Path) -> None:
        super().__init__()
        self.vault_path = vault_path

    # On a wide terminal the explanation sits beside the form, so all of it fits at once.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (130, "-wide")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="setup-scroll", can_focus=False), Center(), Container(id="setup-box"):
            with Vertical(id="setup-about"):
                yield Static(messages.SETUP_TITLE, classes="screen-heading")
                yield Static(messages.setup_intro(self.vault_path), id="setup-intro", classes="screen-intro")
            with Vertical(id="setup-form"):
                yield from self._form()
        yield KeyFooter()

    def _form(self) -> ComposeResult:
        """About you, the passphrase and the meeting rhythm."""
        with PassphraseForm(
            submit=Button(messages.CREATE_BUTTON, variant="primary", id="setup-create"),
            working=messages.CREATING,
            stopped=messages.CREATE_STOPPED,
            id="setup",
        ):
            yield Static(messages.SETUP_YOU, classes="section-heading")
            yield Label(messages.NAME_LABEL, classes="field-label")
            yield Input(id="setup-name", placeholder="for example Sam")
            yield Label(messages.ROLE_LABEL, classes="field-label")
            with ChoiceSet(id="setup-role"):
                yield ChoiceButton(messages.ROLE_MENTOR, id="role-mentor")
                yield ChoiceButton(messages.ROLE_MENTEE, id="role-mentee")
            yield Static(messages.PASSPHRASE_TIP, classes="screen-intro")
            yield PassphraseFields(id="setup-passphrase")
            with Horizontal(id="setup-schedule"):
                with Vertical():
                    yield Label(messages.START_LABEL, classes="field-label")
                    yield Input(date.today().isoformat(), id="setup-start")
                with Vertical():
                    yield Label(messages.CADENCE_LABEL, classes="field-label")
                    yield Input("4", id="setup-cadence", type="integer")

    @on(PassphraseForm.Submitted)
    def _submit(self, event: PassphraseForm.Submitted) -> None:
        name = self.query_one("#setup-name", Input).value.strip()
        pressed = self.query_one("#setup-role", RadioSet).pressed_button
        role = {"role-mentor": "mentor", "role-mentee": "mentee"}.get(pressed.id if pressed else "")
        fields = self.query_one(PassphraseFields)
        start = _parse_start(self.query_one("#setup-start", Input).value)
        cadence = _parse_cadence(self.query_one("#setup-cadence", Input).value)
        problem = (
            (not name and messages.NAME_MISSING)
            or (role is None and messages.ROLE_MISSING)
            or fields.problem()
            or (start is None and messages.START_INVALID)
            or (cadence is None and messages.CADENCE_INVALID)
        )
        if problem:
            event.form.show_problem(problem)
            return
        assert role is not None and start is not None and cadence is not None
        passphrase = fields.value
        fields.clear()
        event.form.run(lambda: self._create(role, name, passphrase, start, cadence), then=self._created)

    def _create(
        self, role: str, name: str, passphrase: str, start: date, cadence: int
    ) -> tuple[PairService, ContentPack, str]:
        """In the form's thread: the service is imported here so the screen paints first."""
        from rmpair.core.service import PairService

        content = self.app.load_content()
        service, code = PairService.create(
            self.vault_path,
            role=role,
            name=name,
            passphrase=passphrase,
            programme_start=start,
            cadence_weeks=cadence,
            kdf=self.app.kdf,
            agendas=content.agenda_templates(),
        )
        return service, content, code

    def _created(self, result: tuple[PairService, ContentPack, str]) -> None:
        service, content, recovery_code = result
        self.app.open_session(service, content)
        self._after_create(service, recovery_code)

    @work(exclusive=True, group="setup-flow")
    async def _after_create(self, service: PairService, recovery_code: str) -> None:
        me = service.me
        await self.app.push_screen_wait(RecoveryCodeScreen(me.name, recovery_code))
        partner_role = messages.other_role(me.role)
        if await self.app.push_screen_wait(PartnerOfferScreen(partner_role)):
            await self.app.push_screen_wait(AddPartnerScreen())
        # The app, not this worker, moves on: showing home removes this screen, and a
        # worker must not remove the screen it runs on.
        self.app.call_later(self.app.show_home)


class RecoveryCodeScreen(OwnFooter, ModalScreen[bool]):
    """A recovery code, shown once; the person confirms they have kept it before moving on."""

    AUTO_FOCUS = "#recovery-confirm"
    SHOWN_ONCE = True
    """Locking would take away the only showing of the code: the app hides it instead
    (idle time) or says to keep it first (the lock key)."""

    def __init__(self, name: str, code: str) -> None:
        super().__init__()
        self._name = name
        self._code = code

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="recovery-box", classes="dialog"):
            yield Static(messages.recovery_code_intro(self._name), id="recovery-intro")
            yield Static(self._code, id="recovery-code")
            yield TickBox(messages.RECOVERY_CONFIRM, id="recovery-confirm")
            yield Static("", id="recovery-problem", classes="dialog-problem")
            with Horizontal(classes="dialog-buttons"):
                # Never disabled: a greyed-out button cannot be read at 4.5:1 and does not
                # say why; pressed too soon, it says what to do first.
                yield Button(messages.RECOVERY_CONTINUE, variant="primary", id="recovery-continue")

    @on(Checkbox.Changed, "#recovery-confirm")
    def _confirmed(self, event: Checkbox.Changed) -> None:
        if event.value:
            self.query_one("#recovery-problem", Static).update("")

    @on(Button.Pressed, "#recovery-continue")
    def _continue(self) -> None:
        if self.query_one("#recovery-confirm", Checkbox).value:
            self.dismiss(True)
        else:
            self.query_one("#recovery-problem", Static).update(messages.RECOVERY_TICK_FIRST)


class PartnerOfferScreen(OwnFooter, ModalScreen[bool]):
    """Add the partner now (hand over the keyboard) or later, from home."""

    BINDINGS = [
        Binding("escape", "dismiss(False)", "Later", id="partner_offer.later", tooltip="Add your partner later, from home"),
    ]

    def __init__(self, partner_role: str) -> None:
        super().__init__()
        self._partner_role = partner_role

    def compose(self) -> ComposeResult:
        with Center(), Vertical(classes="dialog"):
            yield Static(messages.PARTNER_OFFER_TITLE, classes="section-heading")
            yield Static(messages.partner_offer(self._partner_role), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(messages.PARTNER_NOW, variant="primary", id="partner-now")
                yield Button(messages.PARTNER_LATER, id="partner-later")

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "partner-now")


class AddPartnerScreen(Screen[bool]):
    """The partner types their own name and passphrase; then sees their recovery code once."""

    AUTO_FOCUS = "#partner-name"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="partner.cancel", tooltip="Do not add the partner now"),
    ]

    def compose(self) -> ComposeResult:
        partner_role = messages.other_role(self.app.service.role)
        with VerticalScroll(id="partner-scroll", can_focus=False), Center(), Vertical(id="partner-box"):
            yield Static(messages.partner_heading(partner_role), classes="screen-heading")
            yield Static(messages.partner_intro(partner_role), classes="screen-intro")
            with PassphraseForm(
                submit=Button(messages.PARTNER_ADD_BUTTON, variant="primary", id="partner-add"),
                other=Button("Cancel", id="partner-cancel"),
                working=messages.PARTNER_ADDING,
                stopped=messages.PARTNER_STOPPED,
                id="partner",
            ):
                yield Label(messages.PARTNER_NAME_LABEL, classes="field-label")
                yield Input(id="partner-name", placeholder="their first name")
                yield Static(messages.PASSPHRASE_TIP, classes="screen-intro")
                yield PassphraseFields(messages.PARTNER_PASSPHRASE_LABEL, id="partner-passphrase")
        yield KeyFooter()

    @on(PassphraseForm.Submitted)
    def _submit(self, event: PassphraseForm.Submitted) -> None:
        name = self.query_one("#partner-name", Input).value.strip()
        fields = self.query_one(PassphraseFields)
        problem = (not name and messages.NAME_MISSING) or fields.problem()
        if problem:
            event.form.show_problem(problem)
            return
        passphrase = fields.value
        fields.clear()
        event.form.run(lambda: self._join(name, passphrase), then=lambda code: self._joined(name, code))

    @on(Button.Pressed, "#partner-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    def _join(self, name: str, passphrase: str) -> str:
        """In the form's thread; returns the partner's recovery code."""
        service = self.app.service
        return service.join(role=messages.other_role(service.role), name=name, passphrase=passphrase, kdf=self.app.kdf)

    def _joined(self, name: str, recovery_code: str) -> None:
        def done(_: bool | None) -> None:
            self.dismiss(True)

        self.app.push_screen(RecoveryCodeScreen(name, recovery_code), done)
