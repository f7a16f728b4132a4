"""A lock left behind never keeps the pair out.

The writer's lock is an ``flock`` on ``VAULT.lock``; the file itself only carries a process
id for the "open in another rmpair (process N)" message. The kernel drops an flock when
its holder dies, however it dies, so neither a SIGKILLed writer nor a lock file naming a
process that is gone (or an unrelated live one, after pid reuse) may block the next start.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from tests.faults.faultkit import PASS_A, wait_for_line
from rmpair.core.errors import VaultLocked
from rmpair.core.service import PairService
from rmpair.core.vault_lock import lock_path_for


def dead_pid() -> int:
    """The pid of a process that has ended and been reaped."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_lock_of_a_killed_writer_does_not_block_the_next(zygote, fresh_vault):
    vault, _ = fresh_vault
    log = vault.with_name("worker.log")
    pid = zygote.spawn("lock", vault, log, passphrases=[PASS_A])
    wait_for_line(log, lambda line: line == "ready")

    # While the worker lives, its lock is real: a second writer is refused, by name.
    with pytest.raises(VaultLocked) as refused:
        PairService.unlock(vault, PASS_A)
    assert f"(process {pid})" in str(refused.value)
    assert "\n" not in str(refused.value)
    PairService.unlock(vault, PASS_A, write=False).close()  # readers never wait

    ended = zygote.kill(pid)
    assert ended["signal"] == signal.SIGKILL
    # The file is still there and still names the dead writer: only the flock went.
    assert lock_path_for(vault).read_text() == str(pid)

    service = PairService.unlock(vault, PASS_A)
    try:
        service.add_entry(kind="note", title="after the crash", body="saved")
        assert lock_path_for(vault).read_text() == str(os.getpid())
    finally:
        service.close()
    reader = PairService.unlock(vault, PASS_A, write=False)
    assert "after the crash" in [e.title for e in reader.entries()]
    reader.close()


@pytest.mark.parametrize(
    "contents",
    [
        pytest.param(lambda: str(dead_pid()).encode(), id="pid-of-a-dead-process"),
        pytest.param(lambda: b"1", id="pid-of-a-live-process-that-holds-no-lock"),
        pytest.param(lambda: b"", id="empty"),
        pytest.param(lambda: b"not a pid \x00\xff\xfe" * 4000, id="junk"),
    ],
)
def test_a_stale_lock_file_does_not_block(fresh_vault, contents):
    vault, _ = fresh_vault
    lock_file = lock_path_for(vault)
    lock_file.write_bytes(contents())

    service = PairService.unlock(vault, PASS_A)
    try:
        service.add_entry(kind="note", title="despite the stale lock", body="saved")
        assert lock_file.read_bytes() == str(os.getpid()).encode(), "the lock file names its real holder"
    finally:
        service.close()
