"""The footer at 80 columns: every key it shows is whole, none drawn under the palette key."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from rmpair.tui.screens.reflection_log import ReflectionLogScreen
from rmpair.tui.widgets.key_footer import KeyFooter
from tests.tui.conftest import MENTOR_PASSPHRASE, screen_name, unlock, wait_until
from tests.tui.small_screen_walk import SHARES_THE_SMALL_SCREEN_WALK


async def test_keys_that_do_not_fit_are_left_out_whole(pair_vault, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        app.push_screen(ReflectionLogScreen())
        await wait_until(pilot, lambda: screen_name(app) == "ReflectionLogScreen")

        def footer_keys() -> list[FooterKey]:
            return list(app.screen.query_one(KeyFooter).query(FooterKey))

        def fitted() -> bool:
            # Laid out, and fitted to the width (every key starts shown; fitting hides some).
            return all(key.region.width for key in footer_keys() if key.display) and not all(
                key.display for key in footer_keys()
            )

        await wait_until(pilot, fitted)
        keys = footer_keys()
        [palette] = [key for key in keys if key.has_class("-command-palette")]
        shown = [key for key in keys if key.display and key is not palette]
        hidden = [key for key in keys if not key.display]
        assert hidden, "the log has more keys than 80 columns hold, or this test proves nothing"
        assert shown[0].action in ("help", "app.help")
        for key in shown:
            assert key.region.right <= palette.region.x, f"{key.description} runs under the palette key"

        await pilot.resize_terminal(200, 30)
        await wait_until(pilot, lambda: all(key.display for key in footer_keys()))


@SHARES_THE_SMALL_SCREEN_WALK
def test_every_key_in_every_footer_works_there_and_is_spelled_as_typed(small_screen_walk) -> None:
    """On every screen and dialog of the tour, the footer on top is the top screen's own,
    and each key it shows is one that screen answers now: a dialog over a list does not
    offer the list's keys, which do nothing while it is up. Keys read as typed ("Ctrl+L",
    not "^l"), and Help, then the way back, then Lock come first. The check runs at each
    stop of the 80x24 walk (tests/tui/small_screen_walk.py)."""
    from tests.tui.screen_tour import STOPS

    assert small_screen_walk.looked["footer"] == [stop.name for stop in STOPS]
    assert not small_screen_walk.footer, "\n".join(small_screen_walk.footer)
