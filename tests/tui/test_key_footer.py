"""The footer at 80 columns: every key it shows is whole, none drawn under the palette key."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from rmpair.tui.screens.reflection_log import ReflectionLogScreen
from rmpair.tui.widgets.key_footer import KeyFooter
from tests.tui.conftest import MENTOR_PASSPHRASE, screen_name, unlock, wait_until


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
