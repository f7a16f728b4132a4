"""Stopped with SIGTERM (a logout, a shutdown, 'kill PID', a terminal multiplexer shut
down) or SIGINT from outside (the app reads Ctrl+C as a key): like closing the window,
what was typed is never lost. rmpair saves it, or, when no save can succeed, keeps it
sealed beside the vault for its author. SIGTERM ended the app at once, and SIGINT quit
it with exit 0 without asking, and the text went with them."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.conftest import reflections_in_vault
from tests.e2e.test_hang_up import start_a_reflection
from tests.e2e.test_restart import MENTOR, make_vault

pytestmark = pytest.mark.e2e

TYPED = "Words typed just before the computer shut down"


def rmpair_process(vault: Path) -> int:
    """The rmpair process itself (not tmux, nor the shell that started it)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"--vault" in argv and str(vault).encode() in argv and argv[1].endswith(b"/rmpair"):
            return int(entry.name)
    raise AssertionError("rmpair is not running")


def stop_and_wait(vault: Path, signum: int) -> None:
    pid = rmpair_process(vault)
    os.kill(pid, signum)
    deadline = time.monotonic() + 15
    while Path(f"/proc/{pid}").exists():
        assert time.monotonic() < deadline, "rmpair was still running after SIGTERM"
        time.sleep(0.2)


STOPS = pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])


@STOPS
def test_text_typed_before_a_stop_is_saved(terminals, terminal_env, tmp_path: Path, signum: int) -> None:
    vault = tmp_path / "pair.rmpair"
    make_vault(vault)
    term = terminals()
    start_a_reflection(term, vault, terminal_env, TYPED)
    term.wait_for(TYPED)
    # Well inside the second of quiet the automatic save waits for.
    stop_and_wait(vault, signum)
    assert any(TYPED in body for body in reflections_in_vault(vault, MENTOR)), "the typed reflection was lost"
    assert term.exit_code() == 128 + signum


@STOPS
def test_text_that_cannot_be_saved_at_a_stop_is_kept_sealed(terminals, terminal_env, tmp_path: Path, signum: int) -> None:
    vault = tmp_path / "pair.rmpair"
    make_vault(vault)
    before = vault.read_bytes()
    term = terminals()
    start_a_reflection(term, vault, terminal_env, TYPED, file_size_limit=len(before) // 2)
    term.wait_for("file-size limit")  # the automatic save failed, and said why
    stop_and_wait(vault, signum)
    assert vault.read_bytes() == before
    held = [path for path in vault.parent.iterdir() if ".unsaved-" in path.name]
    assert len(held) == 1, f"the unsaved text was not kept: {sorted(p.name for p in vault.parent.iterdir())}"
    for path in vault.parent.iterdir():
        if path.is_file():
            assert TYPED.encode() not in path.read_bytes(), f"{path.name} holds the text in plaintext"
