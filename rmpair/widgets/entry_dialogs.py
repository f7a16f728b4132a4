"""Questions the writing screens ask before something cannot be undone."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmDelete(ModalScreen[bool]):
    """Ask before an entry is deleted; "keep it" has the focus."""

    DEFAULT_CSS = """
    ConfirmDelete {
        align: center middle;
        & > Vertical {
            width: 64;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: thick $error;
            background: $surface;
            padding: 1 2;
        }
        & .confirm-title {
            text-style: bold;
            margin-bottom: 1;
        }
        & .confirm-body {
            margin-bottom: 1;
        }
        & Horizontal {
            height: auto;
            align-horizontal: right;
        }
        & Button {
            margin-left: 2;
        }
    }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Delete", id="entry.delete.confirm", tooltip="Delete it for good"),
        Binding("n,escape", "answer(False)", "Keep it", id="entry.delete.cancel", tooltip="Keep the entry"),
    ]

    def __init__(self, entry_title: str, *, shared: bool) -> None:
        super().__init__()
        self._entry_title = entry_title
        self._shared = shared

    def compose(self) -> ComposeResult:
        heading = Text("Delete ")
        heading.append(f"“{self._entry_title}”")
        heading.append("?")
        body = "It will be gone for good, for both of you." if self._shared else "It will be gone for good."
        with Vertical():
            yield Static(heading, classes="confirm-title")
            yield Static(Text(body), classes="confirm-body")
            with Horizontal():
                yield Button("Keep it (n)", id="keep")
                yield Button("Delete (y)", id="delete", variant="error")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "delete")

    def action_answer(self, delete: bool) -> None:
        self.dismiss(delete)
