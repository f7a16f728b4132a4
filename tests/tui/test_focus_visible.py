"""Focus is visible by more than a colour change, on every screen.

For each part of each screen that can take the focus, what its cells show apart from
colour (their characters and underlines) is compared with focus on it and focus
elsewhere: a heavier border, an underline or a marker must differ, so someone who cannot
tell the colours apart (or a monochrome terminal) still sees where they are. The check
runs at each stop of the 80x24 walk (tests/tui/small_screen_walk.py).
"""

from __future__ import annotations

from tests.tui.screen_tour import STOPS
from tests.tui.small_screen_walk import SHARES_THE_SMALL_SCREEN_WALK


@SHARES_THE_SMALL_SCREEN_WALK
def test_focus_shows_by_more_than_colour_on_every_screen(small_screen_walk) -> None:
    assert small_screen_walk.looked["focus"] == ["unlock", *(stop.name for stop in STOPS)]
    assert not small_screen_walk.focus, "\n".join(small_screen_walk.focus)
