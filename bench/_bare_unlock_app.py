"""The baseline for ``tui_startup.py``: a bare Textual app showing what rmpair's unlock
screen shows (title, intro, label, masked input, two buttons, a hidden loading row, a
problem line, a footer), with Textual's default styles and nothing else: no settings, no
palettes, no stylesheets, no command palette provider, no warm-up worker.

    python bench/_bare_unlock_app.py        # Ctrl+Q quits
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Label, LoadingIndicator, Static

# The same words as rmpair's unlock screen (rmpair.tui.messages), copied so that this file
# imports nothing from rmpair.
TITLE = "rmpair"
INTRO = "Type your passphrase to open the pair's vault.\n[dim]/path/to/pair.rmpair[/dim]"
LABEL = "Your passphrase"
UNLOCK = "Unlock"
FORGOT = "Forgot passphrase? Use recovery code"
WORKING = "Checking your passphrase…"


class BareUnlockApp(App[None]):
    TITLE = TITLE

    def compose(self) -> ComposeResult:
        with Center():
            with Vertical():
                yield Static(TITLE)
                yield Static(INTRO)
                yield Label(LABEL)
                yield Input(password=True, id="passphrase", placeholder="passphrase")
                with Horizontal():
                    yield Button(UNLOCK, variant="primary")
                    yield Button(FORGOT)
                with Horizontal(id="working"):
                    yield LoadingIndicator()
                    yield Label(WORKING)
                yield Static("")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#working").display = False
        self.query_one("#passphrase").focus()


if __name__ == "__main__":
    BareUnlockApp().run()
