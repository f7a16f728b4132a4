"""The pair's words made safe to show on a terminal, by the app and by the command line.

Control characters (ESC, BEL, the C1 range...) would be obeyed by a terminal: a pasted
"ESC [2J" clears the screen, an OSC 52 writes the clipboard. Each one becomes a visible
picture instead (ESC as U+241B; C1, which has no pictures, as U+FFFD), one for one, so an
offset into the real text still lands on the same character. Newline and tab stay.
"""

from __future__ import annotations

import re

_PICTURES = {code: 0x2400 + code for code in range(0x20) if chr(code) not in "\t\n"}
_PICTURES[0x7F] = 0x2421
_PICTURES.update({code: 0xFFFD for code in range(0x80, 0xA0)})
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with every control character except newline and tab shown as a picture."""
    # translate() walks every character in Python's slow path; most text has no control
    # character at all, and a text area asks again for a long line on every redraw.
    return text.translate(_PICTURES) if _has_control(text) else text


def has_control(text: str) -> bool:
    """Whether ``text`` holds a control character a terminal would obey (not newline or tab)."""
    return _has_control(text)


# The ASCII part of _CONTROL, as bytes.
_ASCII_CONTROL = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])


def _has_control(text: str) -> bool:
    if text.isascii():
        # Deleting control bytes in C is several times quicker than the pattern's search,
        # and an export asks this of every body.
        raw = text.encode("ascii")
        return len(raw.translate(None, _ASCII_CONTROL)) != len(raw)
    return _CONTROL.search(text) is not None
