"""The style sheets are parsed once, as the app starts and already in the chosen palette, and
not again on the way from the unlock screen to home; nor is an empty screen drawn between.

Textual parses every sheet again (rmpair's and each widget's) when the theme is set on a
running app and when it first shows a mode's screen; that happened three times before the
first paint and twice between Enter and home. The app avoids both, leaning on a private
counter of Textual's (``Screen._css_update_count``): these tests notice if that changes.

Before the first paint only the first screen's sheets are parsed; the rest are parsed once,
just after it (rmpair.tui.stylesheets).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color
from textual.css import stylesheet as textual_stylesheet
from textual.css.stylesheet import Stylesheet

from rmpair.tui.screens.home import HomeScreen
from rmpair.tui.screens.setup import SetupScreen
from rmpair.tui.screens.unlock import UnlockScreen
from rmpair.tui.stylesheets import every_sheet
from rmpair.core.settings import Settings, save_settings
from tests.tui.conftest import MENTOR_PASSPHRASE, unlock, wait_until


@pytest.fixture
def reparses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A name for every full re-parse of the style sheets, as it happens."""
    seen: list[str] = []
    real = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        seen.append("reparse")
        real(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    return seen


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[tuple[str, str], str, int | None]]:
    """Each source as Textual parses it (a miss of its parse cache): where it was read
    from, its scope and its tie-breaker."""
    seen: list[tuple[tuple[str, str], str, int | None]] = []
    real = textual_stylesheet.parse

    def counted(scope, css, read_from, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003 - Textual's own
        seen.append((read_from, scope, kwargs.get("tie_breaker")))
        return real(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counted)
    return seen


def _our_sheets(parsed: list[tuple[tuple[str, str], str, int | None]]) -> list[str]:
    """The names of rmpair's own sheets among ``parsed``, in the order they were parsed."""
    ours = {str(sheet.resolve()): sheet.name for sheet in every_sheet()}
    found = (ours.get(str(Path(path).resolve())) for (path, _), _, _ in parsed if path)
    return [name for name in found if name]


def _parsed_by_first_paint(monkeypatch: pytest.MonkeyPatch, parsed: list) -> list[list[str]]:
    """Filled with the sheets parsed when the app first puts a screen on the terminal."""
    from rmpair.tui.app import RmpairApp

    at_first_paint: list[list[str]] = []
    real_display = RmpairApp._display

    def display(self, screen, renderable) -> None:  # noqa: ANN001 - Textual's own signature
        if renderable is not None and not at_first_paint:
            at_first_paint.append(_our_sheets(parsed))
        real_display(self, screen, renderable)

    monkeypatch.setattr(RmpairApp, "_display", display)
    return at_first_paint


async def test_only_the_unlock_screens_sheets_are_parsed_before_the_first_paint_and_none_on_the_way_home(
    pair_vault: Path, make_app, monkeypatch: pytest.MonkeyPatch, parsed: list, reparses: list[str]
) -> None:
    at_first_paint = _parsed_by_first_paint(monkeypatch, parsed)
    every_name = sorted(sheet.name for sheet in every_sheet())
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: bool(at_first_paint))
        assert at_first_paint[0] == ["app.tcss", "unlock.tcss"]
        # The rest follow once, while the unlock screen waits for a passphrase.
        await wait_until(pilot, lambda: sorted(_our_sheets(parsed)) == every_name)
        await unlock(pilot, MENTOR_PASSPHRASE)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: "help" in type(app.screen).__name__.lower())
    assert sorted(_our_sheets(parsed)) == every_name, "a sheet was parsed twice"
    assert reparses == []


async def test_only_the_set_up_screens_sheets_are_parsed_before_the_first_paint(
    tmp_path: Path, make_app, monkeypatch: pytest.MonkeyPatch, parsed: list
) -> None:
    at_first_paint = _parsed_by_first_paint(monkeypatch, parsed)
    app = make_app(tmp_path / "new" / "pair.rmpair")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: bool(at_first_paint))
        assert isinstance(app.screen, SetupScreen)
        assert at_first_paint[0] == ["app.tcss", "setup.tcss"]
        await wait_until(pilot, lambda: len(_our_sheets(parsed)) == len(every_sheet()))
        assert sorted(_our_sheets(parsed)) == sorted(sheet.name for sheet in every_sheet())


async def test_a_screen_shown_before_the_other_sheets_arrive_is_styled_by_them(
    pair_vault: Path, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Keys typed ahead of the first paint can open a screen before its sheet is read.
    from rmpair.tui.app import RmpairApp
    from rmpair.tui.screens.blank import BlankScreen
    from rmpair.tui.stylesheets import add_the_other_sheets

    held: list[object] = []
    monkeypatch.setattr(RmpairApp, "_add_the_other_sheets", lambda self: held.append(self))
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, BlankScreen))
        assert app.screen.styles.align_horizontal != "center"  # blank.tcss not read yet
        assert add_the_other_sheets(app) is None
        await pilot.pause()
        assert app.screen.styles.align_horizontal == "center"
        assert held, "the app did try to add them after its first paint"


@pytest.mark.parametrize(
    "text",
    ["UnlockScreen { color: red; ", "UnlockScreen { colour: not-a-rule; }", None],
    ids=["unfinished", "unknown-rule", "missing"],
)
async def test_a_shipped_sheet_that_does_not_parse_is_told_and_the_screen_keeps_its_style(
    pair_vault: Path, make_app, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str | None
) -> None:
    import rmpair.tui.stylesheets as stylesheets
    from tests.tui.conftest import notices, told

    broken = tmp_path / "broken.tcss"
    if text is not None:
        broken.write_text(text)
    real = stylesheets.every_sheet
    monkeypatch.setattr(stylesheets, "every_sheet", lambda: [*real(), broken])
    app = make_app(pair_vault)
    said = notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: told(said, "could not be read"))
        assert isinstance(app.screen, UnlockScreen)
        styled = app.screen.styles.background
        await unlock(pilot, MENTOR_PASSPHRASE)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.styles.background == styled


async def test_each_style_source_is_parsed_once_however_many_screens_open(
    tmp_path: Path, make_app, parsed: list
) -> None:
    # Every widget class brings its CSS as a source; Textual kept the last 64 parsed, and
    # past that each screen with a new widget parsed nearly all of them again.
    from collections import Counter

    from tests.tui.screen_tour import fixed_clock, make_tour_vault, stop, visit_every_screen

    with fixed_clock():
        vault = make_tour_vault(tmp_path)
    app = make_app(vault)
    stops = tuple(stop(name) for name in ("meeting", "observation", "reflection", "editor", "goal-form",
                                          "progress", "summary", "export", "help", "share-question"))
    async with app.run_test(size=(100, 30)) as pilot:
        await visit_every_screen(pilot, lambda name: None, stops)
        sources = len(app.stylesheet.source)
    assert sources > 64, f"only {sources} sources: this walk no longer tests what it was written for"
    # A base class's CSS is parsed again, once, when a subclass brings it with a lower
    # tie-breaker (Textual keeps the lowest); that is a new source, not a lost parse.
    counts = Counter((where or Path(path).name, scope, tie_breaker) for (path, where), scope, tie_breaker in parsed)
    twice = sorted(source for source, count in counts.items() if count > 1)
    assert twice == [], f"parsed more than once: {twice}"


def _painted_in(app, theme_name: str) -> None:  # noqa: ANN001 - RmpairApp
    theme = app.available_themes[theme_name]
    assert app.theme == theme_name
    assert app.has_class(f"-theme-{theme_name}")
    assert app.has_class("-dark-mode" if theme.dark else "-light-mode")
    assert not app.has_class("-light-mode" if theme.dark else "-dark-mode")
    assert app.screen.styles.background == Color.parse(theme.background)


@pytest.mark.parametrize("theme_name", ["rmpair-high-contrast", "textual-light"])
async def test_the_first_screen_is_styled_in_the_chosen_palette_without_a_reparse(
    pair_vault: Path, make_app, settings_path: Path, reparses: list[str], theme_name: str
) -> None:
    save_settings(Settings(theme=theme_name), settings_path)
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        assert reparses == []
        _painted_in(app, theme_name)
        await unlock(pilot, MENTOR_PASSPHRASE)
        assert isinstance(app.screen, HomeScreen)
        assert reparses == [], "Enter to home parsed the style sheets again"
        _painted_in(app, theme_name)


async def test_locking_and_unlocking_again_keep_the_palette_without_reparses(
    pair_vault: Path, make_app, settings_path: Path, reparses: list[str]
) -> None:
    save_settings(Settings(theme="rmpair-colour-blind"), settings_path)
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        _painted_in(app, "rmpair-colour-blind")
        await unlock(pilot, MENTOR_PASSPHRASE)
        _painted_in(app, "rmpair-colour-blind")
        assert reparses == []


async def test_choosing_a_palette_while_running_still_restyles_every_screen(
    pair_vault: Path, make_app, settings_path: Path
) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        app.choose_theme("rmpair-high-contrast")
        await pilot.pause()
        _painted_in(app, "rmpair-high-contrast")
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        _painted_in(app, "rmpair-high-contrast")


async def test_no_empty_frame_is_drawn_between_the_unlock_screen_and_home(
    pair_vault: Path, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The unlock screen is the first screen pushed over Textual's empty default screen;
    # taking it away before home is drawn would flash that empty screen.
    from rmpair.tui.app import RmpairApp

    drawn: list[str] = []
    real_display = RmpairApp._display

    def display(self, screen, renderable) -> None:  # noqa: ANN001 - Textual's own signature
        if renderable is not None and self._batch_count == 0:
            drawn.append(type(screen).__name__)
        real_display(self, screen, renderable)

    monkeypatch.setattr(RmpairApp, "_display", display)
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await wait_until(pilot, lambda: "HomeScreen" in drawn)
    shown = [name for i, name in enumerate(drawn) if i == 0 or drawn[i - 1] != name]
    assert shown[:2] == ["UnlockScreen", "HomeScreen"], shown
