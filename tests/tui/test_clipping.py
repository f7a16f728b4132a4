"""Every screen whole at 80x24: no part of any screen or dialog of the tour is cut off
where no scrolling reaches it, and no table hides columns past its edge."""

from __future__ import annotations

from tests.tui.screen_tour import STOPS
from tests.tui.small_screen_walk import SHARES_THE_SMALL_SCREEN_WALK


@SHARES_THE_SMALL_SCREEN_WALK
def test_no_screen_is_cut_off_at_80x24(small_screen_walk) -> None:
    assert small_screen_walk.looked["clipping"] == ["unlock", "recover", *(stop.name for stop in STOPS)]
    assert not small_screen_walk.clipping, "\n".join(small_screen_walk.clipping)
