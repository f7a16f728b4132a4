"""The footer, with Help, Back and Lock always first.

Textual's footer lists the focused widget's keys, then the screen's, then the app's; at 80
columns the app's (Help and Lock among them) and the screen's Back fall off the right
edge. Those are the keys a newcomer needs on every screen, so they go first; the keys of
the part with the focus follow, and each list also shows its own keys beside it
(``rmpair.tui.commands.key_hints``).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FIRST_ACTIONS = ("help", "app.help")
LOCK_ACTIONS = ("lock", "app.lock")


def _rank(key: FooterKey) -> int:
    if key.action in FIRST_ACTIONS:
        return 0
    if key.key.split(",")[0] == "escape":
        return 1  # Back, Close or Cancel: how to leave this screen
    if key.action in LOCK_ACTIONS:
        return 2
    return 3


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=True)

    def compose(self) -> ComposeResult:
        # rmpair's bindings use no binding groups, so the footer's children are plain
        # FooterKeys and can be reordered freely.
        keys = list(super().compose())
        yield from sorted(keys, key=lambda key: _rank(key) if isinstance(key, FooterKey) else 3)
        self.call_after_refresh(self._fit_keys)

    def _width_of(self, key: FooterKey) -> int:
        return (
            key.get_content_width(self.size, self.app.size)
            + key.styles.gutter.width
            + key.styles.margin.width
        )

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self._fit_keys)

    def _fit_keys(self) -> None:
        """Show only the keys that fit whole beside the palette key.

        The palette key is docked right over the row, so a key that runs past it would be
        drawn underneath, half hidden ("^l L"): a key is shown whole or not at all (the help
        screen and the palette list every key).
        """
        keys = [key for key in self.query(FooterKey) if not key.has_class("-command-palette")]
        palette = [key for key in self.query(FooterKey) if key.has_class("-command-palette")]
        # Measured, not read from the layout: right after a recompose nothing is laid out yet.
        room = self.size.width - sum(self._width_of(key) for key in palette)
        used = 0
        for key in keys:
            width = self._width_of(key)
            fits = used + width <= room + key.styles.margin.right
            key.display = fits
            if fits:
                used += width

    DEFAULT_CSS = """
    KeyFooter FooterKey.-compact {
        .footer-key--key { padding: 0 0 0 1; }
        .footer-key--description { padding: 0 0 0 1; }
    }
    """


class OwnFooter:
    """For a dialog (a ModalScreen): a footer of its own keys.

    Without one, the footer of the screen beneath shows through, dimmed but readable, and
    offers that screen's keys ("Esc Home", "a Add action"), which do nothing while the
    dialog is up.
    """

    async def on_mount(self) -> None:
        screen: Any = self  # a Screen, by the classes this is mixed into
        if not screen.query(KeyFooter):
            await screen.mount(KeyFooter())
            # A footer fills in when the screen's keys next change; mounted after the
            # screen's own first round, it would wait for a change that may never come.
            screen.refresh_bindings()
