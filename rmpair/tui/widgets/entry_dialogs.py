"""Questions the writing screens ask before something cannot be undone."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from rmpair.tui.commands import key_in_words
from rmpair.tui.widgets.dialogs import ConfirmForGood
from rmpair.tui.widgets.literal import literal

# A chord, not a letter: the lists act on single letters, and someone who thinks the
# editor is open types on into them ("anxiety" is a, n, x for delete, ..., y).
DELETE_KEY = "ctrl+d"
DELETE_KEY_WORDS = key_in_words(DELETE_KEY)


class ConfirmDelete(ConfirmForGood):
    """Ask before an entry is deleted."""

    BINDINGS = [
        Binding(DELETE_KEY, "answer(True)", "Delete", id="entry.delete.confirm", tooltip="Delete it for good"),
        Binding("n,escape", "answer(False)", "Keep it", id="entry.delete.cancel", tooltip="Keep the entry"),
    ]

    def __init__(self, entry_title: str, *, shared: bool) -> None:
        heading = Text("Delete ")
        heading.append_text(literal(f"“{entry_title}”"))
        heading.append("?")
        super().__init__(
            heading,
            ("It will be gone for good, for both of you." if shared else "It will be gone for good.")
            + f" To delete it, press {DELETE_KEY_WORDS} or click Delete.",
            keep="Keep it (Esc)",
            act=f"Delete ({DELETE_KEY_WORDS})",
            act_id="delete",
            tone="error",
        )
