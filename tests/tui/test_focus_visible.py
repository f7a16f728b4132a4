"""Focus is visible by more than a colour change, on every screen.

For each part of each screen that can take the focus, what its cells show apart from
colour (their characters and underlines) is compared with focus on it and focus
elsewhere: a heavier border, an underline or a marker must differ, so someone who cannot
tell the colours apart (or a monochrome terminal) still sees where they are.
"""

from __future__ import annotations

from pathlib import Path

from rmpair.core.settings import Settings, save_settings
from tests.tui.conftest import wait_until
from tests.tui.contrast import own_marks
from tests.tui.screen_tour import STOPS, back_home, make_tour_vault, mentor_passphrase, screen_is, settle


async def _check_screen(pilot, where: str, problems: list[str]) -> None:
    app = pilot.app
    screen = app.screen
    chain = list(screen.focus_chain)
    if len(chain) < 2:
        return  # nowhere else for the focus to be: nothing to tell apart
    def drawn(widget):
        # A widget and everything in it (a select's current value, a tab bar's tabs).
        return [own_marks(part) for part in (widget, *widget.walk_children()) if part.display]

    for widget in chain:
        widget.focus()
        await pilot.pause()
        focused = drawn(widget)
        other = next(w for w in chain if w is not widget)
        other.focus()
        await pilot.pause()
        if drawn(widget) == focused:
            problems.append(f"{where}: {type(widget).__name__}#{widget.id} shows focus by colour alone")


async def test_focus_shows_by_more_than_colour_on_every_screen(tmp_path: Path, make_app, settings_path: Path) -> None:
    save_settings(Settings(theme="rmpair"), settings_path)
    app = make_app(make_tour_vault(tmp_path))
    problems: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, screen_is(app, "UnlockScreen"))
        await settle(pilot)
        await _check_screen(pilot, "unlock", problems)
        app.screen.query_one("#unlock-passphrase").focus()
        await pilot.press(*mentor_passphrase(), "enter")
        await wait_until(pilot, screen_is(app, "HomeScreen"))
        for stop in STOPS:
            await stop.go(pilot)
            await _check_screen(pilot, stop.name, problems)
            await back_home(pilot)
    assert not problems, "\n".join(problems)
