"""Every screen whole at 80x24: no part of any screen or dialog of the tour is cut off
where no scrolling reaches it, and no table hides columns past its edge."""

from __future__ import annotations

from pathlib import Path

from tests.tui.clipping import cut_off
from tests.tui.conftest import wait_until
from tests.tui.screen_tour import STOPS, back_home, make_tour_vault, mentor_passphrase, screen_is, settle


async def test_no_screen_is_cut_off_at_80x24(tmp_path: Path, make_app) -> None:
    app = make_app(make_tour_vault(tmp_path))
    problems: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, screen_is(app, "UnlockScreen"))
        await settle(pilot)
        problems += [f"unlock: {p}" for p in cut_off(app.screen)]
        await pilot.press("ctrl+r")
        await wait_until(pilot, screen_is(app, "RecoverScreen"))
        await settle(pilot)
        problems += [f"recover: {p}" for p in cut_off(app.screen)]
        await pilot.press("escape")
        await wait_until(pilot, screen_is(app, "UnlockScreen"))
        await pilot.press(*mentor_passphrase(), "enter")
        await wait_until(pilot, screen_is(app, "HomeScreen"))
        for stop in STOPS:
            await stop.go(pilot)
            problems += [f"{stop.name}: {p}" for p in cut_off(app.screen)]
            if stop.name == "export-written":
                # The message saying where the file went leaves that path in view.
                path = app.screen.query_one("#export-path")
                if path.region != app.screen.find_widget(path).visible_region:
                    problems.append("export-written: the path is hidden under the message about it")
            await back_home(pilot)
    assert not problems, "\n".join(problems)
