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


async def test_every_key_in_every_footer_works_there_and_is_spelled_as_typed(tmp_path, make_app) -> None:
    """On every screen and dialog of the tour, the footer on top is the top screen's own,
    and each key it shows is one that screen answers now: a dialog over a list does not
    offer the list's keys, which do nothing while it is up. Keys read as typed ("Ctrl+L",
    not "^l"), and Help, then the way back, then Lock come first."""
    from tests.tui.screen_tour import STOPS, back_home, make_tour_vault, mentor_passphrase, screen_is

    app = make_app(make_tour_vault(tmp_path))
    problems: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, screen_is(app, "UnlockScreen"))
        await pilot.press(*mentor_passphrase(), "enter")
        await wait_until(pilot, screen_is(app, "HomeScreen"))
        for stop in STOPS:
            await stop.go(pilot)
            screen = app.screen
            footers = list(screen.query(KeyFooter))
            if not footers:
                problems.append(f"{stop.name}: no footer of its own; the one beneath shows through")
                await back_home(pilot)
                continue
            def filled_in() -> bool:
                # A dialog whose every key is its buttons' has an empty footer: ready, not keys.
                return footers[0]._bindings_ready and not footers[0]._recompose_required

            filled_in.__name__ = f"the footer of {stop.name} to fill in"
            await wait_until(pilot, filled_in)
            active = screen.active_bindings
            shown = [key for key in footers[0].query(FooterKey) if key.display]
            for key in shown:
                if key.has_class("-command-palette"):
                    continue
                if key.key not in active or not active[key.key].enabled:
                    problems.append(f"{stop.name}: the footer offers {key.key_display} {key.description}, which does nothing here")
                if "^" in key.key_display:
                    problems.append(f"{stop.name}: {key.key_display!r} is not how the key is typed")
            order = [key.action for key in shown if not key.has_class("-command-palette")]
            firsts = [a for a in order if a in ("app.help", "help", "app.lock", "lock")]
            if order and order[0] not in ("app.help", "help") and "app.help" in order:
                problems.append(f"{stop.name}: Help is not first in the footer: {order}")
            if firsts and firsts[-1] in ("app.lock", "lock") and order.index(firsts[-1]) > 2:
                problems.append(f"{stop.name}: Lock is not among the first keys: {order}")
            await back_home(pilot)
    assert not problems, "\n".join(problems)
