"""Every screen whole at 80x24: no part of any screen or dialog of the tour is cut off
where no scrolling reaches it, and no table hides columns past its edge."""

from __future__ import annotations

from pathlib import Path

from tests.tui.clipping import cut_off
from tests.tui.screen_tour import make_tour_vault, visit_every_screen


async def test_no_screen_is_cut_off_at_80x24(tmp_path: Path, make_app) -> None:
    app = make_app(make_tour_vault(tmp_path))
    problems: list[str] = []

    def look(where: str) -> None:
        problems.extend(f"{where}: {problem}" for problem in cut_off(app.screen))
        if where == "export-written":
            # The message saying where the file went leaves that path in view.
            path = app.screen.query_one("#export-path")
            if path.region != app.screen.find_widget(path).visible_region:
                problems.append("export-written: the path is hidden under the message about it")

    async with app.run_test(size=(80, 24)) as pilot:
        await visit_every_screen(pilot, look)
    assert not problems, "\n".join(problems)
