"""The app's own preferences, and the colour palettes it can use.

Settings hold nothing private: only the theme's name and how many idle minutes lock the
app. They live in a small TOML file in the user's config folder. A missing file means the
defaults; a damaged file or a value out of range means the defaults too, plus a sentence
the app shows, never a crash.

Palettes are data files (``themes/palettes/*.toml``) so a programme can adjust colours
without touching code. This module only reads them into plain values; the app turns them
into Textual themes (this module must not import textual).
"""

from __future__ import annotations

import json
import os
import secrets
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from rmpair.core import paths
from rmpair.core.small_files import UnsuitableFile, read_small_file
from rmpair.core.visible_text import has_control

SETTINGS_FILENAME = "settings.toml"
MAX_SETTINGS_BYTES = 64 * 1024  # two short lines are written; anything near this is not ours
MAX_THEME_NAME = 100
DEFAULT_THEME = "rmpair"
DEFAULT_IDLE_MINUTES = 5.0
# Shorter than a minute locks people out while they think; longer than a working day is
# no lock at all.
MIN_IDLE_MINUTES = 1.0
MAX_IDLE_MINUTES = 480.0

PALETTE_COLOURS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)


@dataclass(frozen=True)
class Settings:
    theme: str = DEFAULT_THEME
    """The name of the colour palette, as registered with the app."""
    idle_minutes: float = DEFAULT_IDLE_MINUTES
    """After this long without a key press or click, the app locks itself."""

    def with_theme(self, theme: str) -> Settings:
        return replace(self, theme=theme)

    def with_idle_minutes(self, minutes: float) -> Settings:
        return replace(self, idle_minutes=check_idle_minutes(minutes))


@dataclass(frozen=True)
class LoadedSettings:
    settings: Settings
    problems: tuple[str, ...] = ()
    """Sentences to show the person: what was wrong in the file and what was used instead."""


def default_settings_path() -> Path:
    return paths.user_config_dir() / SETTINGS_FILENAME


def check_idle_minutes(minutes: float) -> float:
    if not MIN_IDLE_MINUTES <= minutes <= MAX_IDLE_MINUTES:
        raise ValueError(
            f"Lock after {MIN_IDLE_MINUTES:g} to {MAX_IDLE_MINUTES:g} idle minutes, not {minutes:g}."
        )
    return float(minutes)


def parse_idle_minutes(text: str) -> float:
    """What a person typed in the settings screen, as minutes; ValueError says what is wrong."""
    try:
        minutes = float(text.strip())
    except ValueError:
        raise ValueError(f"Type the number of minutes, for example 5, not '{text.strip()}'.") from None
    return check_idle_minutes(minutes)


def load_settings(path: Path | None = None) -> LoadedSettings:
    path = path or default_settings_path()
    try:
        text = read_small_file(path, MAX_SETTINGS_BYTES).decode("utf-8")
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except UnsuitableFile as error:
        return LoadedSettings(
            Settings(), (f"Your settings file {path} was not read: {error.reason}; using the defaults.",)
        )
    except (OSError, UnicodeDecodeError) as error:
        return LoadedSettings(
            Settings(), (f"Could not read your settings ({_reason(error)}); using the defaults.",)
        )
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return LoadedSettings(
            Settings(),
            (f"Your settings file {path} is damaged ({error}); using the defaults until you save new ones.",),
        )
    except (ValueError, RecursionError):
        # A number too long for Python to read, or brackets nested thousands deep.
        return LoadedSettings(
            Settings(),
            (f"Your settings file {path} is damaged (a value in it cannot be read); using the defaults "
             "until you save new ones.",),
        )
    problems: list[str] = []
    settings = Settings()
    theme = raw.get("theme", DEFAULT_THEME)
    # A name is printed by 'rmpair settings' and shown by the app: control characters
    # in it would be obeyed by the terminal, and no palette's name has any.
    if isinstance(theme, str) and theme.strip() and len(theme) <= MAX_THEME_NAME and not has_control(theme):
        settings = settings.with_theme(theme.strip())
    else:
        problems.append("The theme in your settings is not a name; using the default theme.")
    minutes = raw.get("idle_minutes", DEFAULT_IDLE_MINUTES)
    if isinstance(minutes, bool) or not isinstance(minutes, (int, float)):
        problems.append("The idle minutes in your settings are not a number; locking after 5 minutes.")
    else:
        try:
            settings = settings.with_idle_minutes(float(minutes))
        except ValueError as error:
            problems.append(f"{error} Locking after {DEFAULT_IDLE_MINUTES:g} minutes.")
    return LoadedSettings(settings, tuple(problems))


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings; OSError goes to the caller, who tells the person."""
    path = path or default_settings_path()
    paths.make_private_folder(path.parent)
    # json.dumps of a str is a valid TOML basic string (same escapes), so no TOML writer
    # is needed for two keys.
    text = (
        "# rmpair settings. Nothing private is kept here.\n"
        f"theme = {json.dumps(settings.theme)}\n"
        f"idle_minutes = {settings.idle_minutes!r}\n"
    )
    # A new file of this person's only (whatever the umask), never one already there: a
    # link planted at a fixed temporary name would lead the write somewhere else.
    temporary = path.with_name(f".{path.name}.tmp-{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


# -- palettes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Palette:
    """One colour palette, read from a TOML file; the app makes a Textual theme of it."""

    name: str
    label: str
    description: str
    dark: bool
    colours: dict[str, str]
    variables: dict[str, str] = field(default_factory=dict)
    order: int = 100
    text_alpha: float | None = None
    """How opaque text is; 1.0 for full contrast, None for Textual's default."""


@dataclass(frozen=True)
class LoadedPalettes:
    palettes: tuple[Palette, ...]
    problems: tuple[str, ...] = ()


def palettes_dir() -> Path:
    return paths.shipped_themes_dir() / "palettes"


def load_palettes(directories: Iterable[Path] | None = None) -> LoadedPalettes:
    """Every ``*.toml`` palette in the folders, in their ``order``; bad files become problems."""
    directories = list(directories) if directories is not None else [palettes_dir()]
    found: dict[str, Palette] = {}
    problems: list[str] = []
    for directory in directories:
        for file in sorted(directory.glob("*.toml")):
            try:
                palette = _read_palette(file)
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as error:
                problems.append(f"The palette {file.name} was skipped: {_reason(error)}.")
                continue
            found[palette.name] = palette
    ordered = sorted(found.values(), key=lambda p: (p.order, p.name))
    return LoadedPalettes(tuple(ordered), tuple(problems))


def _read_palette(file: Path) -> Palette:
    raw = tomllib.loads(file.read_text(encoding="utf-8"))
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError("it has no name")
    colours_raw = raw.get("colours", {})
    if not isinstance(colours_raw, dict) or "primary" not in colours_raw:
        raise ValueError("it needs a [colours] table with at least 'primary'")
    colours = {}
    for key, value in colours_raw.items():
        if key not in PALETTE_COLOURS:
            raise ValueError(f"'{key}' is not a palette colour; use {', '.join(PALETTE_COLOURS)}")
        if not isinstance(value, str):
            raise ValueError(f"the colour '{key}' is not text like \"#0072b2\"")
        colours[key] = value
    variables_raw = raw.get("variables", {})
    if not isinstance(variables_raw, dict) or not all(isinstance(v, str) for v in variables_raw.values()):
        raise ValueError("[variables] must map names to colour text")
    order = raw.get("order", 100)
    text_alpha = raw.get("text_alpha")
    if text_alpha is not None and (
        isinstance(text_alpha, bool) or not isinstance(text_alpha, (int, float)) or not 0 < text_alpha <= 1
    ):
        raise ValueError("text_alpha must be a number above 0 and at most 1")
    return Palette(
        name=name.strip(),
        label=str(raw.get("label", name)).strip(),
        description=str(raw.get("description", "")).strip(),
        dark=bool(raw.get("dark", True)),
        colours=colours,
        variables=dict(variables_raw),
        order=order if isinstance(order, int) else 100,
        text_alpha=float(text_alpha) if text_alpha is not None else None,
    )


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error) or type(error).__name__
