"""Writing a generation of the vault to disk atomically, keeping the earlier ones as backups.

A vault is only ever replaced whole: the new generation is written to a temporary file in
the same folder, flushed and fsynced, the previous generation becomes backup 1 (older ones
shift down, ``BACKUP_GENERATIONS`` are kept), the temporary file replaces the vault, and
the folder is fsynced. At every instant the vault path holds a complete, good generation.
Temporary files hold sealed bytes like the vault itself, so a crash never leaves
plaintext behind, and they are named so the vault's next writer removes them.

Every ``os`` call that writes a vault file, a backup or a copy of one (open, write,
fsync, close, link, replace) is made here and nowhere else. That keeps the promise above
in one place, and it is where the fault tests (``tests/faults``) swap ``os`` for a
failing disk: a fault lands exactly where a real one would.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from rmpair.core import paths
from rmpair.core.errors import VaultWriteFailed

BACKUP_GENERATIONS = 3
_TMP_MARK = ".tmp-"


def backup_path(vault_path: Path, generation: int) -> Path:
    return vault_path.with_name(f"{vault_path.name}.backup-{generation}")


def _tmp_prefix(vault_path: Path) -> str:
    return f".{vault_path.name}{_TMP_MARK}"


def ensure_folder(folder: Path) -> None:
    try:
        paths.make_private_folder(folder)
    except OSError as error:
        raise write_error(folder, error) from error


def write_error(where: Path, error: OSError) -> VaultWriteFailed:
    """The sentence a failed write becomes: what happened, and that nothing is lost."""
    remedy: str | None
    if error.errno == errno.ENOSPC or error.errno == errno.EDQUOT:
        problem, remedy = "The disk is full", "Free some space"
        said = f"{problem}, so the change was not saved; it is still here. {remedy} and try again."
    elif error.errno == errno.EFBIG:
        problem = ("The vault has grown past the largest file this computer lets rmpair write "
                   "(a file-size limit)")
        remedy = "Raise the limit (ulimit -f)"
        said = f"{problem}, so the change was not saved; it is still here. {remedy} and try again."
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        problem = f"Cannot write in {where} ({error.strerror})"
        remedy = "Check the folder's permissions, or choose another with --vault"
        said = f"{problem}. {remedy}."
    else:
        problem, remedy = f"Saving to {where} failed ({error.strerror or error})", None
        said = f"{problem}. The change is still here; try again."
    # ``said`` is for a session that goes on with the change in memory (the app); a CLI
    # command ends with the failure, so it tells ``problem`` and ``remedy`` its own way.
    failed = VaultWriteFailed(f"{said} The vault on disk is untouched.")
    failed.problem, failed.remedy = problem, remedy
    return failed


def write_generation(path: Path, data: bytes, *, rotate_backups: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically, keeping earlier generations as backups."""

    def rotate() -> None:
        if rotate_backups and path.exists():
            _rotate_backups(path)

    try:
        replace_whole(path, path, data, before_rename=rotate)
    except OSError as error:
        raise write_error(path.parent, error) from error


def replace_whole(
    vault_path: Path,
    target: Path,
    data: bytes,
    before_rename: Callable[[], None] | None = None,
    times_ns: tuple[int, int] | None = None,
) -> None:
    """Write ``data`` to a temporary file beside the vault, flush it, and rename it over
    ``target``: a reader sees the old file or the new one, never a mix. The temporary
    file is named so the vault's next writer removes it if this one dies. ``times_ns``
    (access, modification) are given to the new file."""
    folder = target.parent
    tmp = folder / f"{_tmp_prefix(vault_path)}{secrets.token_hex(6)}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if times_ns is not None:
            os.utime(tmp, ns=times_ns)
        if before_rename is not None:
            before_rename()
        os.replace(tmp, target)
        _fsync_folder(folder)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise


def _rotate_backups(path: Path) -> None:
    newest = backup_path(path, 1)
    if _same_contents(path, newest):
        # An earlier save made this backup and then failed to replace the vault: the
        # vault is still that generation, so shifting again would push a real older
        # generation out for a second copy of this one.
        return
    # A hard link makes the current generation backup 1 without copying it; where the
    # file system has no hard links, a copy does the same job. It is made before any
    # backup shifts, so a failure here leaves the backups as they were.
    staging = path.with_name(f"{_tmp_prefix(path)}link-{secrets.token_hex(4)}")
    try:
        try:
            os.link(path, staging)
        except OSError:
            write_owner_only(staging, path.read_bytes())
        for generation in range(BACKUP_GENERATIONS, 1, -1):
            older = backup_path(path, generation - 1)
            if older.exists():
                os.replace(older, backup_path(path, generation))
        os.replace(staging, newest)
    finally:
        try:
            staging.unlink(missing_ok=True)
        except OSError:
            pass


def write_owner_only(target: Path, data: bytes) -> None:
    """A new file of sealed bytes (a copy of the vault, changes held past a lock), readable
    by its owner only like the vault itself: a copy others can read would let them guess
    passphrases offline. A file left half-written by a failure is removed."""
    # A new file, never one already there: a link planted at the name would lead the
    # copy somewhere else.
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        try:
            target.unlink()
        except OSError:
            pass
        raise
    os.close(fd)


def _same_contents(first: Path, second: Path) -> bool:
    """Whether two files hold the same bytes (generations differ early: each seal has a
    fresh nonce, so this usually reads one block)."""
    try:
        if os.path.samefile(first, second):
            return True
        if first.stat().st_size != second.stat().st_size:
            return False
        with first.open("rb") as a, second.open("rb") as b:
            while True:
                block = a.read(1 << 16)
                if block != b.read(1 << 16):
                    return False
                if not block:
                    return True
    except OSError:
        return False


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on folders; the rename is still atomic
    finally:
        os.close(fd)


def remove_leftover_temporaries(path: Path) -> None:
    """A save killed midway leaves a sealed temporary file; the next writer tidies it."""
    prefix = _tmp_prefix(path)
    try:
        leftovers = [p for p in path.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return
    for leftover in leftovers:
        try:
            leftover.unlink()
        except OSError:
            pass
