"""rmpair's style sheets: the first screen's are parsed before the first paint, the rest
just after it, while a person reads that screen.

Parsing all of rmpair's sheets before the first paint took 38 ms on a busy machine, the
first screen's alone 11 ms. Textual's own way to load a sheet with its screen
(``Screen.CSS_PATH``) re-parses every source from nothing the first time that screen
shows (``App._load_screen_css`` calls ``Stylesheet.reparse``), which would put a whole
parse between Enter and home. So the rest are added to the app's stylesheet after the
first paint and parsed there at once: Textual's parse cache keeps the sheets already
parsed, and it is emptied whenever the palette's variables change, so nothing parsed in
one palette survives into another.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual.app import App
from textual.cache import LRUCache
from textual.css.stylesheet import Stylesheet, StylesheetError
from textual.css.tokenizer import TokenError

from rmpair.core.paths import shipped_themes_dir

APP_SHEET = "app.tcss"
FIRST_SCREEN_SHEETS = {"unlock": "unlock.tcss", "setup": "setup.tcss"}
"""The sheet each possible first screen needs, besides the app's."""


SHEETS_NOT_LOADED = (
    "Some of rmpair's screen layouts could not be read, so some screens may look plain. "
    "Reinstalling rmpair should mend it."
)


PARSES_KEPT = 512
"""Parsed sources a stylesheet keeps: well above the ~90 (rmpair's sheets and every
widget's default CSS) the whole app shows."""


def keep_every_parse(stylesheet: Stylesheet) -> None:
    """Let ``stylesheet`` keep every source it has parsed until the palette changes.

    Textual keeps the last 64 parsed sources. Each widget class brings its own default CSS
    as a source, and each time a new one arrives every source is parsed again from the
    cache; past 64 sources the cache no longer holds them all, so opening a screen with a
    widget not seen before re-parsed nearly all of them: 0.3 to 0.45 s the first time
    progress, summary or an observation opened (on a busy 2-core machine). The cache is
    emptied whenever the palette's variables change (``Stylesheet.set_variables``).
    (A private attribute of Textual's: tests/tui/test_style_parses.py notices if it goes.)
    """
    stylesheet._parse_cache = LRUCache(PARSES_KEPT)


def every_sheet() -> list[Path]:
    """rmpair's sheets in the order they apply: the app's, then each screen's by name."""
    themes = shipped_themes_dir()
    return [themes / APP_SHEET, *sorted((themes / "screens").glob("*.tcss"))]


def first_sheets(first_screen: str) -> list[Path]:
    """The sheets ``first_screen`` ("unlock" or "setup") needs before it is painted."""
    themes = shipped_themes_dir()
    return [themes / APP_SHEET, themes / "screens" / FIRST_SCREEN_SHEETS[first_screen]]


def _location(sheet: Path) -> tuple[str, str]:
    # How Stylesheet.read names a file's source.
    return (os.path.abspath(sheet), "")


def add_the_other_sheets(app: App[object]) -> str | None:
    """Read and parse every rmpair sheet the app has not read yet, and restyle the screens
    already shown with them. Returns a problem to tell, or None.

    The sources are put back in the order they apply in (rmpair's sheets first, as when all
    were read at start), so a rule that two sheets both set resolves as it always did.
    """
    stylesheet = app.stylesheet
    sheets = every_sheet()
    missing = [sheet for sheet in sheets if not stylesheet.has_source(*_location(sheet))]
    if not missing:
        return None
    before = dict(stylesheet.source)
    try:
        for sheet in missing:
            stylesheet.read(sheet)
        ours = [_location(sheet) for sheet in sheets]
        stylesheet.source = {
            **{location: stylesheet.source[location] for location in ours},
            **{location: source for location, source in stylesheet.source.items() if location not in ours},
        }
        stylesheet.parse()
    except (StylesheetError, TokenError):
        # A shipped sheet that does not read or parse: keep the screens styled as they are.
        stylesheet.source = before
        stylesheet.parse()
        return SHEETS_NOT_LOADED
    for screen in app.screen_stack:
        stylesheet.update(screen)
    return None
