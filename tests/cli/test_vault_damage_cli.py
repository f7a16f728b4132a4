"""A damaged, foreign, missing or unwritable vault, as the command line meets it.

Every case must end in exit 1 and one plain line (never a traceback), and damage must be
recoverable with the two commands the message names: ``rmpair check`` says which backup is
good, ``rmpair restore --backup N`` puts it back, and the vault opens with its entries.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import struct
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from cli_testkit import (
    MENTEE_PASS,
    MENTOR_PASS,
    folder_snapshot,
    not_owner_only,
)
from rmpair.core.errors import VaultWriteFailed
from rmpair.core.service import PairService
from rmpair.core.vault_format import FORMAT_VERSION, MAGIC

_FIXED = struct.Struct(">HI")
_CHECKSUM = 32


def layout(data: bytes) -> dict[str, int]:
    """Where each part of a vault file starts, read the way vault_format writes it."""
    _, header_len = _FIXED.unpack_from(data, len(MAGIC))
    header_start = len(MAGIC) + _FIXED.size
    header_end = header_start + header_len
    header = data[header_start:header_end]
    sealed = [header_start + i for i in _all(header, b'"sealed":"')]
    salts = [header_start + i for i in _all(header, b'"salt":"')]
    return {
        "header_start": header_start,
        "header_end": header_end,
        "body_start": header_end + _CHECKSUM,
        "first_slot_sealed": sealed[0] + len('"sealed":"') + 5,
        "last_slot_sealed": sealed[-1] + len('"sealed":"') + 5,
        "first_slot_salt": salts[0] + len('"salt":"') + 2,
        "length": len(data),
    }


def _all(haystack: bytes, needle: bytes) -> list[int]:
    found, start = [], 0
    while (i := haystack.find(needle, start)) >= 0:
        found.append(i)
        start = i + 1
    return found


# Byte positions across the whole file, each named by the part it damages.
POSITIONS = {
    "magic first byte": lambda L: 0,
    "magic last byte": lambda L: len(MAGIC) - 1,
    "version high byte": lambda L: len(MAGIC),
    "version low byte": lambda L: len(MAGIC) + 1,
    "header length high byte": lambda L: len(MAGIC) + 2,
    "header length low byte": lambda L: len(MAGIC) + 5,
    "header JSON start": lambda L: L["header_start"],
    "first key slot salt": lambda L: L["first_slot_salt"],
    "first key slot": lambda L: L["first_slot_sealed"],
    "last key slot": lambda L: L["last_slot_sealed"],
    "header JSON end": lambda L: L["header_end"] - 1,
    "checksum first byte": lambda L: L["header_end"],
    "checksum last byte": lambda L: L["body_start"] - 1,
    "body nonce": lambda L: L["body_start"],
    "body first ciphertext byte": lambda L: L["body_start"] + 12,
    "body middle": lambda L: (L["body_start"] + L["length"]) // 2,
    "body last ciphertext byte": lambda L: L["length"] - 17,
    "body tag last byte": lambda L: L["length"] - 1,
}

# Lengths to cut the file to (besides the empty file).
TRUNCATIONS = {
    "inside the magic": lambda L: 3,
    "inside the fixed fields": lambda L: len(MAGIC) + 3,
    "inside the header": lambda L: (L["header_start"] + L["header_end"]) // 2,
    "before the checksum": lambda L: L["header_end"],
    "inside the checksum": lambda L: L["header_end"] + 10,
    "no body": lambda L: L["body_start"],
    "body nonce only": lambda L: L["body_start"] + 12,
    "half the body": lambda L: (L["body_start"] + L["length"]) // 2,
    "last byte missing": lambda L: L["length"] - 1,
}


def assert_damage_is_recoverable(run, vault: Path, damaged: bytes, pair, *, check_after: bool = True) -> None:
    """The whole story after damage, through the CLI ``run`` (in-process or executable)."""
    refused = run(vault, "list", stdin=[MENTOR_PASS])
    message = refused.problem_line()
    assert "rmpair check" in message and "rmpair restore --backup N" in message, message
    assert vault.read_bytes() == damaged, "reading a damaged vault must not change it"

    check = run(vault, "check", stdin=[MENTOR_PASS])
    assert check.code == 1 and "Traceback" not in check.output, check.output
    assert check.stdout.splitlines()[0].startswith("vault: damaged"), check.stdout
    assert "rmpair restore --backup 1" in check.stdout, check.stdout

    restored = run(vault, "restore", "--backup", "1", stdin=[MENTOR_PASS]).ok()
    assert "Backup 1 is now the vault" in restored.stdout
    assert vault.with_name(vault.name + ".replaced").read_bytes() == damaged  # kept, not deleted
    assert not_owner_only(vault.parent) == {}

    listing = run(vault, "list", stdin=[MENTOR_PASS]).ok()
    for title in pair.mentor_titles:
        assert title in listing.stdout, listing.stdout
    if check_after:
        assert run(vault, "check", stdin=[MENTOR_PASS]).ok().stdout.endswith("The vault is good.\n")


# -- many positions, in-process with a cheap key derivation -----------------------------------


@pytest.mark.parametrize("mask", [0x01, 0xFF], ids=["low bit", "all bits"])
@pytest.mark.parametrize("where", list(POSITIONS))
def test_a_flipped_byte_anywhere_is_damage_that_restore_repairs(fast_pair, cli_main, where, mask):
    vault = fast_pair.vault
    data = bytearray(vault.read_bytes())
    data[POSITIONS[where](layout(bytes(data)))] ^= mask
    vault.write_bytes(bytes(data))
    assert_damage_is_recoverable(cli_main, vault, bytes(data), fast_pair)


@pytest.mark.parametrize("where", ["empty file", *TRUNCATIONS])
def test_a_cut_short_or_empty_file_is_damage_that_restore_repairs(fast_pair, cli_main, where):
    vault = fast_pair.vault
    data = vault.read_bytes()
    keep = 0 if where == "empty file" else TRUNCATIONS[where](layout(data))
    assert 0 <= keep < len(data)
    vault.write_bytes(data[:keep])
    assert_damage_is_recoverable(cli_main, vault, data[:keep], fast_pair)


# -- a couple through the real executable, with the real key derivation ----------------------


@pytest.mark.parametrize("where", ["last key slot", "body middle"])
def test_damage_through_the_real_command(pair_template, pair_vault, run_rmpair, where):
    data = bytearray(pair_vault.read_bytes())
    data[POSITIONS[where](layout(bytes(data)))] ^= 0x20
    pair_vault.write_bytes(bytes(data))
    assert_damage_is_recoverable(run_rmpair, pair_vault, bytes(data), pair_template, check_after=False)


# -- a vault from a newer rmpair, and no vault at all ------------------------------------------


def as_newer_format(vault: Path) -> None:
    """Rewrite the version field as a later rmpair would, checksum included."""
    data = bytearray(vault.read_bytes())
    _, header_len = _FIXED.unpack_from(data, len(MAGIC))
    struct.pack_into(">H", data, len(MAGIC), FORMAT_VERSION + 1)
    header_end = len(MAGIC) + _FIXED.size + header_len
    # Recompute the checksum as vault_format does, or this would read as damage.
    data[header_end : header_end + _CHECKSUM] = hashlib.sha256(bytes(data[:header_end])).digest()
    vault.write_bytes(bytes(data))


def test_a_newer_format_version_says_to_update_rmpair(fast_pair, cli_main):
    vault = fast_pair.vault
    as_newer_format(vault)
    before = folder_snapshot(vault.parent)

    for command in (["list"], ["add", "--kind", "note", "--title", "t", "text"]):
        message = cli_main(vault, *command, stdin=[MENTOR_PASS]).problem_line()
        assert "newer rmpair" in message and "Update rmpair" in message, message
        assert "damaged" not in message
    assert folder_snapshot(vault.parent) == before


def test_check_on_a_newer_vault_says_to_update_not_to_restore(fast_pair, cli_main):
    # Restoring an older backup over a newer vault would set the pair back to older data.
    vault = fast_pair.vault
    as_newer_format(vault)
    check = cli_main(vault, "check", stdin=[MENTOR_PASS])
    assert check.code == 1 and "Traceback" not in check.output, check.output
    assert "Update rmpair" in check.stdout, check.stdout
    assert "rmpair restore" not in check.stdout, check.stdout


def test_a_missing_vault_says_how_to_create_one(tmp_path, cli_main):
    missing = tmp_path / "nowhere" / "pair.rmpair"
    for command in (["list"], ["add", "--kind", "note", "text"], ["join", "--as", "mentee", "--name", "Bo"]):
        message = cli_main(missing, *command, stdin=[MENTOR_PASS, MENTEE_PASS, MENTEE_PASS]).problem_line()
        assert "There is no vault at" in message and "rmpair init" in message, message
    assert not missing.parent.exists(), "a failed open must not create folders"


def test_check_where_there_is_no_vault_says_so_without_asking_for_a_passphrase(tmp_path, cli_main):
    missing = tmp_path / "nowhere" / "pair.rmpair"
    check = cli_main(missing, "check")  # nothing on stdin: a passphrase would not be read
    message = check.problem_line()
    assert f"There is no vault at {missing}" in message, message
    assert "rmpair init" in message and "--vault" in message, message
    assert "Passphrase" not in check.output and "Neither" not in check.output, check.output
    assert not missing.parent.exists()


def test_check_on_a_vault_deleted_by_mistake_still_finds_its_backup(fast_pair, cli_main):
    vault = fast_pair.vault
    vault.unlink()
    check = cli_main(vault, "check", stdin=[MENTOR_PASS])
    assert check.code == 1 and check.stdout.startswith("vault: missing"), check.output
    assert "rmpair restore --backup 1" in check.stdout, check.stdout


def test_a_second_restore_keeps_the_file_the_first_one_replaced(fast_pair, cli_main):
    vault = fast_pair.vault
    replaced = []
    for attempt in (b"first damage", b"second damage"):
        vault.write_bytes(attempt)
        replaced.append(cli_main(vault, "restore", "--backup", "1", stdin=[MENTOR_PASS]).ok().stdout)
    first, second = vault.with_name(vault.name + ".replaced"), vault.with_name(vault.name + ".replaced.2")
    assert (first.read_bytes(), second.read_bytes()) == (b"first damage", b"second damage")
    assert f"kept as {first.name}," in replaced[0] and "earlier restores" not in replaced[0]
    assert f"kept as {second.name}," in replaced[1] and "earlier restores are kept" in replaced[1]
    assert not_owner_only(vault.parent) == {}
    cli_main(vault, "list", stdin=[MENTOR_PASS]).ok()


# -- a full disk, in-process ---------------------------------------------------------------------


def _full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("call", ["write", "fsync"])
def test_a_full_disk_keeps_the_old_vault_and_the_change_in_memory(fast_pair, monkeypatch, call):
    vault = fast_pair.vault
    service = PairService.unlock(vault, MENTOR_PASS, write=True)
    try:
        before = folder_snapshot(vault.parent)
        monkeypatch.setattr(os, call, _full)
        with pytest.raises(VaultWriteFailed) as failed:
            service.add_entry(kind="note", title="written on a full disk", body="keep me", private=True)
        with pytest.raises(VaultWriteFailed):
            service.retry_save()  # still full: fails the same way, still loses nothing
        monkeypatch.undo()
        assert "disk is full" in str(failed.value) and "untouched" in str(failed.value)
        assert "\n" not in str(failed.value)
        assert folder_snapshot(vault.parent) == before  # no temporary, no rotated backup
        assert service.unsaved
        assert "written on a full disk" in [e.title for e in service.entries()]
        service.retry_save()
        assert not service.unsaved
    finally:
        service.close()
    reopened = PairService.unlock(vault, MENTOR_PASS, write=False)
    try:
        assert "written on a full disk" in [e.title for e in reopened.entries()]
    finally:
        reopened.close()


def test_a_full_disk_through_the_cli_is_one_line_and_changes_nothing(fast_pair, cli_main, monkeypatch):
    vault = fast_pair.vault
    before = folder_snapshot(vault.parent)
    monkeypatch.setattr(os, "write", _full)
    result = cli_main(vault, "add", "--kind", "note", "--title", "never", "text", stdin=[MENTOR_PASS])
    monkeypatch.undo()
    assert "disk is full" in result.problem_line()
    assert folder_snapshot(vault.parent) == before
    assert not [p for p in vault.parent.iterdir() if ".tmp-" in p.name]


# -- file modes ----------------------------------------------------------------------------------


def test_backups_made_without_hard_links_are_owner_only(fast_pair, cli_main, monkeypatch):
    vault = fast_pair.vault
    previous = vault.read_bytes()

    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)  # a file system without hard links
    cli_main(vault, "add", "--kind", "note", "--title", "copied backup", "text", stdin=[MENTOR_PASS]).ok()
    monkeypatch.undo()
    assert vault.with_name(vault.name + ".backup-1").read_bytes() == previous
    assert not_owner_only(vault.parent) == {}


# -- a folder that cannot be written -------------------------------------------------------------


@contextmanager
def unwritable(folder: Path):
    """Make ``folder`` refuse new files for this process: mode 0o500 for a normal user;
    for root, whom modes do not bind, the immutable attribute (chattr +i) instead."""
    if os.geteuid() != 0:
        os.chmod(folder, 0o500)
        undo = ["chmod"]
    elif shutil.which("chattr") and subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0:
        undo = ["chattr", "-i", str(folder)]
    else:
        pytest.skip("running as root without chattr: no way to make a folder unwritable")
    try:
        probe = folder / "probe"
        with pytest.raises(PermissionError):
            probe.write_bytes(b"")  # really unwritable, or the test would prove nothing
        yield
    finally:
        if undo == ["chmod"]:
            os.chmod(folder, 0o700)
        else:
            subprocess.run(undo, check=True)


def test_an_unwritable_folder_keeps_the_vault_and_the_change_in_memory(fast_pair):
    vault = fast_pair.vault
    service = PairService.unlock(vault, MENTOR_PASS, write=True)
    try:
        before = folder_snapshot(vault.parent)
        with unwritable(vault.parent):
            with pytest.raises(VaultWriteFailed) as failed:
                service.add_entry(kind="note", title="written while read-only", body="keep me", private=True)
            assert folder_snapshot(vault.parent) == before
        message = str(failed.value)
        assert "Cannot write in" in message and str(vault.parent) in message and "untouched" in message
        assert service.unsaved
        assert "written while read-only" in [e.title for e in service.entries()]
        service.retry_save()
        assert not service.unsaved
    finally:
        service.close()
    reopened = PairService.unlock(vault, MENTOR_PASS, write=False)
    try:
        assert "written while read-only" in [e.title for e in reopened.entries()]
    finally:
        reopened.close()


@pytest.mark.parametrize("lock_file", ["left from before", "absent"])
def test_an_unwritable_folder_through_the_real_command(pair_vault, run_rmpair, lock_file):
    lock = pair_vault.with_name(pair_vault.name + ".lock")
    if lock_file == "absent":
        lock.unlink(missing_ok=True)
    else:
        lock.write_text("")
    before = folder_snapshot(pair_vault.parent)
    with unwritable(pair_vault.parent):
        result = run_rmpair(pair_vault, "add", "--kind", "note", "--title", "never", "text", stdin=[MENTOR_PASS])
    message = result.problem_line()
    assert "Cannot " in message and str(pair_vault.parent) in message, message
    assert folder_snapshot(pair_vault.parent) == before
