"""Themes: the app-wide stylesheet and three palettes ship from themes/, the choice is
remembered across restarts, and an unknown theme falls back with a message."""

from __future__ import annotations

import colorsys
import re
from pathlib import Path

import pytest
from textual.color import Color

from rmpair.tui.app import RmpairApp
from rmpair.core.paths import shipped_themes_dir
from rmpair.tui.screens.unlock import UnlockScreen
from rmpair.tui.stylesheets import every_sheet
from rmpair.core.settings import Settings, load_palettes, save_settings
from tests.tui.conftest import FAST_KDF, MENTOR_PASSPHRASE, notices, screen_text, told, unlock, wait_until

THEMES = ["rmpair", "rmpair-high-contrast", "rmpair-colour-blind", "rmpair-light"]


def test_stylesheets_come_from_the_shipped_themes_folder(tmp_path: Path) -> None:
    themes = shipped_themes_dir()
    sheets = every_sheet()
    assert sheets[0] == themes / "app.tcss"
    assert len(sheets) > 2 and all(path.is_file() and path.is_relative_to(themes) for path in sheets)
    app = RmpairApp(tmp_path / "v.rmpair", settings_path=tmp_path / "s.toml")
    assert [Path(path) for path in app.css_path] == [themes / "app.tcss", themes / "screens" / "setup.tcss"]


def _screen_type_names() -> set[str]:
    import importlib
    import pkgutil

    import rmpair.tui.screens
    from textual.screen import Screen

    for module in pkgutil.iter_modules(rmpair.tui.screens.__path__, "rmpair.tui.screens."):
        importlib.import_module(module.name)
    names, todo = set(), [Screen]
    while todo:
        for subclass in todo.pop().__subclasses__():
            names.add(subclass.__name__)
            todo.append(subclass)
    return names


def test_screen_rules_are_nested_under_their_screen() -> None:
    # Screen CSS applies app-wide, so every top-level rule in a screen's sheet must name a
    # screen type, or it would restyle other screens too.
    screen_types = _screen_type_names()
    for sheet in sorted((shipped_themes_dir() / "screens").glob("*.tcss")):
        text = re.sub(r"/\*.*?\*/", "", sheet.read_text(), flags=re.S)
        depth, selectors, current = 0, [], ""
        for char in text:
            if char == "{":
                if depth == 0:
                    selectors.append(current.strip())
                depth += 1
                current = ""
            elif char == "}":
                depth -= 1
                current = ""
            elif depth == 0:
                current += char
        for selector in selectors:
            for part in selector.split(","):
                first_type = part.split()[0]
                assert first_type in screen_types, f"{sheet.name}: '{part.strip()}' is not under a screen type"


def test_stylesheets_use_theme_variables_not_literal_colours() -> None:
    for sheet in every_sheet():
        text = re.sub(r"/\*.*?\*/", "", sheet.read_text(), flags=re.S)
        assert not re.search(r"#[0-9a-fA-F]{3,8}\b|\brgb\(", text), f"{sheet.name} has a literal colour"


def test_four_palettes_are_registered(tmp_path: Path) -> None:
    app = RmpairApp(tmp_path / "v.rmpair", settings_path=tmp_path / "s.toml")
    assert [p.name for p in app.palettes] == THEMES
    assert all(name in app.available_themes for name in THEMES)


def test_colour_blind_palette_has_no_red_green_pair() -> None:
    palette = next(p for p in load_palettes().palettes if p.name == "rmpair-colour-blind")

    def hue(colour: str) -> float:
        r, g, b = Color.parse(colour).rgb
        return colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)[0] * 360

    greens = [name for name, value in palette.colours.items() if 75 <= hue(value) <= 165 and name != "foreground"]
    assert greens == [], f"green in a colour-blind palette: {greens}"


def test_high_contrast_palette_is_black_and_white() -> None:
    palette = next(p for p in load_palettes().palettes if p.name == "rmpair-high-contrast")
    assert Color.parse(palette.colours["background"]) == Color.parse("#000000")
    assert Color.parse(palette.colours["foreground"]) == Color.parse("#ffffff")


async def test_theme_choice_is_remembered_across_restarts(
    pair_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    first = RmpairApp(pair_vault, kdf=FAST_KDF)  # no settings path: the platform config folder
    async with first.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(first.screen, UnlockScreen))
        first.choose_theme("rmpair-colour-blind")
    assert (tmp_path / "xdg" / "rmpair" / "settings.toml").is_file()

    second = RmpairApp(pair_vault, kdf=FAST_KDF)
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(second.screen, UnlockScreen))
        assert second.theme == "rmpair-colour-blind"


async def test_unknown_theme_falls_back_with_a_message(pair_vault: Path, make_app, settings_path: Path) -> None:
    save_settings(Settings(theme="textual-sparkles-2099"), settings_path)
    app = make_app(pair_vault)
    said = notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        assert app.theme == "rmpair"
        assert told(said, "textual-sparkles-2099")


@pytest.mark.parametrize("theme", THEMES)
async def test_every_palette_renders_home(pair_vault: Path, make_app, settings_path: Path, theme: str) -> None:
    save_settings(Settings(theme=theme), settings_path)
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        assert app.theme == theme
        assert "Meeting 1" in screen_text(app)
