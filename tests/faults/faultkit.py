"""Pieces shared by the fault-injection tests.

Nothing here is a fixture; ``conftest.py`` in this folder holds those.

``FaultyOS`` stands in for the ``os`` module *inside* ``rmpair.core.vault_write`` only, where
every file-system call of a save is made: every call goes through to the real ``os``,
except the faults a test arms. The lock (``rmpair.core.vault_lock``) and everything else
keep the real ``os``, so a fault lands exactly where a failing disk would put it: in the
middle of ``write_generation``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rmpair.core.crypto import KdfParams
from rmpair.core.vault import BACKUP_GENERATIONS, backup_path

FAST_KDF = KdfParams(memory_kib=1024, iterations=1)
PASS_A = "first passphrase A"
PASS_B = "second passphrase B"
PASS_C = "third passphrase C"


def temporaries(vault: Path) -> list[str]:
    """Files a save makes beside the vault and must not leave behind (its temporary file
    and the staging link for backup 1 share the same hidden prefix)."""
    prefix = f".{vault.name}.tmp-"
    return sorted(p.name for p in vault.parent.iterdir() if p.name.startswith(prefix))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def generations(vault: Path) -> list[str | None]:
    """The vault and its backups, newest first, each as a SHA-256 prefix (so a failing
    comparison prints something readable); None where a file is missing."""
    paths = [vault] + [backup_path(vault, n) for n in range(1, BACKUP_GENERATIONS + 1)]
    return [digest(p.read_bytes()) if p.exists() else None for p in paths]


def make_vault(path: Path, passphrase: str = PASS_A, *, saves: int = 4) -> str:
    """A one-person vault with a fast key derivation and ``saves`` saves after creation
    (so with the default, the vault and all three backups exist and differ). Returns
    the recovery code."""
    from rmpair.core.service import PairService

    service, code = PairService.create(
        path, role="mentor", name="Ada", passphrase=passphrase,
        programme_start=date(2026, 1, 5), kdf=FAST_KDF, agendas={},
    )
    try:
        for number in range(saves):
            service.add_entry(kind="note", title=f"setup note {number}", body=f"body {number}", private=number % 2 == 0)
    finally:
        service.close()
    return code


def copy_template(template: Path, folder: Path) -> Path:
    """Copy a vault and its backups (not its lock) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / template.name
    shutil.copy(template, target)
    for generation in range(1, BACKUP_GENERATIONS + 1):
        if backup_path(template, generation).exists():
            shutil.copy(backup_path(template, generation), backup_path(target, generation))
    return target


def _errno_error(code: int, path: object = None) -> OSError:
    return OSError(code, os.strerror(code), str(path) if path is not None else None)


@dataclass
class _Armed:
    call: str
    code: int
    when: Callable[..., bool]
    times: int | None  # None: every matching call until disarmed
    fired: int = 0


@dataclass
class FaultyOS:
    """A fault-injecting stand-in for ``os`` (see the module docstring).

    ``fail(call, code, when=..., times=...)`` makes matching calls raise ``OSError(code)``
    instead of running. ``max_write`` caps how many bytes one ``os.write`` takes (a short
    write, as pipes and full disks give), and ``space`` is how many bytes the "disk" has
    left for the temporary file: the write that would go past it raises ENOSPC after
    writing what fits. ``log`` records every call by name with the file it concerns.
    """

    vault: Path
    max_write: int | None = None
    space: int | None = None
    # Which files the limited space applies to (a path predicate); the temporary by default.
    space_for: Callable[[Path], bool] | None = None
    log: list[tuple[str, str]] = field(default_factory=list)
    _armed: list[_Armed] = field(default_factory=list)
    _fd_paths: dict[int, Path] = field(default_factory=dict)
    _written: int = 0

    # -- arming ---------------------------------------------------------------------------

    def fail(self, call: str, code: int, *, when: Callable[..., bool] = lambda *a: True, times: int | None = None) -> None:
        self._armed.append(_Armed(call, code, when, times))

    def disarm(self) -> None:
        self._armed.clear()
        self.max_write = None
        self.space = None
        self.space_for = None

    def fired(self, call: str | None = None) -> int:
        """How many times armed faults fired (for one call, or for all)."""
        return sum(a.fired for a in self._armed if call is None or a.call == call)

    def _check(self, call: str, *args: object) -> None:
        for armed in self._armed:
            if armed.call != call or (armed.times is not None and armed.fired >= armed.times):
                continue
            if armed.when(*args):
                armed.fired += 1
                raise _errno_error(armed.code, args[0] if args else None)

    # -- what a path is ---------------------------------------------------------------------

    def is_temporary(self, path: object) -> bool:
        name = Path(path).name
        return name.startswith(f".{self.vault.name}.tmp-") and "link-" not in name

    def is_staging(self, path: object) -> bool:
        """The file that becomes backup 1 (a hard link, or a copy without them)."""
        name = Path(path).name
        return name.startswith(f".{self.vault.name}.tmp-link-")

    def is_folder(self, path: object) -> bool:
        return Path(path) == self.vault.parent

    def is_vault(self, path: object) -> bool:
        return Path(path) == self.vault

    def path_of(self, fd: int) -> Path | None:
        return self._fd_paths.get(fd)

    # -- the calls rmpair.core.vault_write makes -------------------------------------------------

    def __getattr__(self, name: str):
        return getattr(os, name)

    def open(self, path, flags, mode=0o777, **kwargs):
        self.log.append(("open", Path(path).name))
        self._check("open", path)
        fd = os.open(path, flags, mode, **kwargs)
        self._fd_paths[fd] = Path(path)
        return fd

    def write(self, fd, data):
        path = self._fd_paths.get(fd)
        self.log.append(("write", path.name if path else "?"))
        self._check("write", path)
        view = memoryview(data)
        if self.max_write is not None:
            view = view[: self.max_write]
        limited = path is not None and (self.space_for or self.is_temporary)(path)
        if self.space is not None and limited:
            room = self.space - self._written
            if room <= 0:
                self.log.append(("ENOSPC", path.name))
                raise _errno_error(errno.ENOSPC, path)
            view = view[:room]
        written = os.write(fd, view)
        if limited:
            self._written += written
        return written

    def fsync(self, fd):
        path = self._fd_paths.get(fd)
        self.log.append(("fsync", path.name if path else "?"))
        self._check("fsync", path)
        return os.fsync(fd)

    def close(self, fd):
        path = self._fd_paths.pop(fd, None)
        self.log.append(("close", path.name if path else "?"))
        try:
            self._check("close", path)
        finally:
            # A failing close still closes (as the kernel's does); only the report fails.
            os.close(fd)

    def replace(self, src, dst, **kwargs):
        self.log.append(("replace", f"{Path(src).name} -> {Path(dst).name}"))
        self._check("replace", src, dst)
        return os.replace(src, dst, **kwargs)

    def link(self, src, dst, **kwargs):
        self.log.append(("link", f"{Path(src).name} -> {Path(dst).name}"))
        self._check("link", src, dst)
        return os.link(src, dst, **kwargs)


# -- worker processes to kill ------------------------------------------------------------------

ZYGOTE = Path(__file__).parent / "children" / "zygote.py"


class Zygote:
    """The test's handle on ``children/zygote.py``: ask it for workers, SIGKILL them by
    pid, then have it reap them and say how they ended."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(ZYGOTE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.live: set[int] = set()
        assert self._read() == {"ready": True}

    def _read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the zygote ended (exit {self.proc.poll()})")
        return json.loads(line)

    def _send(self, **request) -> dict:
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def spawn(self, op: str, vault: Path, log: Path, **fields) -> int:
        pid = self._send(op=op, vault=str(vault), log=str(log), **fields)["pid"]
        self.live.add(pid)
        return pid

    def reap(self, pid: int) -> dict:
        ended = self._send(op="reap", pid=pid)
        self.live.discard(pid)
        return ended

    def kill(self, pid: int) -> dict:
        """SIGKILL one worker and wait until it is gone; returns how it ended."""
        os.kill(pid, signal.SIGKILL)
        return self.reap(pid)

    def close(self) -> None:
        for pid in list(self.live):
            try:
                self.kill(pid)
            except (ProcessLookupError, RuntimeError):
                pass
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()


def wait_for_line(log: Path, predicate, timeout: float = 10.0) -> list[str]:
    """Poll a worker's log until some line satisfies ``predicate``; returns the lines."""
    deadline = time.monotonic() + timeout
    while True:
        lines = log.read_text().splitlines() if log.exists() else []
        if any(predicate(line) for line in lines):
            return lines
        if time.monotonic() > deadline:
            raise AssertionError(f"the worker never logged what was expected; it logged {lines!r}")
        time.sleep(0.001)
