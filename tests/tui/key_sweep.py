"""Trying every short run of keys on a screen, with one app for all of them.

A person's fingers do not follow the path a test author imagines, so the trust tests
(review together, sharing) try every sequence of a few keys. Trying each sequence in a
fresh app would take minutes; instead a ``Sweep`` keeps one app, puts the screen back to
the same start when it must, and explores what the screen looks like after each key
(``ui_state``): two sequences that leave the screen in the same state have the same
futures, so each key is pressed once in each state. Every sequence of up to ``depth``
keys is thereby covered, with one key press per state and key.

``ui_state`` is the part of the screen a key can act on: the screens, which widget has
the focus, what each control holds and whether it is shown. What is typed into a
text area is left out (typing more text never changes what a key does in a form), and
each test says how the value of a one-line field is to be counted. The footer is left out
too: it only lists keys, and which of them fit is settled a refresh after each change of
focus, so reading it made the same state look like two on a loaded machine.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from textual.app import App
from textual.css.query import NoMatches
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, OptionList, Select, TextArea
from textual.widgets._toggle_button import ToggleButton

from rmpair.tui.widgets.entry_privacy import PrivacyToggle


def _path(widget: Widget) -> tuple[str, ...]:
    """Where a widget is, by type and id (or place among its siblings), from its screen."""
    steps = []
    node: Any = widget
    while node is not None and node is not widget.screen:
        parent = node.parent
        place = node.id or str(list(parent.children).index(node) if parent is not None else 0)
        steps.append(f"{type(node).__name__}#{place}")
        node = parent
    return tuple(reversed(steps))


def ui_state(app: App[Any], *, field_value: Callable[[Input], Hashable] = lambda field: field.value) -> Hashable:
    """What a key pressed now, or after the screens above are gone, could act on (see the
    module docstring), for every screen on the stack."""
    return tuple(_screen_state(screen, field_value) for screen in app.screen_stack)


def _screen_state(screen: Screen[Any], field_value: Callable[[Input], Hashable]) -> Hashable:
    parts: list[Hashable] = []
    footer_parts = {part for footer in screen.query(Footer) for part in (footer, *footer.query("*"))}
    for widget in screen.query("*"):
        if isinstance(widget, TextArea) or widget in footer_parts:
            continue
        held: Hashable = None
        if isinstance(widget, Input):
            held = field_value(widget)
        elif isinstance(widget, ToggleButton):
            held = widget.value
        elif isinstance(widget, PrivacyToggle):
            held = widget.private
        elif isinstance(widget, Select):
            held = (widget.value, widget.expanded)
        elif isinstance(widget, OptionList):
            held = widget.highlighted
        elif isinstance(widget, Button):
            held = (widget.disabled, widget.variant)
        parts.append((_path(widget), widget.display, widget.disabled, held))
    focused = _path(screen.focused) if screen.focused is not None else ()
    return (type(screen).__name__, focused, tuple(parts))


def _difference(first: Hashable, second: Hashable, limit: int = 3) -> str:
    """Where two states differ, as the first few leaves that differ, so a failure names the
    widget whose state was not repeatable rather than two long reprs cut short."""
    found: list[str] = []

    def walk(a: Any, b: Any, where: str) -> None:
        if len(found) >= limit or a == b:
            return
        if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
            for index, (x, y) in enumerate(zip(a, b)):
                walk(x, y, f"{where}[{index}]")
        else:
            found.append(f"{where}: {repr(a)[:200]} then {repr(b)[:200]}")

    walk(first, second, "state")
    return "; ".join(found)


@dataclass
class Sweep:
    """How to run one sequence: put the screen back, press, wait, look."""

    pilot: Pilot[Any]
    start: Callable[[], Awaitable[None]]
    """Put the app back to the starting screen, ready for the first key."""
    check: Callable[[tuple[str, ...]], None]
    """Raise AssertionError if what the keys so far did is wrong."""
    state: Callable[[], Hashable]
    """The state to compare (``ui_state`` plus whatever the test's check depends on)."""
    settle: Callable[[], Awaitable[None]]
    """Wait until the key's work has finished (a worker, a dialog opening)."""
    before_key: Callable[[str], None] = lambda key: None
    """Called with each key just before it is pressed (to note what it was pressed on)."""
    finished: Callable[[], bool] = lambda: False
    """True when nothing further can happen (the screen under test is gone)."""
    runs: int = 0
    sequences: dict[Hashable, tuple[str, ...]] = field(default_factory=dict)

    async def play(self, keys: tuple[str, ...]) -> Hashable:
        """From the start, press ``keys``; the state they lead to."""
        await self.start()
        self.runs += 1
        for number in range(len(keys)):
            await self.press(keys[: number + 1])
        return self.state()

    async def press(self, keys: tuple[str, ...], shortest: tuple[str, ...] | None = None) -> None:
        """Press the last of ``keys`` (the others are already pressed) and check.
        ``shortest`` is the shortest sequence known to lead to the same state."""
        await self.pilot.press(keys[-1])
        await self.settle()
        try:
            self.check(keys)
        except AssertionError as problem:
            said = " ".join(shortest if shortest is not None else keys)
            raise AssertionError(f"after the keys {said} (pressed: {' '.join(keys)}): {problem}") from None

    async def every_sequence(self, keys: Sequence[str] | Callable[[], Sequence[str]], depth: int) -> None:
        """Press every key in every state that some sequence of fewer than ``depth`` keys
        reaches, so every sequence up to ``depth`` keys long is covered. ``keys`` may be
        a function of the state the app is in (the keys that mean something there).

        Starting again is the costly part, so the walk carries on from wherever the last
        key left the app: it presses a key not yet tried there, or else walks by keys
        already seen to a state that has one. Only when no such way is known (the
        screen under test is gone) does it start again, and play the shortest sequence
        known to a state with keys left.
        """

        def keys_here() -> list[str]:
            return list(keys() if callable(keys) else keys)

        start = await self.play(())
        self.sequences = {start: ()}
        untried: dict[Hashable, list[str]] = {start: keys_here()}
        edges: dict[Hashable, dict[str, Hashable]] = {}
        here, pressed = start, ()

        def may_try(state: Hashable) -> bool:
            return bool(untried.get(state)) and len(self.sequences[state]) < depth

        def way_on(state: Hashable) -> list[tuple[str, Hashable]] | None:
            """The fewest keys already seen that lead from ``state`` to one with keys left."""
            ways: deque[tuple[Hashable, list[tuple[str, Hashable]]]] = deque([(state, [])])
            seen = {state}
            while ways:
                at, way = ways.popleft()
                if may_try(at):
                    return way
                for key, then in edges.get(at, {}).items():
                    if then not in seen:
                        seen.add(then)
                        ways.append((then, [*way, (key, then)]))
            return None

        while True:
            if not may_try(here):
                way = way_on(here)
                if way is None:
                    waiting = [state for state in untried if may_try(state)]
                    if not waiting:
                        return
                    target = min(waiting, key=lambda state: len(self.sequences[state]))
                    pressed = self.sequences[target]
                    here = await self.play(pressed)
                    expected = target
                    way = [] if here == target else None
                for key, expected in way or []:
                    pressed = (*pressed, key)
                    await self.press(pressed)
                    here = self.state()
                    if here != expected:
                        way = None
                        break
                if way is None:
                    raise AssertionError(
                        f"the keys {' '.join(pressed) or '(none, from the start)'} led to a different state "
                        f"the second time: {_difference(expected, here)}"
                    )
            key = untried[here].pop(0)
            pressed = (*pressed, key)
            before, shortest = here, (*self.sequences[here], key)
            await self.press(pressed, shortest)
            here = self.state()
            edges.setdefault(before, {})[key] = here
            if here not in self.sequences:
                untried[here] = [] if self.finished() else keys_here()
            if here not in self.sequences or len(shortest) < len(self.sequences[here]):
                self.sequences[here] = shortest
