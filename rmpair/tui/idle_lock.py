"""The idle lock: after the chosen idle time the app locks itself, and over the last
stretch a line at the top of the screen counts down, so nobody is locked out mid-thought
without warning. Any key or mouse movement stops the count.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from typing import Any

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

from rmpair.tui import messages

WARNING_SECONDS = 30.0
"""How long before the lock the countdown shows (less when the idle time is short)."""


class IdleCountdown(Static):
    """The countdown line, over the top of whatever screen is showing."""

    DEFAULT_CSS = """
    IdleCountdown {
        dock: top;
        width: 100%;
        height: auto;
        padding: 0 1;
        /* The theme's own text and background, swapped: as legible as any text, and unlike
           anything else on screen. */
        background: $foreground;
        color: $background;
        text-style: bold;
    }
    """


class IdleLock:
    """Watches for input; locks through ``lock(note)`` once ``seconds()`` pass without any."""

    def __init__(
        self,
        app: Any,
        seconds: Callable[[], float],
        lock: Callable[[str], Awaitable[None]],
        hides_instead: Callable[[], bool] = lambda: False,
    ) -> None:
        self._app = app
        self._seconds = seconds
        self._lock = lock
        self._hides_instead = hides_instead
        """True while idle time will hide the screen rather than lock (``lock`` decides)."""
        self._last_activity = time.monotonic()
        self._timer: Timer | None = None
        self._line: IdleCountdown | None = None
        """The countdown on screen, if any: kept, not looked up, as every key and mouse
        movement asks to take it down."""

    @property
    def warning_seconds(self) -> float:
        return min(WARNING_SECONDS, self._seconds() / 3)

    def start(self) -> None:
        self._last_activity = time.monotonic()
        if self._timer is None:
            # Checked often enough for the countdown to tick whole seconds.
            interval = max(0.05, min(1.0, self._seconds() / 8))
            self._timer = self._app.set_interval(interval, self._check, name="idle-lock")

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._show(None)

    def touched(self) -> None:
        """A key, click or mouse movement: the person is here."""
        self._last_activity = time.monotonic()
        self._show(None)

    def _check(self) -> None:
        left = self._seconds() - (time.monotonic() - self._last_activity)
        if left <= 0 and not self._counting():
            # A slow tick jumped the whole countdown: it still shows before the lock.
            self._show(messages.idle_countdown(1, hiding=self._hides_instead()))
        elif left <= 0:
            minutes = self._seconds() / 60
            said = f"{minutes:g} minute{'s' if minutes != 1 else ''}" if minutes >= 1 else f"{self._seconds():g} seconds"
            self._last_activity = time.monotonic()
            self._show(None)
            # Lock from the app's own queue, not from this timer's task: locking stops this
            # timer, which would cancel its task half-way through the lock.
            self._app.call_later(self._lock, messages.LOCKED.format(minutes=said))
        elif left <= self.warning_seconds:
            self._show(messages.idle_countdown(math.ceil(left), hiding=self._hides_instead()))
        else:
            self._show(None)

    def _counting(self) -> bool:
        return self._line is not None and self._line.parent is self._app.screen

    def _show(self, words: str | None) -> None:
        line = self._line
        if words is not None and line is not None and self._counting():
            line.update(Text(words))
            return
        if line is not None and line.is_attached:
            # Taken down, or left on a screen that is no longer the one showing.
            line.remove()
        self._line = None if words is None else IdleCountdown(Text(words), id="idle-countdown")
        if self._line is not None:
            self._app.screen.mount(self._line)
