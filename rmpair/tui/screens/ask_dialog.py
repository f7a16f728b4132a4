"""The question asked before a file leaves the vault: write it unencrypted, replace one.

``AskDialog`` is a modal screen of its own, shared by the export (``export``) and the
programme summary (``summary``), so neither screen imports the other's module for it.
Its safe answer (do not write, keep the old file) is always the default.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from rmpair.tui.widgets.key_footer import OwnFooter

REPLACE = "Replace it"
KEEP = "Keep the old file"
NOTHING_WRITTEN = "Nothing was written."


def already_exists(path: Path) -> str:
    return f"{path} already exists.\n\nReplace it with this export? The old file cannot be brought back."


class AskDialog(OwnFooter, ModalScreen[bool]):
    """A yes-or-no question whose safe answer is the default (Escape, or Enter at once)."""

    BINDINGS = [
        Binding("escape", "dismiss(False)", "Cancel", id="export_dialog.cancel",
                tooltip="Close without doing anything"),
    ]

    def __init__(self, question: str, *, yes: str, no: str, title: str = "", default_yes: bool = False) -> None:
        super().__init__()
        self._question = question
        self._title = title
        self._yes = yes
        self._no = no
        self._default_yes = default_yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            if self._title:
                yield Static(self._title, classes="section-heading ask-dialog-title")
            yield Static(Text(self._question), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._yes, variant="warning", id="yes")
                yield Button(self._no, variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes" if self._default_yes else "#no", Button).focus()

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
