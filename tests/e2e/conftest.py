"""Drive the installed ``rmpair`` in a real terminal (tmux), typing as a person would.

Each test gets its own tmux server (``-L``), so nothing touches a tmux the developer has
running, and the server is killed however the test ends. Screens are read with
``capture-pane`` and polled with a timeout, never with fixed sleeps.

A key is sent only once the state it depends on is on the screen: a test waits for the
text a key brings up before the next key, and a key that moves the focus is sent with
``press_until_restyled``, which waits until the widget receiving it is drawn focused. On
a loaded machine rmpair may take a second to act on a key; a key sent before then would
land in the wrong field.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len

RMPAIR = Path(sys.executable).parent / "rmpair"
POLL = 0.05  # how often the screen is read while waiting for something to show

_SGR = re.compile(r"\x1b\[[0-9;:]*m")
# Starts a process with a file-size limit (as ``ulimit -f``), then becomes the command.
_LIMITED = (
    "import os, resource, sys; "
    "resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), resource.getrlimit(resource.RLIMIT_FSIZE)[1])); "
    "os.execv(sys.argv[2], sys.argv[2:])"
)


class Terminal:
    """One tmux session running one command."""

    def __init__(self, socket: str, name: str, width: int = 100, height: int = 30) -> None:
        self.socket = socket
        self.name = name
        self.width = width
        self.height = height

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check)

    def start(self, command: list[str], env: dict[str, str], *, file_size_limit: int | None = None) -> None:
        """Run ``command``; with ``file_size_limit``, no file it writes may grow past that
        many bytes (a disk that takes nothing more)."""
        if file_size_limit is not None:
            command = [sys.executable, "-c", _LIMITED, str(file_size_limit), *command]
        settings = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        # After rmpair ends, print its exit code and keep the pane open to read it.
        shell = f"env {settings} {shlex.join(command)}; echo RMPAIR-EXIT=$?; sleep 600"
        self._tmux("new-session", "-d", "-s", self.name, "-x", str(self.width), "-y", str(self.height), shell)

    def type(self, text: str) -> None:
        """Literal text, as typed."""
        self._tmux("send-keys", "-t", self.name, "-l", text)

    def press(self, key: str) -> None:
        """One named key: Enter, Escape, Tab, Space, C-q, F1...

        Wait for what it does before the next key that depends on it (``wait_for``), or
        use ``press_until_restyled`` when what it does is move the focus."""
        self._tmux("send-keys", "-t", self.name, key)

    def press_until_restyled(self, key: str, text: str, timeout: float = 40.0) -> None:
        """Press ``key`` and wait until the lines showing ``text`` are drawn differently:
        the widget there has received the focus (its border or label takes the focus
        colours, or it scrolls into view to take it), or has been enabled. The cell under
        the terminal cursor is left out of the comparison: a text field's cursor blinks."""
        before, cursor_before = self._styled_lines(text)
        self.press(key)
        deadline = time.monotonic() + timeout
        while True:
            after, cursor_after = self._styled_lines(text)
            hidden = {cursor_before, cursor_after}
            if _without(after, hidden) != _without(before, hidden):
                return
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"after {key}, {text!r} was not drawn differently within {timeout}s. The screen:\n{self.screen()}"
                )
            time.sleep(POLL)

    def _styled_lines(self, text: str) -> tuple[dict[int, list[tuple[str, str]]], tuple[int, int]]:
        """The lines showing ``text`` as cells (character, style in force) by row, and
        where the terminal cursor is (column, row)."""
        shown = self._tmux("capture-pane", "-p", "-e", "-t", self.name, check=False).stdout
        where = self._tmux("display-message", "-p", "-t", self.name, "#{cursor_x} #{cursor_y}", check=False).stdout
        column, row = (int(n) for n in where.split()) if where.strip() else (-1, -1)
        lines = {}
        for number, line in enumerate(shown.splitlines()):
            if text in _SGR.sub("", line):
                lines[number] = _cells(line)
        return lines, (column, row)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name, check=False).stdout

    def wait_for(self, text: str, timeout: float = 40.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} did not appear within {timeout}s. The screen:\n{shown}")
            time.sleep(POLL)

    def wait_gone(self, text: str, timeout: float = 40.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if text not in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} was still showing after {timeout}s. The screen:\n{shown}")
            time.sleep(POLL)

    def exit_code(self, timeout: float = 40.0) -> int:
        shown = self.wait_for("RMPAIR-EXIT=", timeout)
        return int(shown.split("RMPAIR-EXIT=")[1].split()[0])

    def kill(self) -> None:
        self._tmux("kill-server", check=False)


def _cells(styled: str) -> list[tuple[str, str]]:
    """A captured line as one (character, style) per column; a wide character fills two."""
    cells: list[tuple[str, str]] = []
    style = ""
    position = 0
    for match in [*_SGR.finditer(styled), None]:
        end = match.start() if match else len(styled)
        for character in styled[position:end]:
            cells.extend([(character, style)] * max(1, cell_len(character)))
        if match is None:
            break
        codes = match.group()[2:-1]
        style = "" if codes in ("", "0") else f"{style};{codes}"
        position = match.end()
    return cells


def _without(lines: dict[int, list[tuple[str, str]]], hidden: set[tuple[int, int]]) -> dict[int, list]:
    shown = {}
    for row, cells in lines.items():
        columns = {column for column, at in hidden if at == row}
        shown[row] = [cell for column, cell in enumerate(cells) if column not in columns]
    return shown


@pytest.fixture
def terminal_env(tmp_path: Path) -> dict[str, str]:
    """A clean environment: config in the test's folder, a known terminal type."""
    return {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path / "home"),
    }


@pytest.fixture
def terminals() -> Iterator[callable]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed: the end-to-end tests drive rmpair in a real terminal through tmux")
    if not RMPAIR.exists():
        pytest.skip(f"rmpair is not installed next to this Python ({RMPAIR}); run 'pip install -e .'")
    made: list[Terminal] = []

    def make(width: int = 100, height: int = 30) -> Terminal:
        tag = uuid.uuid4().hex[:8]
        terminal = Terminal(socket=f"rmpair-e2e-{tag}", name=f"rmpair-{tag}", width=width, height=height)
        made.append(terminal)
        return terminal

    try:
        yield make
    finally:
        for terminal in made:
            terminal.kill()
