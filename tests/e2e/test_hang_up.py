"""Closing the terminal window mid-sentence: what was typed is saved, not lost."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from rmpair.core.service import PairService
from tests.e2e.test_restart import MENTOR, make_vault, open_as

pytestmark = pytest.mark.e2e

TYPED = "The last words before the window closed"


def reflections(vault: Path) -> list[str]:
    service = PairService.unlock(vault, MENTOR, write=False)
    try:
        return [entry.body for entry in service.entries(kind="reflection")]
    finally:
        service.close()


def test_text_typed_just_before_the_terminal_closes_is_saved(terminals, terminal_env, tmp_path: Path) -> None:
    vault = tmp_path / "pair.rmpair"
    make_vault(vault)
    term = terminals()
    open_as(term, vault, terminal_env, MENTOR)
    term.press("r")
    term.wait_for("it saves itself")
    term.type(TYPED)
    term.wait_for(TYPED)
    # Well inside the second of quiet the automatic save waits for.
    term.kill()

    deadline = time.monotonic() + 15
    while not any(TYPED in body for body in reflections(vault)):
        assert time.monotonic() < deadline, "the typed reflection was lost when the terminal closed"
        time.sleep(0.2)
    # And rmpair has ended: a process left behind with no terminal would hold the vault's
    # keys in memory for nobody.
    while still_running(vault):
        assert time.monotonic() < deadline, "rmpair was still running after its terminal closed"
        time.sleep(0.2)


def still_running(vault: Path) -> bool:
    found = subprocess.run(["pgrep", "-f", str(vault)], capture_output=True, text=True)
    return bool(found.stdout.strip())
