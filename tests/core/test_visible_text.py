"""rmpair.core.visible_text.visible: every control character but newline and tab becomes a visible
picture, whether the rest of the text is ASCII (a quicker check) or not."""

from __future__ import annotations

import pytest

from rmpair.core.visible_text import visible

CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n"] + [chr(c) for c in range(0x7F, 0xA0)]


def _picture(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


@pytest.mark.parametrize("rest", ["plain ascii\n\tline", "not ascii: caf\u00e9 \u2603"])
@pytest.mark.parametrize("control", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_each_control_character_becomes_its_picture(rest: str, control: str) -> None:
    assert visible(f"{rest}{control}{rest}") == f"{rest}{_picture(control)}{rest}"


@pytest.mark.parametrize("text", ["", "plain\n\ttext ~ DEL-free", "caf\u00e9\n\u2603 \u00a0 \u2028"])
def test_text_without_controls_is_returned_unchanged(text: str) -> None:
    assert visible(text) is text
