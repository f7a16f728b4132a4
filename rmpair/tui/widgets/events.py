"""Messages the app shell's screens and widgets send each other.

Workers only post these; the handlers (on the UI thread) own the app's state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message
from textual.widget import Widget

if TYPE_CHECKING:
    from rmpair.content import ContentPack
    from rmpair.core.service import PairService


class VaultOpened(Message):
    """A person's session is open (unlocked, recovered): the app adopts it and shows home."""

    def __init__(self, service: PairService, content: ContentPack, note: str | None = None) -> None:
        super().__init__()
        self.service = service
        self.content = content
        self.note = note
        """A sentence to show once home is up (for example after a recovery)."""


class VaultChanged(Message):
    """Something in the vault changed: the screen showing it reloads what it shows."""

    def __init__(self, refreshed: Widget | None = None) -> None:
        super().__init__()
        self.refreshed = refreshed
        """A widget that already shows the change (it updated one row in place); the
        screen need not refill it, which matters when it holds thousands of rows."""
