"""Every screen at 80x24, in one walk of the screen tour in the default theme, checked
at each stop for four things:

- clipping: no widget cut off where no scrolling reaches it, no table hiding columns past
  its edge, and the export's "Written:" message leaving the path in view;
- the footer: the top screen's own, every key it shows answered there and spelled as typed
  ("Ctrl+L", not "^l"), with Help, then the way back, then Lock first;
- help: parts of the screen named in words ("In the prompts", not "In PromptPanel"), and
  no command's detail starting by repeating its name;
- focus: shown by more than colour (a border's shape, a marker), so a person who cannot
  tell the colours apart, or a monochrome terminal, still sees where it is.

Each walk unlocks and visits every screen, about a minute under load; the four checks
used to walk once each. They only read the screen, except help (opened and closed again)
and focus (moved, then put back), so one walk serves them all. One test asserts on all
four, each problem named by its check: one test, so the walk runs on one worker once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from rmpair.core.settings import Settings, save_settings
from rmpair.tui.screens.help import HelpScreen
from rmpair.tui.widgets.key_footer import KeyFooter
from tests.tui.clipping import cut_off
from tests.tui.conftest import wait_until
from tests.tui.contrast import own_marks
from tests.tui.screen_tour import STOPS, make_tour_vault, visit_every_screen

HELP_SKIPS = ("help", "settings", "goal-form")
"""Stops help is not read on: help over help, and the two forms whose keys are their fields'."""


@dataclass
class SmallScreenWalk:
    """What each check found, one line per problem, and where each check looked."""

    clipping: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    help: list[str] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)
    looked: dict[str, list[str]] = field(default_factory=dict)

    def saw(self, check: str, where: str) -> None:
        self.looked.setdefault(check, []).append(where)


def _tui_class_names() -> set[str]:
    import rmpair.tui

    names: set[str] = set()
    for source in Path(rmpair.tui.__file__).parent.rglob("*.py"):
        names.update(re.findall(r"^class (\w+)", source.read_text(), re.M))
    return names


def _check_clipping(app, where: str, walk: SmallScreenWalk) -> None:
    walk.saw("clipping", where)
    walk.clipping.extend(f"{where}: {problem}" for problem in cut_off(app.screen))
    if where == "export-written":
        # The message saying where the file went leaves that path in view.
        path = app.screen.query_one("#export-path")
        if path.region != app.screen.find_widget(path).visible_region:
            walk.clipping.append("export-written: the path is hidden under the message about it")


async def _check_footer(pilot: Pilot, where: str, walk: SmallScreenWalk) -> None:
    """The footer on top is the top screen's own, and each key it shows is one that screen
    answers now, spelled as typed, with Help, then the way back, then Lock first."""
    walk.saw("footer", where)
    problems = walk.footer
    screen = pilot.app.screen
    footers = list(screen.query(KeyFooter))
    if not footers:
        problems.append(f"{where}: no footer of its own; the one beneath shows through")
        return

    def filled_in() -> bool:
        # A dialog whose every key is its buttons' has an empty footer: ready, not keys.
        return footers[0]._bindings_ready and not footers[0]._recompose_required

    filled_in.__name__ = f"the footer of {where} to fill in"
    await wait_until(pilot, filled_in)
    active = screen.active_bindings
    shown = [key for key in footers[0].query(FooterKey) if key.display]
    for key in shown:
        if key.has_class("-command-palette"):
            continue
        if key.key not in active or not active[key.key].enabled:
            problems.append(f"{where}: the footer offers {key.key_display} {key.description}, which does nothing here")
        if "^" in key.key_display:
            problems.append(f"{where}: {key.key_display!r} is not how the key is typed")
    order = [key.action for key in shown if not key.has_class("-command-palette")]
    firsts = [a for a in order if a in ("app.help", "help", "app.lock", "lock")]
    if order and order[0] not in ("app.help", "help") and "app.help" in order:
        problems.append(f"{where}: Help is not first in the footer: {order}")
    if firsts and firsts[-1] in ("app.lock", "lock") and order.index(firsts[-1]) > 2:
        problems.append(f"{where}: Lock is not among the first keys: {order}")


async def _help_lines(pilot: Pilot):
    """The help's lines for the current screen, opened as the ? key opens it (the key
    itself would be typed into a text field)."""
    app = pilot.app
    about = app.screen
    await app.run_action("help")
    await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
    lines = app.screen.lines
    await pilot.press("escape")
    await wait_until(pilot, lambda: app.screen is about)
    return lines


async def _check_help(pilot: Pilot, where: str, class_names: set[str], walk: SmallScreenWalk) -> None:
    """Help speaks of parts of the screen in words ("In the prompts", not "In PromptPanel"),
    and a command's detail never starts by repeating its name."""
    walk.saw("help", where)
    for group, _keys, name, detail in await _help_lines(pilot):
        words = set(re.findall(r"\w+", f"{group} {name} {detail}"))
        if words & class_names:
            walk.help.append(f"{where}: a class name in {group!r} / {name!r}")
        if detail and detail.casefold().startswith(name.casefold()):
            walk.help.append(f"{where}: {name!r} repeated in {detail!r}")


async def _check_focus(pilot: Pilot, where: str, walk: SmallScreenWalk) -> None:
    """For each part that can take the focus, what its cells show apart from colour
    (characters, underlines) must differ between focus on it and focus elsewhere."""
    walk.saw("focus", where)
    app = pilot.app
    chain = list(app.screen.focus_chain)
    if len(chain) < 2:
        return  # nowhere else for the focus to be: nothing to tell apart

    def drawn(widget):
        # A widget and everything in it (a select's current value, a tab bar's tabs).
        return [own_marks(part) for part in (widget, *widget.walk_children()) if part.display]

    focused_before = app.focused
    for widget in chain:
        widget.focus()
        await pilot.pause()
        focused = drawn(widget)
        other = next(w for w in chain if w is not widget)
        other.focus()
        await pilot.pause()
        if drawn(widget) == focused:
            walk.focus.append(f"{where}: {type(widget).__name__}#{widget.id} shows focus by colour alone")
    # Where the walk goes next (typing the passphrase, a key on home) starts from the focus it had.
    if focused_before is not None:
        focused_before.focus()
    await pilot.pause()


async def walk_at_80x24(make_app: Callable[..., object], vault: Path) -> SmallScreenWalk:
    """Visit every screen of the tour once, at 80x24, running every check at its stops."""
    walk = SmallScreenWalk()
    class_names = _tui_class_names()
    stops = {stop.name: stop for stop in STOPS}
    app = make_app(vault)
    async with app.run_test(size=(80, 24)) as pilot:
        async def look_at_each(where: str) -> None:
            _check_clipping(app, where, walk)
            if where in stops:
                await _check_footer(pilot, where, walk)
                if stops[where].screen and where not in HELP_SKIPS:
                    await _check_help(pilot, where, class_names, walk)
            if where != "recover":
                await _check_focus(pilot, where, walk)

        await visit_every_screen(pilot, look_at_each)
    return walk


async def test_every_screen_at_80x24_is_whole_keyed_helped_and_shows_its_focus(
    tmp_path: Path, make_app, settings_path: Path
) -> None:
    save_settings(Settings(theme="rmpair"), settings_path)
    walk = await walk_at_80x24(make_app, make_tour_vault(tmp_path))
    every_stop = [stop.name for stop in STOPS]
    assert walk.looked == {
        "clipping": ["unlock", "recover", *every_stop],
        "footer": every_stop,
        "help": [stop.name for stop in STOPS if stop.screen and stop.name not in HELP_SKIPS],
        "focus": ["unlock", *every_stop],
    }
    problems = [
        f"{check}: {problem}"
        for check, found in (("clipping", walk.clipping), ("footer", walk.footer), ("help", walk.help),
                             ("focus", walk.focus))
        for problem in found
    ]
    assert not problems, "\n".join(problems)
