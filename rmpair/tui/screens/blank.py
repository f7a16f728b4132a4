"""The blank screen: someone walks up, one key, and nothing the pair wrote is on show.

It is an opaque, full screen (not a dialog over the last one), with one line on it and
nothing else: no header with names, no footer, no banner, no notifications. Enter or
Space brings back exactly what was there. It is not a lock: the vault stays open, so it
is quick to come back from; Ctrl+L still locks from here.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

HIDDEN_TEXT = "Screen hidden — press Enter or Space to return"


class BlankScreen(Screen[None]):
    """Nothing but how to come back."""

    NO_REVIEW_BANNER = True
    """The review-together banner stays off: this screen shows nothing at all."""
    AUTO_FOCUS = None
    BINDINGS = [
        Binding("enter,space", "come_back", "Show the screen again", id="blank.return",
                tooltip="Bring back what was on the screen before it was hidden"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(HIDDEN_TEXT, id="blank-text")

    def on_mount(self) -> None:
        # A notification could quote a title ("Deleted 'My story'"); it goes too.
        self.app.clear_notifications()

    def action_come_back(self) -> None:
        self.dismiss()
