"""The app's on/off controls: check boxes and radio buttons whose state shows in the mark.

Textual's own controls draw the same mark on and off ("X" in every check box, "●" in every
radio button) and tell the states apart by colour alone, which a colour-blind reader, a
monochrome terminal (``NO_COLOR``), a high-contrast theme or someone reading the screen
text cannot see. These draw a different character for each state, "✓" or "✗" and "●" or
"○", in a box whose edge stands out from the surface (3:1) and a mark that stands out
from the box (4.5:1) in every palette.

Every screen and widget uses these, never Textual's ``Checkbox``, ``RadioButton`` or
``Switch`` directly; ``tests/tui/test_choices.py`` walks the source to keep it so.
"""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton, RadioSet

TICKED = "✓"
UNTICKED = "✗"
CHOSEN = "●"
NOT_CHOSEN = "○"

# The box and its mark are styled in themes/app.tcss ("On/off controls"), where they
# outrank Textual's own rules for radio buttons inside a radio set.


class TickBox(Checkbox):
    """A check box that shows "✓" when ticked and "✗" when not."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - the name ToggleButton reads
        return TICKED if self.value else UNTICKED


class ChoiceButton(RadioButton):
    """A radio button that shows "●" when chosen and "○" when not."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - the name ToggleButton reads
        return CHOSEN if self.value else NOT_CHOSEN


class ChoiceSet(RadioSet):
    """A set of ``ChoiceButton``s whose highlight starts on the one chosen.

    Textual's radio set highlights its first button when it is shown, whatever is chosen,
    so a list of themes opened on the current one looks as if the first were current.
    """

    def on_mount(self) -> None:
        # Textual runs this class's mount handler before RadioSet's, which highlights the
        # first button: move the highlight once that is done.
        self.call_later(self._highlight_chosen)

    def _highlight_chosen(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index
