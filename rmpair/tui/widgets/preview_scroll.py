"""A rendered Markdown preview that the keyboard can reach and scroll.

Textual's scroll containers scroll by keyboard only while they have the focus, and a
preview that cannot take it can be read only as far as it fits, or with a mouse. This one
is in the Tab path; while it has the focus the footer shows its keys, and its bottom edge
says how to get there and what the keys are.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll

SCROLL_HINT = "Tab, then ↑↓ PgUp PgDn"


class PreviewScroll(VerticalScroll, can_focus=True):
    """A scrolling preview: ↑ and ↓ a line, PgUp and PgDn a page, Home and End the ends."""

    HELP_GROUP = "In the preview"
    BINDINGS = [
        Binding("down", "scroll_down", "Scroll", key_display="↑↓", id="preview.line_down",
                tooltip="Scroll the preview down a line (↑ scrolls up)"),
        Binding("up", "scroll_up", "Scroll up", show=False, id="preview.line_up",
                tooltip="Scroll the preview up a line"),
        Binding("pagedown", "page_down", "Page", key_display="PgUp/PgDn", id="preview.page_down",
                tooltip="Scroll the preview down a page (PgUp scrolls up)"),
        Binding("pageup", "page_up", "Page up", show=False, id="preview.page_up",
                tooltip="Scroll the preview up a page"),
        Binding("home", "scroll_home", "Top", show=False, id="preview.top",
                tooltip="Go to the top of the preview"),
        Binding("end", "scroll_end", "End", show=False, id="preview.end",
                tooltip="Go to the end of the preview"),
    ]

    def on_mount(self) -> None:
        if not self.border_subtitle:
            self.border_subtitle = SCROLL_HINT
