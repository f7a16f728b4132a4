"""The footer, with Help always first.

Textual's footer lists the focused widget's keys, then the screen's, then the app's; at 80
columns the app's (Help among them) fall off the right edge. Help is the one key a
newcomer needs, so it goes first on every screen.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Resize
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
