"""Questions the writing screens ask before something cannot be undone."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from rmpair.tui.widgets.dialogs import ConfirmForGood
from rmpair.tui.widgets.literal import literal


class ConfirmDelete(ConfirmForGood):
    """Ask before an entry is deleted."""

    BINDINGS = [
        Binding("y", "answer(True)", "Delete", id="entry.delete.confirm", tooltip="Delete it for good"),
        Binding("n,escape", "answer(False)", "Keep it", id="entry.delete.cancel", tooltip="Keep the entry"),
    ]

    def __init__(self, entry_title: str, *, shared: bool) -> None:
        heading = Text("Delete ")
        heading.append_text(literal(f"“{entry_title}”"))
        heading.append("?")
        super().__init__(
            heading,
            "It will be gone for good, for both of you." if shared else "It will be gone for good.",
            keep="Keep it (n)",
            act="Delete (y)",
            act_id="delete",
            tone="error",
        )
