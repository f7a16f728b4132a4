"""After a passphrase change or a recovery, the old passphrase opens nothing: not the vault,
not its backups, not a file a restore set aside.

Every generation of a vault holds the same vault key and personal keys, so a backup that
still opened with the old passphrase would hand whoever knows it the keys to the newest
writing too; and ``rmpair check`` used to advise restoring such a backup, which rolled the
vault back, brought the old passphrase back and moved the newer writing aside. ``check``
and ``restore`` also tell "this passphrase opens nothing here" from "the vault is damaged",
and never advise replacing a vault that is intact.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from cli_testkit import FAST_KDF, MENTEE_PASS, MENTOR_PASS, folder_snapshot
from rmpair.core import vault_write
from rmpair.core.errors import WrongPassphrase
from rmpair.core.vault import Vault, backup_path

NEW = "a brand new mentor passphrase"
NEWER = "a newer mentor passphrase still"


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, str]:
    """Both people and three backups, the oldest from before the mentee joined; returns
    the vault and the mentor's recovery code."""
    from rmpair.core.service import PairService

    vault = tmp_path / "pair.rmpair"
    mentor, code = PairService.create(
        vault, role="mentor", name="Ada", passphrase=MENTOR_PASS,
        programme_start=date(2026, 1, 5), kdf=FAST_KDF, agendas={},
    )
    try:
        mentor.add_entry(kind="talking-point", title="ada's first point", body="mine", private=True)
        mentor.join(role="mentee", name="Bo", passphrase=MENTEE_PASS, kdf=FAST_KDF)
        mentor.add_entry(kind="note", title="a shared note", body="ours", private=False)
    finally:
        mentor.close()
    return vault, code


def older_files(vault: Path) -> list[Path]:
    """Every file beside the vault that holds an earlier generation."""
    return sorted(p for p in vault.parent.iterdir() if p.name.startswith(vault.name + ".") and not p.name.endswith(".lock"))


def opens(file: Path, passphrase: str) -> bool:
    try:
        opened, _ = Vault.open(file, passphrase, write=False)
    except WrongPassphrase:
        return False
    opened.close()
    return True


def change(cli_main, vault: Path, how: str, old: str, new: str, code: str):
    if how == "passwd":
        return cli_main(vault, "passwd", stdin=[old, new, new])
    return cli_main(vault, "recover", stdin=[code, new, new])


@pytest.mark.parametrize("how", ["passwd", "recover"])
def test_after_a_change_the_old_passphrase_opens_no_generation(pair, cli_main, how):
    vault, code = pair
    backups = [backup_path(vault, n) for n in (1, 2, 3)]
    saved = [f.stat().st_mtime_ns for f in [vault, *backups[:2]]]
    change(cli_main, vault, how, MENTOR_PASS, NEW, code).ok()
    assert all(b.exists() for b in backups)
    # Re-sealed, each backup still says when its generation was saved.
    assert [b.stat().st_mtime_ns for b in backups] == saved
    assert [opens(f, MENTOR_PASS) for f in [vault, *backups]] == [False] * 4
    # The new passphrase opens every generation, the partner's still does where they had
    # joined, and the recovery code still works.
    assert [opens(f, NEW) for f in [vault, *backups]] == [True] * 4
    assert [opens(f, MENTEE_PASS) for f in [vault, *backups]] == [True, True, True, False]
    recovered, _ = Vault.open_with_recovery_code(backups[-1], code)
    recovered.close()

    check = cli_main(vault, "check", stdin=[NEW]).ok()
    assert check.stdout.count(": good") == 4, check.stdout
    assert "The vault is good." in check.stdout


@pytest.mark.parametrize("how", ["passwd", "recover"])
def test_check_and_restore_with_the_old_passphrase_advise_no_rollback(pair, cli_main, how):
    vault, code = pair
    change(cli_main, vault, how, MENTOR_PASS, NEW, code).ok()
    before = folder_snapshot(vault.parent)

    check = cli_main(vault, "check", stdin=[MENTOR_PASS])
    assert check.code == 1
    assert "restore" not in check.stdout, check.stdout
    assert "damaged:" not in check.stdout, check.stdout
    assert "This passphrase opens nothing here. The vault is not damaged" in check.stdout

    refused = cli_main(vault, "restore", "--backup", "1", stdin=[MENTOR_PASS]).problem_line()
    assert "does not open" in refused
    assert folder_snapshot(vault.parent) == before
    assert opens(vault, NEW) and not opens(vault, MENTOR_PASS)


def test_a_file_set_aside_by_a_restore_loses_the_old_passphrase_too(pair, cli_main):
    vault, code = pair
    # A deliberate roll-back with the current passphrase sets the vault aside as .replaced.
    cli_main(vault, "restore", "--backup", "1", stdin=[MENTOR_PASS]).ok()
    set_aside = vault.with_name(vault.name + ".replaced")
    assert opens(set_aside, MENTOR_PASS)
    cli_main(vault, "passwd", stdin=[MENTOR_PASS, NEW, NEW]).ok()
    assert [f.name for f in older_files(vault) if opens(f, MENTOR_PASS)] == []
    assert opens(set_aside, NEW)


def test_a_change_stopped_midway_is_finished_by_the_next_writer(pair, cli_main):
    vault, _ = pair
    stale = backup_path(vault, 2).read_bytes()
    cli_main(vault, "passwd", stdin=[MENTOR_PASS, NEW, NEW]).ok()
    # As if rmpair had been killed after writing the vault but before re-sealing backup 2,
    # or as a vault from an rmpair before this one leaves it.
    backup_path(vault, 2).write_bytes(stale)
    os.chmod(backup_path(vault, 2), 0o600)
    assert opens(backup_path(vault, 2), MENTOR_PASS)

    # check reads and changes nothing; it says the passphrase was replaced, not "restore".
    check = cli_main(vault, "check", stdin=[MENTOR_PASS])
    assert check.code == 1 and "restore" not in check.stdout, check.stdout
    assert "replaced by a newer one" in check.stdout
    assert "does not open" in cli_main(vault, "restore", "--backup", "2", stdin=[MENTOR_PASS]).problem_line()

    # The next command that opens the vault to write, by either person, finishes the job.
    cli_main(vault, "action", "add", "Book the room", stdin=[MENTEE_PASS]).ok()
    assert [f.name for f in older_files(vault) if opens(f, MENTOR_PASS)] == []
    assert opens(backup_path(vault, 3), NEW)


def test_a_backup_that_cannot_be_updated_is_named_and_tried_again(pair, cli_main, monkeypatch):
    vault, _ = pair
    real_replace = os.replace
    target = backup_path(vault, 3)

    def replace(source, destination):
        # Only re-sealing writes a temporary file over a backup; rotating renames backups.
        if Path(destination) == target and Path(source).name.startswith(f".{vault.name}.tmp-"):
            raise OSError(28, "No space left on device")
        return real_replace(source, destination)

    monkeypatch.setattr(vault_write.os, "replace", replace)
    result = cli_main(vault, "passwd", stdin=[MENTOR_PASS, NEW, NEW])
    line = result.problem_line()
    assert "new passphrase is set" in line and target.name in line and "No space left" in line, line
    assert opens(vault, NEW) and opens(target, MENTOR_PASS)
    assert not any(f.name.startswith(f".{vault.name}.tmp-") for f in vault.parent.iterdir())

    monkeypatch.setattr(vault_write.os, "replace", real_replace)
    cli_main(vault, "list", stdin=[NEW]).ok()  # reading changes nothing
    assert opens(target, MENTOR_PASS)
    cli_main(vault, "action", "add", "Book the room", stdin=[NEW]).ok()
    assert [f.name for f in older_files(vault) if opens(f, MENTOR_PASS)] == []


def test_check_says_a_wrong_passphrase_is_not_damage(pair, cli_main):
    vault, _ = pair
    check = cli_main(vault, "check", stdin=["not anyone's passphrase"])
    assert check.code == 1
    assert "This passphrase opens nothing here." in check.stdout
    assert "not damaged" in check.stdout
    assert "restore" not in check.stdout
