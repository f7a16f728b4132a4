"""What rmpair makes on disk is its owner's alone, even under ``umask 000``.

A vault others can read lets them guess passphrases offline; a folder others can list
shows when the pair last wrote, and one they can write lets them swap files. The
commands run as a subprocess whose umask is 000, the loosest a person's shell can have.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cli_testkit import MENTOR_PASS
from rmpair.core.vault import BACKUP_GENERATIONS, backup_path


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def no_umask() -> None:
    os.umask(0)


def test_init_under_umask_000_makes_a_private_folder_vault_backups_and_lock(run_rmpair, tmp_path: Path) -> None:
    vault = tmp_path / "made-by-init" / "inner" / "pair.rmpair"
    os.chmod(tmp_path, 0o755)
    run_rmpair(vault, "init", "--as", "mentor", "--name", "Ada", stdin=[MENTOR_PASS, MENTOR_PASS],
               preexec_fn=no_umask).ok()
    for number in range(BACKUP_GENERATIONS):
        run_rmpair(vault, "action", "add", f"action {number}", stdin=[MENTOR_PASS], preexec_fn=no_umask).ok()

    assert mode(tmp_path) == 0o755, "a folder that was there already is left as it was"
    assert {str(p.relative_to(tmp_path)): oct(mode(p)) for p in (vault.parent.parent, vault.parent)} == {
        "made-by-init": "0o700",
        "made-by-init/inner": "0o700",
    }
    made = [vault, vault.with_name(vault.name + ".lock")] + [
        backup_path(vault, n) for n in range(1, BACKUP_GENERATIONS + 1)
    ]
    assert sorted(p.name for p in vault.parent.iterdir()) == sorted(p.name for p in made)
    assert {p.name: oct(mode(p)) for p in made} == {p.name: "0o600" for p in made}
