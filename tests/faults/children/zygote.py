"""A child process that imports rmpair once, then forks one worker per request.

Starting Python and importing rmpair (SQLAlchemy, cryptography) takes about a second; a
fork takes a millisecond. The kill tests need dozens of workers, so the test starts this
once and asks it for workers. Each worker is a real, separate process: the test SIGKILLs
it by its pid, exactly as it would a fresh ``python`` process.

Protocol: one JSON object per line on stdin, one JSON reply per line on stdout.

``{"op": "passwd" | "recover" | "lock" | "once", ...}``  ->  ``{"pid": N}``
    fork a worker (see ``run_worker``); it reports progress by appending lines to the
    file named by ``"log"`` (one ``write`` per line, so a line is there or it is not).
``{"op": "reap", "pid": N}``  ->  ``{"pid": N, "signal": S | null, "exit": C | null}``
    wait for that worker to end and say how it ended.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import rmpair.core.vault_write
from rmpair.core.service import PairService
from rmpair.core.vault import Vault

# A worker that is never killed stops by itself, so nothing outlives a broken test.
WORKER_SECONDS = 60
MAX_ROUNDS = 100_000


class _KillAtCall:
    """Stands in for ``os`` inside ``rmpair.core.vault_write``: the ``kill_at``-th file-system call
    (counting from 1) SIGKILLs the process just before it would run. Enumerating
    ``kill_at`` = 1, 2, ... crashes the save at every step, first to last."""

    COUNTED = ("open", "write", "fsync", "close", "replace", "link")

    def __init__(self, kill_at: int) -> None:
        self.kill_at = kill_at
        self.calls = 0

    def __getattr__(self, name: str):
        real = getattr(os, name)
        if name not in self.COUNTED:
            return real

        def counted(*args, **kwargs):
            self.calls += 1
            if self.calls == self.kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return counted


def run_worker(request: dict) -> None:
    log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def say(line: str) -> None:
        os.write(log, f"{line}\n".encode())

    vault = Path(request["vault"])
    cycle = request.get("passphrases", [])
    deadline = time.monotonic() + WORKER_SECONDS
    op = request["op"]

    if op == "lock":
        service = PairService.unlock(vault, cycle[0], write=True)
        say("ready")
        while time.monotonic() < deadline:
            time.sleep(0.05)
        service.close()
        return

    if op == "once":
        # One passphrase change or recovery, crashed at the kill_at-th file-system call.
        # Every file-system call of a save is made in vault_write. A plain assignment
        # would as happily set a name nothing reads, so the name must already be there.
        if not hasattr(rmpair.core.vault_write, "os"):
            raise RuntimeError("rmpair.core.vault_write no longer uses os: instrument where the save is made")
        rmpair.core.vault_write.os = _KillAtCall(request["kill_at"])
        if request["how"] == "passwd":
            service = PairService.unlock(vault, cycle[0])
            service.change_passphrase(cycle[1])
        else:
            service = PairService.recover(vault, request["code"], cycle[1])
        service.close()
        say("done")
        return

    # passwd / recover: round after round through the cycle of passphrases, saying which
    # one is current after each call has returned.
    current = 0
    say("ready")
    for _ in range(MAX_ROUNDS):
        if time.monotonic() > deadline:
            return
        following = (current + 1) % len(cycle)
        if op == "passwd":
            service = PairService.unlock(vault, cycle[current])
            try:
                service.change_passphrase(cycle[following])
            finally:
                service.close()
        else:
            PairService.recover(vault, request["code"], cycle[following]).close()
        current = following
        say(f"current {current}")


def reply(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def warm_up() -> None:
    """Create, unlock, re-key and recover a scratch vault once, so the lazy imports and
    SQLAlchemy's first-query work are done here and every forked worker starts warm."""
    import tempfile

    from rmpair.core.crypto import KdfParams

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "warm.rmpair"
        service, code = PairService.create(
            path, role="mentor", name="Warm", passphrase="warm-up passphrase",
            kdf=KdfParams(memory_kib=1024, iterations=1), agendas={},
        )
        service.add_entry(kind="note", body="warm")
        service.change_passphrase("warm-up passphrase 2")
        service.close()
        PairService.recover(path, code, "warm-up passphrase 3").close()
        Vault.open(path, "warm-up passphrase 3", write=False)[0].close()


def main() -> None:
    warm_up()
    reply({"ready": True})
    for line in sys.stdin:
        request = json.loads(line)
        if request["op"] == "reap":
            _, status = os.waitpid(request["pid"], 0)
            reply(
                {
                    "pid": request["pid"],
                    "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                    "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                }
            )
            continue
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                devnull = os.open(os.devnull, os.O_RDWR)
                os.dup2(devnull, 0)
                os.dup2(devnull, 1)
                run_worker(request)
            except BaseException as error:  # noqa: BLE001 - reported through the exit code
                code = 3
                try:
                    os.write(2, f"worker {os.getpid()} failed: {error!r}\n".encode())
                except OSError:
                    pass
            os._exit(code)
        reply({"pid": pid})


if __name__ == "__main__":
    main()
