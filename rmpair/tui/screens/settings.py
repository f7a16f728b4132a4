"""Settings: the colours (three palettes, including high contrast and colour-blind safe) and
how long the app waits before locking itself. Nothing private is kept in settings.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioSet, Static

from rmpair.tui import messages
from rmpair.core.settings import parse_idle_minutes
from rmpair.tui.widgets.choices import ChoiceButton, ChoiceSet
from rmpair.tui.widgets.key_footer import KeyFooter, OwnFooter


class SettingsScreen(OwnFooter, ModalScreen[None]):
    AUTO_FOCUS = "#settings-theme"
    BINDINGS = [
        Binding("escape", "close", "Close", id="settings.close", tooltip="Close the settings"),
    ]

    def compose(self) -> ComposeResult:
        app = self.app
        with Vertical(id="settings-box", classes="dialog"):
            yield Static(messages.SETTINGS_TITLE, classes="section-heading")
            with VerticalScroll(id="settings-scroll", can_focus=False):
                yield Label(messages.SETTINGS_THEME, classes="field-label")
                with ChoiceSet(id="settings-theme"):
                    for palette in app.palettes:
                        yield ChoiceButton(
                            f"{palette.label}: {palette.description}",
                            value=palette.name == app.theme,
                            name=palette.name,
                        )
                yield Label(messages.SETTINGS_IDLE, classes="field-label")
                yield Input(f"{app.settings.idle_minutes:g}", id="settings-idle", type="number")
                yield Static("", id="settings-problem", classes="problem")
                yield Static(messages.SETTINGS_NOTE, classes="section-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="settings-save")
                yield Button("Close", id="settings-close")
        yield KeyFooter()

    @on(RadioSet.Changed, "#settings-theme")
    def _theme_chosen(self, event: RadioSet.Changed) -> None:
        # The colours change at once, so the person sees what they chose, and are kept.
        name = event.pressed.name
        if name:
            self.app.choose_theme(name)

    @on(Input.Submitted, "#settings-idle")
    @on(Button.Pressed, "#settings-save")
    def _save(self) -> None:
        try:
            minutes = parse_idle_minutes(self.query_one("#settings-idle", Input).value)
        except ValueError as error:
            self.query_one("#settings-problem", Static).update(str(error))
            return
        self.query_one("#settings-problem", Static).update("")
        if self.app.choose_idle_minutes(minutes):
            self.app.notify(messages.SETTINGS_SAVED)
        self.dismiss()

    @on(Button.Pressed, "#settings-close")
    def action_close(self) -> None:
        self.dismiss()
