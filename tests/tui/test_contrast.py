"""WCAG contrast on every screen, in every theme, on truecolor and 256-colour terminals.

Each screen of the tour is rendered headless and every run of text is measured against
what it is drawn on (4.5:1), every border, box and focus mark against its neighbour
(3:1), first as drawn and then as a 256-colour terminal shows it after the downgrade to
the xterm palette. One app per theme visits every screen, so the test stays quick.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rmpair.core.settings import Settings, save_settings
from tests.tui.contrast import cells_of, shortfalls
from tests.tui.screen_tour import THEMES, make_tour_vault, visit_every_screen


def _measure(app, where: str, problems: list[str]) -> None:
    cells = cells_of(app)
    for eight_bit, terminal in ((False, "truecolor"), (True, "256 colours")):
        # One line per pair of colours: the same shortfall on every row is one fault.
        seen: set[str] = set()
        for shortfall in shortfalls(cells, eight_bit=eight_bit):
            if shortfall.colours not in seen:
                seen.add(shortfall.colours)
                problems.append(f"{where}, {terminal}: {shortfall}")


@pytest.mark.parametrize("theme", THEMES)
async def test_every_screen_meets_wcag_contrast(tmp_path: Path, make_app, settings_path: Path, theme: str) -> None:
    save_settings(Settings(theme=theme), settings_path)
    vault = make_tour_vault(tmp_path)
    app = make_app(vault)
    problems: list[str] = []
    async with app.run_test(size=(160, 48)) as pilot:
        await visit_every_screen(pilot, lambda where: _measure(app, where, problems))
    assert not problems, f"{len(problems)} runs under the WCAG minimum:\n" + "\n".join(problems[:150])
