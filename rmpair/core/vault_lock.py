"""One writer at a time.

The lock is ``flock`` on a file beside the vault, held for as long as a process may write.
The kernel drops it when the process dies, however it dies, so a lock left by a killed
rmpair never blocks the next start. The lock file holds a process id, nothing else.
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

from rmpair.core.errors import VaultLocked, VaultWriteFailed


def lock_path_for(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".lock")


class VaultLock:
    def __init__(self, vault_path: Path) -> None:
        self.path = lock_path_for(vault_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self._fd is not None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise VaultWriteFailed(
                f"Cannot create the lock file {self.path} ({error.strerror}). "
                "Check that the folder exists and that you can write to it."
            ) from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            holder = _read_pid(fd)
            os.close(fd)
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                who = f" (process {holder})" if holder else ""
                raise VaultLocked(
                    f"The vault is open in another rmpair{who}. Close it there first, "
                    "then try again; nothing was changed here."
                ) from error
            raise
        try:
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode("ascii"))
        except OSError:
            # The process id only makes the "open in another rmpair" message friendlier;
            # the flock is the lock. A full disk must not turn into a traceback here.
            pass
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _read_pid(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""
