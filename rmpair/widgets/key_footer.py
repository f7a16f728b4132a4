"""The footer, with Help always first.

Textual's footer lists the focused widget's keys, then the screen's, then the app's; at 80
columns the app's (Help among them) fall off the right edge. Help is the one key a
newcomer needs, so it goes first on every screen.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FIRST_ACTIONS = ("help", "app.help")


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=True)

    def compose(self) -> ComposeResult:
        # rmpair's bindings use no binding groups, so the footer's children are plain
        # FooterKeys and can be reordered freely.
        keys = list(super().compose())
        first = [key for key in keys if isinstance(key, FooterKey) and key.action in FIRST_ACTIONS]
        yield from first
        yield from (key for key in keys if key not in first)

    DEFAULT_CSS = """
    KeyFooter FooterKey.-compact {
        .footer-key--key { padding: 0 0 0 1; }
        .footer-key--description { padding: 0 0 0 1; }
    }
    """
