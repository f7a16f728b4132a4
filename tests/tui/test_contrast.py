"""WCAG contrast on every screen, in every theme, on truecolor and 256-colour terminals.

Each screen of the tour is rendered headless and every run of text is measured against
what it is drawn on (4.5:1), every border, box and focus mark against its neighbour
(3:1), first as drawn and then as a 256-colour terminal shows it after the downgrade to
the xterm palette.

One app visits every screen, once: it starts in the first theme, as a person's saved
choice starts it, and at each stop is switched to every other theme (as settings switches
it) and measured again, then switched back. So each theme is measured as drawn after a
change of mind, which must look the same as a fresh start. One test, so the walk runs
once on one worker; each problem is named by its theme.
"""

from __future__ import annotations

from pathlib import Path

from rmpair.core.settings import Settings, save_settings
from tests.tui.contrast import cells_of, shortfalls
from tests.tui.screen_tour import STOPS, THEMES, make_tour_vault, settle, visit_every_screen


def _measure(app, where: str, problems: list[str]) -> None:
    cells = cells_of(app)
    for eight_bit, terminal in ((False, "truecolor"), (True, "256 colours")):
        # One line per pair of colours: the same shortfall on every row is one fault.
        seen: set[str] = set()
        for shortfall in shortfalls(cells, eight_bit=eight_bit):
            if shortfall.colours not in seen:
                seen.add(shortfall.colours)
                problems.append(f"{where}, {terminal}: {shortfall}")


async def test_every_screen_meets_wcag_contrast_in_every_theme(tmp_path: Path, make_app, settings_path: Path) -> None:
    save_settings(Settings(theme=THEMES[0]), settings_path)
    app = make_app(make_tour_vault(tmp_path))
    problems: dict[str, list[str]] = {theme: [] for theme in THEMES}
    looked: dict[str, list[str]] = {theme: [] for theme in THEMES}
    async with app.run_test(size=(160, 48)) as pilot:

        async def measure_in_every_theme(where: str) -> None:
            for theme in THEMES:
                if app.theme != theme:
                    app.theme = theme
                    await settle(pilot)
                looked[theme].append(where)
                _measure(app, where, problems[theme])
            app.theme = THEMES[0]
            await settle(pilot)

        await visit_every_screen(pilot, measure_in_every_theme)
    every_stop = ["unlock", "recover", *(stop.name for stop in STOPS)]
    assert looked == {theme: every_stop for theme in THEMES}
    found = [f"{theme}, {problem}" for theme in THEMES for problem in problems[theme]]
    assert not found, f"{len(found)} runs under the WCAG minimum:\n" + "\n".join(found[:150])
