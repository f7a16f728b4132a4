"""Settings: remembered between runs, nothing private, and never a crash on a bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from rmpair.core import settings as settings_module
from rmpair.core.settings import (
    DEFAULT_IDLE_MINUTES,
    DEFAULT_THEME,
    Settings,
    load_palettes,
    load_settings,
    parse_idle_minutes,
    save_settings,
)


def test_missing_file_gives_defaults_without_a_message(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "nope.toml")
    assert loaded.settings == Settings()
    assert loaded.problems == ()


def test_saved_settings_come_back(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "settings.toml"
    save_settings(Settings(theme='odd "name"', idle_minutes=12.5), path)
    assert load_settings(path).settings == Settings(theme='odd "name"', idle_minutes=12.5)


def test_default_path_follows_xdg_config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    save_settings(Settings(theme="rmpair-high-contrast"))
    assert (tmp_path / "rmpair" / "settings.toml").is_file()
    assert load_settings().settings.theme == "rmpair-high-contrast"


def test_saved_file_holds_only_theme_and_idle_time(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    save_settings(Settings(), path)
    keys = [line.split("=")[0].strip() for line in path.read_text().splitlines() if "=" in line]
    assert keys == ["theme", "idle_minutes"]


@pytest.mark.parametrize(
    "text, expected_theme, expected_minutes",
    [
        ("this is [not toml", DEFAULT_THEME, DEFAULT_IDLE_MINUTES),
        ('theme = 3\nidle_minutes = 10', DEFAULT_THEME, 10.0),
        ('theme = "x"\nidle_minutes = "soon"', "x", DEFAULT_IDLE_MINUTES),
        ('theme = "x"\nidle_minutes = 0', "x", DEFAULT_IDLE_MINUTES),
        ('theme = "x"\nidle_minutes = true', "x", DEFAULT_IDLE_MINUTES),
    ],
)
def test_a_damaged_file_falls_back_with_a_message(
    tmp_path: Path, text: str, expected_theme: str, expected_minutes: float
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text)
    loaded = load_settings(path)
    assert loaded.settings.theme == expected_theme
    assert loaded.settings.idle_minutes == expected_minutes
    assert loaded.problems, "the person must be told"
    assert all(problem.strip() and "\n" not in problem for problem in loaded.problems)


def test_unreadable_file_falls_back_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.mkdir()  # a folder where the file should be: reading fails with an OSError
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert "using the defaults" in loaded.problems[0]


def test_idle_minutes_typed_by_a_person() -> None:
    assert parse_idle_minutes(" 7 ") == 7.0
    with pytest.raises(ValueError, match="number of minutes"):
        parse_idle_minutes("five")
    with pytest.raises(ValueError, match="1 to 480"):
        parse_idle_minutes("0.5")


def test_shipped_palettes_include_the_three_themes() -> None:
    loaded = load_palettes()
    assert loaded.problems == ()
    names = [palette.name for palette in loaded.palettes]
    assert names[:3] == ["rmpair", "rmpair-high-contrast", "rmpair-colour-blind"]


def test_a_bad_palette_file_is_skipped_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_text('name = "good"\n[colours]\nprimary = "#0072b2"\n')
    (tmp_path / "broken.toml").write_text("name = [")
    (tmp_path / "nameless.toml").write_text('[colours]\nprimary = "#fff"\n')
    (tmp_path / "oddcolour.toml").write_text('name = "odd"\n[colours]\nprimary = "#fff"\nsparkle = "#fff"\n')
    loaded = load_palettes([tmp_path])
    assert [p.name for p in loaded.palettes] == ["good"]
    assert len(loaded.problems) == 3


def test_settings_module_is_plain_python() -> None:
    assert "textual" not in settings_module.__dict__
