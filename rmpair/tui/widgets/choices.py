"""The app's on/off controls: check boxes and radio buttons whose state shows in the mark.

Textual's own controls draw the same mark on and off ("X" in every check box, "●" in every
radio button) and tell the states apart by colour alone, which a colour-blind reader, a
monochrome terminal (``NO_COLOR``), a high-contrast theme or someone reading the screen
text cannot see. These draw a different character for each state, "✓" or "✗" and "●" or
"○", in a colour that stands out from the box in every palette.

Every screen and widget uses these, never Textual's ``Checkbox``, ``RadioButton`` or
``Switch`` directly; ``tests/tui/test_choices.py`` walks the source to keep it so.
"""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton

TICKED = "✓"
UNTICKED = "✗"
CHOSEN = "●"
NOT_CHOSEN = "○"

# The mark is never the box's own colour: unticked it is the ordinary text colour, ticked
# the theme's success colour, both on the panel colour that every palette sets apart.
_MARK_CSS = """
    & > .toggle--button {
        color: $text;
        background: $panel;
        text-style: bold;
    }
    &.-on > .toggle--button {
        color: $text-success;
        background: $panel;
        text-style: bold;
    }
    &:ansi {
        & > .toggle--button, &.-on > .toggle--button {
            color: $ansi-foreground;
            background: $ansi-background;
            text-style: bold not dim;
        }
    }
"""


class TickBox(Checkbox):
    """A check box that shows "✓" when ticked and "✗" when not."""

    DEFAULT_CSS = "TickBox {" + _MARK_CSS + "}"

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - the name ToggleButton reads
        return TICKED if self.value else UNTICKED


class ChoiceButton(RadioButton):
    """A radio button that shows "●" when chosen and "○" when not."""

    DEFAULT_CSS = "ChoiceButton {" + _MARK_CSS + "}"

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - the name ToggleButton reads
        return CHOSEN if self.value else NOT_CHOSEN
