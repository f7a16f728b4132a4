"""Radio buttons and checkboxes whose state shows in the glyph, not only in its colour.

Textual draws the same mark for on and off and tells them apart by colour, which a
colour-blind reader, a monochrome terminal or a screen reader reading the text cannot.
These draw "●" or "✓" when chosen, and "○" or a blank when not.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox, RadioButton


class MarkedRadioButton(RadioButton):
    @property
    def _button(self) -> Content:
        # An instance attribute shadows the class's mark for this one button.
        self.BUTTON_INNER = "●" if self.value else "○"
        return super()._button


class MarkedCheckbox(Checkbox):
    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button
