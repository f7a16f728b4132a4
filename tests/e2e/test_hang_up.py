"""Closing the terminal window mid-sentence: what was typed is saved, not lost; and when it
cannot be saved (no file may grow), it is kept sealed beside the vault for its author."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import reflections_in_vault
from tests.e2e.test_restart import MENTEE, MENTOR, make_vault, open_as

pytestmark = pytest.mark.e2e

TYPED = "The last words before the window closed"


def start_a_reflection(term, vault: Path, env: dict[str, str], text: str, *, file_size_limit: int | None = None) -> None:
    """Unlock as the mentor, open a reflection and type ``text`` into it."""
    open_as(term, vault, env, MENTOR, file_size_limit=file_size_limit)
    term.press("r")
    term.wait_for("it saves itself")
    term.type(text)



def test_text_typed_just_before_the_terminal_closes_is_saved(terminals, terminal_env, tmp_path: Path) -> None:
    vault = tmp_path / "pair.rmpair"
    make_vault(vault)
    term = terminals()
    start_a_reflection(term, vault, terminal_env, TYPED)
    term.wait_for(TYPED)
    # Well inside the second of quiet the automatic save waits for.
    term.kill()

    deadline = time.monotonic() + 15
    while not any(TYPED in body for body in reflections_in_vault(vault, MENTOR)):
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


def test_text_that_cannot_be_saved_when_the_terminal_closes_comes_back_to_its_author(
    terminals, terminal_env, tmp_path: Path
) -> None:
    vault = tmp_path / "pair.rmpair"
    make_vault(vault)
    before = vault.read_bytes()
    limit = len(before) // 2  # no file may grow past half the vault: every save fails

    term = terminals()
    start_a_reflection(term, vault, terminal_env, TYPED, file_size_limit=limit)
    term.wait_for("file-size limit")  # the automatic save failed, and said why
    term.kill()

    deadline = time.monotonic() + 15
    while still_running(vault):
        assert time.monotonic() < deadline, "rmpair was still running after its terminal closed"
        time.sleep(0.2)
    assert vault.read_bytes() == before
    held = [path for path in vault.parent.iterdir() if ".unsaved-" in path.name]
    assert len(held) == 1, f"the unsaved text was not kept: {sorted(p.name for p in vault.parent.iterdir())}"
    for path in vault.parent.iterdir():
        if path.is_file():
            assert TYPED.encode() not in path.read_bytes(), f"{path.name} holds the text in plaintext"

    partner = terminals()
    shown = open_as(partner, vault, terminal_env, MENTEE)
    assert TYPED[:20] not in shown, "the partner is not offered it, nor shown it"
    partner.press("C-q")
    assert partner.exit_code() == 0
    assert held[0].exists(), "the partner's rmpair leaves the author's sealed file alone"

    author = terminals()
    shown = open_as(author, vault, terminal_env, MENTOR, then="could not be saved")
    assert TYPED[:40] in shown
    author.press("Enter")  # "Put them back", the default
    author.wait_for("back and saved")
    author.press("C-q")
    assert author.exit_code() == 0
    assert TYPED in reflections_in_vault(vault, MENTOR)[0]
    assert not held[0].exists(), "once saved in the vault, the sealed file goes"
