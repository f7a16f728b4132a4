"""Printing the pair's own text from CLI commands.

Into a pipe or a file the text is written exactly as stored, so ``rmpair show ID > file``
is a faithful copy. At a terminal, control characters are shown as visible, inert
pictures (ESC as U+241B, and so on; the C1 range as U+FFFD) and a Windows line end as a
plain one, so a pasted escape sequence cannot clear the screen, hide or overwrite text,
retitle the window or write the clipboard of the person reading it.
"""

from __future__ import annotations

import sys
from typing import TextIO

from rmpair.core.visible_text import visible


def for_terminal(text: str) -> str:
    """The text with control characters other than newline and tab made visible."""
    return visible(text.replace("\r\n", "\n"))


def say(text: str = "", stream: TextIO | None = None) -> None:
    """print() for text the pair wrote: exact into a pipe, inert at a terminal."""
    stream = stream if stream is not None else sys.stdout
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        text = for_terminal(text)
    print(text, file=stream)
