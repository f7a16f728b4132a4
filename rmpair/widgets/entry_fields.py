"""Small form parts shared by the writing screens."""

from __future__ import annotations

from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A check box whose state shows as a mark, not only a colour: "X" ticked, blank not.

    Textual's own check box draws an "X" either way and tells the states apart by colour,
    which someone who cannot tell the colours apart, or who uses a high-contrast theme,
    cannot read.
    """

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - the name ToggleButton reads
        return "X" if self.value else " "
