"""Printing the pair's own text from CLI commands.

Into a pipe or a file the text is written exactly as stored, so ``rmpair show ID > file``
is a faithful copy. At a terminal, control characters are shown as visible, inert
pictures (ESC as U+241B, and so on; the C1 range as U+FFFD) and a Windows line end as a
plain one, so a pasted escape sequence cannot clear the screen, hide or overwrite text,
retitle the window or write the clipboard of the person reading it.
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def for_terminal(text: str) -> str:
    """The text with control characters other than newline and tab made visible."""
    return _CONTROL.sub(_picture, text.replace("\r\n", "\n"))


def say(text: str = "", stream: TextIO | None = None) -> None:
    """print() for text the pair wrote: exact into a pipe, inert at a terminal."""
    stream = stream if stream is not None else sys.stdout
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        text = for_terminal(text)
    print(text, file=stream)
