"""Home is filled once on the way in (it was filled three times, each a walk over every
entry), and again only when the vault changed while another screen was on top."""

from __future__ import annotations

from pathlib import Path

from rmpair.tui.screens.home import HomeScreen
from tests.tui.conftest import MENTOR_PASSPHRASE, screen_text, unlock, wait_until


async def test_home_fills_once_on_the_way_in_and_again_after_a_change(pair_vault: Path, make_app, monkeypatch) -> None:
    reloads: list[int] = []
    original = HomeScreen.reload

    def counted(self, *args, **kwargs):
        reloads.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(HomeScreen, "reload", counted)
    app = make_app(pair_vault)
    async with app.run_test(size=(160, 48)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await wait_until(pilot, lambda: "Next: meeting 1" in screen_text(app))  # drawn, and settled
        assert len(reloads) == 1

        await pilot.press("question_mark")  # the help screen changes nothing
        await wait_until(pilot, lambda: not isinstance(app.screen, HomeScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert len(reloads) == 1

        await pilot.press("question_mark")
        await wait_until(pilot, lambda: not isinstance(app.screen, HomeScreen))
        app.service.mark_held(1)  # as a meeting screen would
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_until(pilot, lambda: "Next: meeting 2" in screen_text(app))
        assert len(reloads) == 2
