"""Every on/off control shows its state in its mark, in every palette and without colour.

Textual's stock check boxes and radio buttons draw the same mark on and off and differ
only in colour. rmpair's screens use the controls in ``rmpair.widgets.choices`` instead;
these tests walk the source to prove no stock control is left, then render every
control the app has, on and off, and compare what they show.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.geometry import Region
from textual.strip import Strip
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import RadioButton
from textual.widgets._toggle_button import ToggleButton

import rmpair
from rmpair.core.settings import load_palettes
from rmpair.tui.widgets import choices
from tests.tui.conftest import MENTOR_PASSPHRASE, unlock, wait_until
from tests.tui.review_harness import stylesheets

STOCK_CONTROLS = {"Checkbox", "RadioButton", "Switch", "ToggleButton"}
TEXTUAL_WIDGETS = {"textual.widgets", "textual.widgets._checkbox", "textual.widgets._radio_button",
                   "textual.widgets._switch", "textual.widgets._toggle_button"}
PALETTES = load_palettes().palettes


def rmpair_modules() -> Iterator[Path]:
    yield from sorted(Path(rmpair.__file__).parent.rglob("*.py"))


def stock_uses(path: Path) -> list[str]:
    """Where a module makes or subclasses one of Textual's on/off controls (using the name
    in a query or an isinstance is fine: rmpair's controls are subclasses)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    names: dict[str, str] = {}  # local name -> the stock control it is
    modules: set[str] = set()  # local names of textual.widgets itself
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in TEXTUAL_WIDGETS:
            names.update({alias.asname or alias.name: alias.name for alias in node.names if alias.name in STOCK_CONTROLS})
        elif isinstance(node, ast.ImportFrom) and node.module == "textual":
            modules.update(alias.asname or alias.name for alias in node.names if alias.name == "widgets")
        elif isinstance(node, ast.Import):
            modules.update(alias.asname or alias.name for alias in node.names if alias.name in TEXTUAL_WIDGETS)

    def stock(expression: ast.expr) -> str | None:
        if isinstance(expression, ast.Name):
            return names.get(expression.id)
        if isinstance(expression, ast.Attribute) and expression.attr in STOCK_CONTROLS:
            return expression.attr if ast.unparse(expression.value) in modules else None
        return None

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and stock(node.func):
            found.append(f"{path.name}:{node.lineno} makes a stock {stock(node.func)}")
        if isinstance(node, ast.ClassDef):
            found += [f"{path.name}:{node.lineno} subclasses {stock(base)}" for base in node.bases if stock(base)]
    return found


def test_no_screen_or_widget_uses_a_stock_on_off_control() -> None:
    allowed = Path(choices.__file__)
    found = [use for path in rmpair_modules() if path != allowed for use in stock_uses(path)]
    assert not found, "use TickBox or ChoiceButton from rmpair.widgets.choices:\n" + "\n".join(found)


def test_the_source_walk_finds_a_stock_control(tmp_path: Path) -> None:
    # The walk must be able to fail: each way of writing a stock control is found.
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from textual.widgets import Checkbox, RadioButton as Radio\n"
        "import textual.widgets as tw\n"
        "from textual import widgets\n"
        "class Mine(Checkbox): pass\n"
        "a = Radio('x')\n"
        "b = tw.Switch()\n"
        "c = widgets.Checkbox('y')\n"
        "d = isinstance(a, Checkbox)\n"
    )
    assert len(stock_uses(sample)) == 4


def on_off_controls() -> list[type[ToggleButton]]:
    """Every on/off control class rmpair defines (its screens and widgets imported)."""
    for package in ("rmpair.tui.screens", "rmpair.tui.widgets"):
        for module in pkgutil.iter_modules(importlib.import_module(package).__path__, f"{package}."):
            importlib.import_module(module.name)
    found, todo = [], [ToggleButton]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.startswith("rmpair."):
                found.append(subclass)
    return found


def test_every_on_off_control_is_one_of_the_shared_ones() -> None:
    controls = on_off_controls()
    assert {control.__module__ for control in controls} == {choices.__name__}
    assert {control.__name__ for control in controls} >= {"TickBox", "ChoiceButton"}


def screens_with_controls(folder: Path) -> dict[str, Callable[[], Screen[Any]]]:
    """A screen of each kind that has on/off controls on it."""
    from rmpair.tui.screens.closing_review import ClosingReviewScreen
    from rmpair.tui.screens.entry_editor import EntryEditorScreen
    from rmpair.tui.screens.export import ExportScreen
    from rmpair.tui.screens.summary import SummaryScreen
    from rmpair.tui.screens.observation import ObservationScreen
    from rmpair.tui.screens.reflection import ReflectionScreen
    from rmpair.tui.screens.settings import SettingsScreen
    from rmpair.tui.screens.setup import RecoveryCodeScreen, SetupScreen
    from rmpair.tui.screens.talking_points import TalkingPointsScreen

    return {
        "export": lambda: ExportScreen(folder),
        "summary": lambda: SummaryScreen(folder),
        "closing review": ClosingReviewScreen,
        "settings": SettingsScreen,
        "set-up": lambda: SetupScreen(folder / "new.rmpair"),
        "recovery code": lambda: RecoveryCodeScreen("Ada", "ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34567"),
        "reflection": lambda: ReflectionScreen(meeting=1),
        "observation": lambda: ObservationScreen(meeting=1),
        "talking points": lambda: TalkingPointsScreen(meeting=1),
        "note": lambda: EntryEditorScreen(kind="note", meeting=1),
    }


def control_line(control: ToggleButton) -> Strip:
    """The control's line as the terminal gets it (a tall control's middle line)."""
    line = control.content_region.y - control.region.y
    return control.render_lines(Region(0, 0, *control.region.size))[line]


async def test_every_control_on_every_screen_says_on_or_off_in_text_without_colour(
    pair_vault: Path, make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(pair_vault)
    assert app.no_color
    seen = 0
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        for name, make_screen in screens_with_controls(tmp_path).items():
            screen = make_screen()
            await app.push_screen(screen)
            await wait_until(pilot, lambda: screen.is_current and screen.query(ToggleButton))
            for control in screen.query(ToggleButton):
                where = f"{name}: {control.label.plain!r}"
                if isinstance(control, RadioButton) and control.value:
                    # A chosen radio button is unchosen by choosing another in its set.
                    others = [other for other in control.parent.query(RadioButton) if other is not control]
                    others[0].value = True
                else:
                    control.value = False
                await pilot.pause()
                off = control_line(control).text
                control.value = True
                await pilot.pause()
                on = control_line(control).text
                assert control.label.plain[:10] in off, f"{where} is not drawn whole: {off!r}"
                assert off != on, f"{where} looks the same on and off without colour: {off!r}"
                seen += 1
            await app.pop_screen()
    assert seen >= 15  # the export's four, RACE tags, set-up's roles, the palettes, ...


def contrast(one: Any, other: Any) -> float:
    """The WCAG contrast ratio of two Rich colours."""

    def luminance(colour: Any) -> float:
        channels = [value / 255 for value in colour.get_truecolor()]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


class ControlsHarness(App[None]):
    """Each of rmpair's on/off controls, compact and tall, in one palette."""

    CSS_PATH = stylesheets()

    def __init__(self, theme: str) -> None:
        super().__init__()
        for palette in PALETTES:
            extra = {"text_alpha": palette.text_alpha} if palette.text_alpha is not None else {}
            self.register_theme(
                Theme(name=palette.name, dark=palette.dark, variables=palette.variables, **palette.colours, **extra)
            )
        self._theme_name = theme

    def compose(self) -> ComposeResult:
        with Vertical():
            for control in on_off_controls():
                for compact in (False, True):
                    yield control("Also include my own private entries", compact=compact)

    def on_mount(self) -> None:
        self.theme = self._theme_name
        self.set_focus(None)


@pytest.mark.parametrize("theme", [palette.name for palette in PALETTES])
async def test_the_mark_stands_out_from_its_box_in_every_palette(theme: str) -> None:
    marks = {"TickBox": (choices.UNTICKED, choices.TICKED), "ChoiceButton": (choices.NOT_CHOSEN, choices.CHOSEN)}
    app = ControlsHarness(theme)
    async with app.run_test(size=(60, 30)) as pilot:
        await pilot.pause()
        assert {type(control).__name__ for control in app.query(ToggleButton)} == set(marks)
        for control in app.query(ToggleButton):
            for value, mark in zip((False, True), marks[type(control).__name__]):
                control.value = value
                await pilot.pause()
                [segment] = [segment for segment in control_line(control) if mark in segment.text]
                ratio = contrast(segment.style.color, segment.style.bgcolor)
                name = f"{type(control).__name__}{' (compact)' if control.compact else ''}"
                assert ratio >= 3, f"{name}'s {mark} has contrast {ratio:.1f} in {theme}"
