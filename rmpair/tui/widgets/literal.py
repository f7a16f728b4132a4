"""The pair's own words on screen: shown exactly as written, never obeyed.

Textual reads a plain ``str`` given to Static, Label, OptionList, a border title or a
notification as markup, so "[@click=app.quit]" would become a button and "[b]" would
vanish. Neither Rich nor Textual removes ESC or the C1 controls either, so a pasted
"ESC [2J" would reach the terminal and clear it, and an OSC 52 would write the clipboard.
Every place that shows what the pair wrote goes through here: control characters become
visible pictures (as ``rmpair show`` prints them at a terminal), and everything else,
brackets, bidi marks and emoji included, is left as the text it is.
"""

from __future__ import annotations

from rich.text import Text

from rmpair.core.visible_text import visible

__all__ = ["inert", "literal", "preview_source", "shortened", "visible"]

PREVIEW_LIMIT = 20_000
"""Characters of one entry rendered as Markdown at a time: a preview is a glance, and
Textual's Markdown takes seconds over a few hundred kilobytes."""


def literal(text: str, style: str = "") -> Text:
    """Text to display that reads as exactly what was written (a Windows line end shows
    as a plain one)."""
    return Text(visible(text.replace("\r\n", "\n")), style=style)


def inert(text: Text) -> Text:
    """A copy of a Text built elsewhere with the pair's words in it (a dialog's heading),
    its control characters shown as pictures and its styles where they were."""
    shown = text.copy()
    shown.plain = visible(text.plain)
    return shown


def shortened(text: str, limit: int) -> str:
    """The start of ``text``, at most ``limit`` characters, cut at a line end when there is
    one in the last quarter (so Markdown is not cut mid-paragraph where avoidable)."""
    if len(text) <= limit:
        return text
    line_end = text.rfind("\n", limit * 3 // 4, limit)
    return text[: line_end + 1 if line_end != -1 else limit]


def preview_source(body: str) -> tuple[str, str | None]:
    """What to hand Textual's Markdown for ``body``, and a note saying how much is left
    out (None when nothing is)."""
    shown = shortened(body, PREVIEW_LIMIT)
    note = None
    if len(shown) < len(body):
        note = f"Showing the first {len(shown):,} of {len(body):,} characters. Open the entry to read it all."
    return visible(shown.replace("\r\n", "\n")), note

