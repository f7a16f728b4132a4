"""Every screen as a picture, at 80x24 and 160x48, in the default and the high-contrast
theme, compared with the pictures a person last looked at and accepted.

The pictures are SVGs in ``__snapshots__/test_snapshots/`` beside this file, compared
with pytest-textual-snapshot's own SVG extension of syrupy. After a change meant to alter
what a screen shows, look at the new pictures and accept them with

    pytest tests/tui/test_snapshots.py --snapshot-update

One walk of the screen tour per size: at each stop the picture is taken in the default
theme, the theme is switched to high contrast (as settings switches it), taken again and
switched back. Everything that would differ between runs is held still: the demo vault is
seeded on fixed dates with a fixed clock, named relative to its folder so its path reads
the same on every machine, "today" is the tour's day, home is a fixed folder, blinking
cursors are held still, and messages that time out are cleared before each picture.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_textual_snapshot import SVGImageExtension
from textual.widgets import Input, TextArea

from rmpair.core.settings import Settings, save_settings
from tests.tui.screen_tour import SIZES, STOPS, fixed_today, make_tour_vault, settle, visit_every_screen

PICTURED_THEMES = ("rmpair", "rmpair-high-contrast")
STILL_TRIES = 20
"""Pictures taken at most while waiting for a screen to stop changing; one that never
does is compared as last seen, and differs."""


async def _still_picture(pilot, title: str) -> str:
    """The screen once it has stopped changing: taken until two pictures in a row agree.

    A screen can still be arriving after its workers and animations are done (focus set
    after the first refresh, a scroll asked for after layout), later on a loaded machine.
    What moves with the clock is held: a cursor is shown where the focus is, and only
    there, instead of blinking, and messages that time out are cleared."""
    app = pilot.app
    previous = None
    for _ in range(STILL_TRIES):
        app.clear_notifications()
        await settle(pilot)
        for field in [*app.screen.query(Input), *app.screen.query(TextArea)]:
            # The widgets' own way to stop the blink with the cursor shown or hidden. Not
            # cursor_blink = False: TextArea then draws lines cached before the focus came.
            field._pause_blink(visible=field.has_focus)
            field.refresh()
        await pilot.pause()
        picture = app.export_screenshot(title=title)
        if picture == previous:
            break
        previous = picture
    return picture


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_every_screen_looks_as_last_accepted(
    size: tuple[int, int], tmp_path: Path, make_app, settings_path: Path, snapshot, monkeypatch
) -> None:
    save_settings(Settings(theme=PICTURED_THEMES[0]), settings_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", "/home/mentor")
    pictures = snapshot.use_extension(SVGImageExtension)
    differ: list[str] = []
    taken: list[str] = []
    different = tmp_path / "different"
    with fixed_today():
        app = make_app(make_tour_vault(Path(".")))
        async with app.run_test(size=size) as pilot:

            async def picture_in_each_theme(where: str) -> None:
                for theme in PICTURED_THEMES:
                    if app.theme != theme:
                        app.theme = theme
                    name = f"{where}-{theme}"
                    svg = await _still_picture(pilot, name)
                    taken.append(name)
                    if not pictures(name=name) == svg:
                        different.mkdir(exist_ok=True)
                        (different / f"{name}.svg").write_text(svg)
                        differ.append(name)
                app.theme = PICTURED_THEMES[0]
                await settle(pilot)

            await visit_every_screen(pilot, picture_in_each_theme)
    every_stop = ["unlock", "recover", *(stop.name for stop in STOPS)]
    assert taken == [f"{where}-{theme}" for where in every_stop for theme in PICTURED_THEMES]
    assert not differ, (
        f"{len(differ)} screens look different from their accepted pictures (the new ones are in "
        f"{different}; if the change is meant, look at them and run pytest with --snapshot-update): "
        + ", ".join(differ)
    )
