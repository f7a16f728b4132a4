"""I/O failures injected in the middle of a save, in-process.

``rmpair.core.vault_write``'s ``os`` is swapped for ``faultkit.FaultyOS``, which passes every call
through except the one a test arms: the fsync of the temporary file, the rename over the
vault, the hard link that makes backup 1, the folder fsync, a disk that fills partway
through a run of short writes. For each failure that must stop the save, one test proves
all of the promise at once:

* the person gets one ``VaultWriteFailed`` line that says what happened and what to do;
* the edit is still in memory (``unsaved``, and the entry is listed);
* the vault file's bytes are exactly what they were, and no temporary file is left;
* once the fault is gone, ``retry_save`` saves it, the backups are what one clean save
  would have made, and a fresh unlock shows the entry.

Failures the save must ride over (a folder that refuses fsync, a file system without hard
links, short writes) are proved to have happened and to have changed nothing visible.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import rmpair.core.vault_write
from tests.faults.faultkit import PASS_A, FaultyOS, digest, generations, temporaries
from rmpair.core.errors import VaultWriteFailed
from rmpair.core.service import PairService
from rmpair.core.vault import backup_path

SECRET_TITLE = "What the director said at the offsite"
SECRET_BODY = "He said 'people like you' twice. Nobody in the room reacted.\n"


@pytest.fixture
def session(fresh_vault, monkeypatch):
    """(service unlocked for writing, FaultyOS patched into rmpair.core.vault_write, vault path)."""
    path, _ = fresh_vault
    service = PairService.unlock(path, PASS_A)
    faulty = FaultyOS(path)
    monkeypatch.setattr(rmpair.core.vault_write, "os", faulty)
    yield service, faulty, path
    service.close()


def reopened_titles(path: Path) -> dict[str, str]:
    service = PairService.unlock(path, PASS_A, write=False)
    try:
        return {e.title: e.body for e in service.entries()}
    finally:
        service.close()


def add_secret(service: PairService):
    return service.add_entry(kind="talking-point", title=SECRET_TITLE, body=SECRET_BODY)


def assert_failed_save_kept_everything(info, service, path, before, says) -> str:
    message = str(info.value)
    assert "\n" not in message, f"the message must be one line: {message!r}"
    for phrase in says:
        assert phrase in message, f"{phrase!r} is not in {message!r}"
    assert service.unsaved, "the service must know the change is not on disk"
    shown = {e.title: e.body for e in service.entries()}
    assert shown.get(SECRET_TITLE) == SECRET_BODY, "the edit must still be in memory"
    assert digest(path.read_bytes()) == before[0], "the vault file must be byte for byte what it was"
    assert temporaries(path) == [], "a failed save must not leave a temporary file"
    return message


def assert_retry_saves_as_one_clean_save(service, faulty, path, before) -> None:
    faulty.disarm()
    service.retry_save()
    assert not service.unsaved
    after = generations(path)
    assert after[0] != before[0]
    # What one successful save makes of [vault, b1, b2, b3]: [new, vault, b1, b2].
    assert after[1:] == before[:3], "after the retry, the backups must be the generations before it"
    assert temporaries(path) == []
    service.close()
    assert reopened_titles(path).get(SECRET_TITLE) == SECRET_BODY


# -- failures that must stop the save ----------------------------------------------------------


@dataclass(frozen=True)
class StoppingFault:
    id: str
    arm: Callable[[FaultyOS], None]
    call: str  # the call that must have failed
    says: tuple[str, ...]


def _fill_disk_partway(faulty: FaultyOS) -> None:
    faulty.max_write = 1000
    faulty.space = 2500


STOPPING = [
    StoppingFault(
        "fsync-of-temporary-EIO",
        lambda f: f.fail("fsync", errno.EIO, when=f.is_temporary),
        "fsync",
        ("failed (Input/output error)", "The change is still here; try again", "The vault on disk is untouched"),
    ),
    StoppingFault(
        "close-of-temporary-EIO",
        lambda f: f.fail("close", errno.EIO, when=f.is_temporary),
        "close",
        ("failed (Input/output error)", "try again", "The vault on disk is untouched"),
    ),
    *[
        StoppingFault(
            f"rename-over-vault-{errno.errorcode[code]}",
            lambda f, code=code: f.fail("replace", code, when=lambda src, dst: f.is_vault(dst)),
            "replace",
            (f"({os.strerror(code)})", "Check the folder's permissions", "The vault on disk is untouched"),
        )
        for code in (errno.EACCES, errno.EROFS, errno.EPERM)
    ],
    StoppingFault(
        "disk-fills-partway-through-short-writes",
        _fill_disk_partway,
        "write",
        ("The disk is full", "Free some space and try again", "The vault on disk is untouched"),
    ),
]


@pytest.mark.parametrize("fault", STOPPING, ids=[f.id for f in STOPPING])
def test_a_failed_save_keeps_the_edit_and_the_old_vault_and_a_retry_saves_it(session, fault):
    service, faulty, path = session
    before = generations(path)
    assert None not in before, "the template must have a vault and three backups"
    fault.arm(faulty)

    with pytest.raises(VaultWriteFailed) as info:
        add_secret(service)

    if fault.call == "write":
        # The ENOSPC came after some short writes had succeeded, not on the first one.
        writes = [name for call, name in faulty.log if call == "write" and faulty.is_temporary(name)]
        assert len(writes) >= 3, faulty.log
    else:
        assert faulty.fired(fault.call) == 1, f"the {fault.call} fault never fired: {faulty.log}"
    assert_failed_save_kept_everything(info, service, path, before, fault.says)
    assert_retry_saves_as_one_clean_save(service, faulty, path, before)


def test_a_save_failing_again_and_again_loses_no_older_generation(session):
    """Each retry against a rename that keeps failing must not shift the backups again:
    three failures must not turn every backup into a copy of the current vault."""
    service, faulty, path = session
    before = generations(path)
    faulty.fail("replace", errno.EPERM, when=lambda src, dst: faulty.is_vault(dst))

    with pytest.raises(VaultWriteFailed):
        add_secret(service)
    for _ in range(3):
        with pytest.raises(VaultWriteFailed):
            service.retry_save()
        held = generations(path)
        assert held[0] == before[0]
        for older in before[:3]:
            assert older in held[1:], "a failed save pushed a generation out of the backups"
        assert temporaries(path) == []
    assert faulty.fired("replace") == 4
    assert_retry_saves_as_one_clean_save(service, faulty, path, before)


def test_no_hard_links_and_no_room_for_the_copy_leaves_no_staging_file(session, monkeypatch):
    """Where the file system has no hard links, backup 1 is a copy. If the disk fills while
    copying, the half-written copy must not be left behind and the backups must not have
    been shifted for a save that did not happen."""
    service, faulty, path = session
    before = generations(path)
    faulty.fail("link", errno.EPERM)
    # The copy fills the disk partway, whether it is written through os.write ...
    faulty.max_write, faulty.space, faulty.space_for = 4096, 10_000, faulty.is_staging
    # ... or through Path.write_bytes.
    real_write_bytes = Path.write_bytes
    copies_cut_short = []

    def copy_until_full(self: Path, data) -> int:
        if faulty.is_staging(self):
            copies_cut_short.append(self.name)
            real_write_bytes(self, bytes(data[: len(data) // 2]))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", copy_until_full)

    with pytest.raises(VaultWriteFailed) as info:
        add_secret(service)
    assert faulty.fired("link") == 1
    ran_out = copies_cut_short or [name for call, name in faulty.log if call == "ENOSPC" and faulty.is_staging(name)]
    assert ran_out, "the copy never ran out of space"
    assert_failed_save_kept_everything(
        info, service, path, before, ("The disk is full", "Free some space and try again")
    )
    assert generations(path) == before, "the backups were shifted for a save that failed"

    monkeypatch.setattr(Path, "write_bytes", real_write_bytes)
    assert_retry_saves_as_one_clean_save(service, faulty, path, before)


# -- failures the save must ride over ------------------------------------------------------------


def test_backup_one_is_a_hard_link_when_the_file_system_allows(session):
    """The control for the next test: without a fault, backup 1 *is* the old vault's inode,
    so the next test can tell a copy from a link."""
    service, faulty, path = session
    old_inode = path.stat().st_ino
    add_secret(service)
    assert backup_path(path, 1).stat().st_ino == old_inode
    assert [call for call, _ in faulty.log].count("link") == 1


@pytest.mark.parametrize("code", [errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP])
def test_without_hard_links_backup_one_is_a_copy(session, code):
    service, faulty, path = session
    before = generations(path)
    old_inode = path.stat().st_ino
    faulty.fail("link", code)

    add_secret(service)

    assert faulty.fired("link") == 1
    assert not service.unsaved
    newest_backup = backup_path(path, 1)
    assert newest_backup.stat().st_ino != old_inode, "backup 1 should be a copy, not a link"
    assert newest_backup.stat().st_nlink == 1
    assert generations(path)[1:] == before[:3]
    assert temporaries(path) == []
    service.close()
    assert reopened_titles(path)[SECRET_TITLE] == SECRET_BODY


@pytest.mark.parametrize(
    "arm",
    [
        pytest.param(lambda f: f.fail("fsync", errno.EINVAL, when=f.is_folder), id="folder-fsync-EINVAL"),
        pytest.param(lambda f: f.fail("fsync", errno.EIO, when=f.is_folder), id="folder-fsync-EIO"),
        pytest.param(lambda f: f.fail("open", errno.EACCES, when=f.is_folder), id="folder-open-EACCES"),
    ],
)
def test_a_folder_that_refuses_fsync_does_not_fail_the_save(session, arm):
    """The rename has happened by then; some file systems refuse fsync on a folder."""
    service, faulty, path = session
    before = generations(path)
    arm(faulty)

    add_secret(service)

    assert faulty.fired() == 1, faulty.log
    assert not service.unsaved
    assert generations(path)[1:] == before[:3]
    assert temporaries(path) == []
    service.close()
    assert reopened_titles(path)[SECRET_TITLE] == SECRET_BODY


def test_short_writes_still_write_the_whole_file(session):
    service, faulty, path = session
    faulty.max_write = 777

    add_secret(service)

    writes = [name for call, name in faulty.log if call == "write"]
    assert len(writes) >= path.stat().st_size // 777
    service.close()
    assert reopened_titles(path)[SECRET_TITLE] == SECRET_BODY


def test_a_passphrase_change_that_fails_to_save_changes_nothing_on_disk(session):
    """The new key slot exists only in memory until it is on disk: the old passphrase
    still opens the file, and the retry makes the new one work."""
    service, faulty, path = session
    before = digest(path.read_bytes())
    faulty.fail("fsync", errno.EIO, when=faulty.is_temporary)

    with pytest.raises(VaultWriteFailed):
        service.change_passphrase("a brand new passphrase")
    assert service.unsaved
    assert digest(path.read_bytes()) == before
    PairService.unlock(path, PASS_A, write=False).close()

    faulty.disarm()
    service.retry_save()
    service.close()
    PairService.unlock(path, "a brand new passphrase", write=False).close()
