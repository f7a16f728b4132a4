"""Drive the installed ``rmpair`` in a real terminal (tmux), typing as a person would.

Each test gets its own tmux server (``-L``), so nothing touches a tmux the developer has
running, and the server is killed however the test ends. Screens are read with
``capture-pane`` and polled with a timeout, never with fixed sleeps.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

RMPAIR = Path(sys.executable).parent / "rmpair"
KEY_GAP = 0.1


class Terminal:
    """One tmux session running one command."""

    def __init__(self, socket: str, name: str, width: int = 100, height: int = 30) -> None:
        self.socket = socket
        self.name = name
        self.width = width
        self.height = height

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check)

    def start(self, command: list[str], env: dict[str, str]) -> None:
        settings = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        # After rmpair ends, print its exit code and keep the pane open to read it.
        shell = f"env {settings} {shlex.join(command)}; echo RMPAIR-EXIT=$?; sleep 600"
        self._tmux("new-session", "-d", "-s", self.name, "-x", str(self.width), "-y", str(self.height), shell)

    def type(self, text: str) -> None:
        """Literal text, as typed."""
        self._tmux("send-keys", "-t", self.name, "-l", text)

    def press(self, *keys: str) -> None:
        """Named keys: Enter, Escape, Tab, Space, C-q, F1...

        Paced like a person (a tenth of a second apart): a key that moves the focus is
        applied on the app's next turn, and a machine-gun burst would race it.
        """
        for key in keys:
            self._tmux("send-keys", "-t", self.name, key)
            time.sleep(KEY_GAP)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name, check=False).stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} did not appear within {timeout}s. The screen:\n{shown}")
            time.sleep(0.1)

    def wait_gone(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if text not in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} was still showing after {timeout}s. The screen:\n{shown}")
            time.sleep(0.1)

    def exit_code(self, timeout: float = 20.0) -> int:
        shown = self.wait_for("RMPAIR-EXIT=", timeout)
        return int(shown.split("RMPAIR-EXIT=")[1].split()[0])

    def kill(self) -> None:
        self._tmux("kill-server", check=False)


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
