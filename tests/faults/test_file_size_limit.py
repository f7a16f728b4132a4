"""Typing in the app while no file can grow past a limit (RLIMIT_FSIZE, a disk that takes
nothing more): quitting and locking never lose the text.

The app runs in a child process (``children/app_under_file_limit.py``) whose file-size limit
is below the vault's size, so every save of the vault fails. Quitting asks, and saves once
the limit is lifted; locking holds the text sealed, and the mentor gets it back after
unlocking (the mentee does not). Here the test checks the vault the next rmpair would open.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rmpair.core.crypto import KdfParams
from rmpair.core.service import PairService
from tests.conftest import reflections_in_vault

CHILD = Path(__file__).parent / "children" / "app_under_file_limit.py"
MENTOR = "ada kettle orbit"
MENTEE = "ben velvet tram"
TYPED = "Written while the disk would take nothing more"
FAST = KdfParams(memory_kib=1024, iterations=1)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    path = tmp_path / "pair.rmpair"
    service, _code = PairService.create(path, role="mentor", name="Ada", passphrase=MENTOR, kdf=FAST)
    service.join(role="mentee", name="Ben", passphrase=MENTEE, kdf=FAST)
    service.close()
    return path


def run_child(vault: Path, mode: str) -> tuple[list[dict], int]:
    """Run the app under a limit of half the vault's size; its report lines, and the limit."""
    limit = vault.stat().st_size // 2
    done = subprocess.run(
        [sys.executable, str(CHILD), str(vault), str(limit), mode],
        capture_output=True, text=True, timeout=600, cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, f"the app under the limit failed:\n{done.stderr[-3000:]}"
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")], limit


def steps(report: list[dict]) -> dict[str, dict]:
    return {line["step"]: line for line in report}



def no_plaintext_beside(vault: Path) -> None:
    for path in vault.parent.iterdir():
        if path.is_file():
            assert TYPED.encode() not in path.read_bytes(), f"{path.name} holds the text in plaintext"


def test_quit_under_a_file_size_limit_asks_and_saves_once_it_is_lifted(vault: Path) -> None:
    before = vault.read_bytes()
    report, limit = run_child(vault, "quit")
    said = steps(report)
    assert said["typed"]["unsaved"]
    assert said["asked"]["running"], "Ctrl+Q must not quit while the text is unsaved"
    assert "file-size limit" in said["asked"]["problem"]
    assert said["ended"]["exit"] == 0
    assert vault.read_bytes() != before and vault.stat().st_size > limit, "saved only after the limit was lifted"
    assert TYPED in "".join(reflections_in_vault(vault, MENTOR))
    no_plaintext_beside(vault)


def test_lock_under_a_file_size_limit_holds_the_text_for_its_author(vault: Path) -> None:
    report, _limit = run_child(vault, "lock")
    said = steps(report)
    assert said["locked"] == {"step": "locked", "held": 1, "sealed": True}
    assert said["partner"] == {"step": "partner", "offered": False, "held": 1}
    assert "offered" in said and said["put back"]["held"] == 0
    assert said["ended"]["exit"] == 0
    assert TYPED in "".join(reflections_in_vault(vault, MENTOR))
    no_plaintext_beside(vault)
