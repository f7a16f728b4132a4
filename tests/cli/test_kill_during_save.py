"""``kill -9`` at random moments while another process saves in a loop.

Whatever the moment, the vault must open afterwards, every save the writer reported as
done must be in it, the killed writer's lock must not block the next one, and a sealed
temporary file a killed save left behind must be tidied by the next writer.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from cli_testkit import MENTOR_PASS, SAVE_LOOP, clean_env
from rmpair.core.service import PairService
from rmpair.core.vault import check_generations
from rmpair.core.vault_lock import lock_path_for

KILLS = 50
SEED = 20260105
MAX_DELAY_S = 0.25


def temporaries(vault):
    return sorted(p.name for p in vault.parent.iterdir() if ".tmp-" in p.name)


class Zygote:
    """``save_loop.py zygote``: forks one save-loop process per round, on request."""

    def __init__(self, vault, env):
        self.process = subprocess.Popen(
            [sys.executable, str(SAVE_LOOP), "zygote", str(vault)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, bufsize=1,
        )
        self.process.stdin.write(MENTOR_PASS + "\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().startswith("zygote ")

    def start(self, tag: str) -> int:
        """A new writer, once it has unlocked the vault; returns its process id."""
        self.process.stdin.write(f"start {tag}\n")
        self.process.stdin.flush()
        ready = self.process.stdout.readline()
        assert ready.startswith("ready "), f"the save loop did not start: {ready!r}"
        return int(ready.split()[1])

    def until_first_save(self, pid: int) -> list[str]:
        """What the writer said up to its first reported save."""
        said = []
        while not said or not said[-1].startswith("saved "):
            line = self.process.stdout.readline()
            assert line and not line.startswith(f"exited {pid} "), f"the writer stopped before saving: {said}"
            said.append(line.rstrip("\n"))
        return said

    def until_exit(self, pid: int) -> tuple[int, list[str]]:
        """Everything the writer said until it was gone, and how it ended."""
        said = []
        while True:
            line = self.process.stdout.readline()
            assert line, "the zygote stopped"
            if line.startswith(f"exited {pid} "):
                return int(line.split()[2]), said
            said.append(line.rstrip("\n"))

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()


def test_kill_9_at_random_moments_loses_no_reported_save(fast_pair, tmp_path):
    vault = fast_pair.vault
    rng = random.Random(SEED)
    reported: set[str] = set()
    rounds_with_leftover = 0
    zygote = Zygote(vault, clean_env(tmp_path / "home"))
    try:
        for round_number in range(KILLS):
            tag = f"round{round_number}"
            pid = zygote.start(tag)
            # Half the rounds kill at any moment after unlocking; the other half once the loop
            # is saving, so however slow a loaded machine is, kills do land among saves.
            said_before = zygote.until_first_save(pid) if round_number % 2 else []
            time.sleep(rng.uniform(0.0, MAX_DELAY_S))
            os.kill(pid, signal.SIGKILL)
            status, said_after = zygote.until_exit(pid)
            said = said_before + said_after
            assert status == -signal.SIGKILL, said
            numbers = [int(line.split()[1]) for line in said if line.startswith("saved ")]
            assert numbers == list(range(1, len(numbers) + 1)), said  # whole lines, in order
            reported |= {f"{tag}-{n}" for n in numbers}

            # The kernel dropped the dead writer's flock; its file still names it.
            assert lock_path_for(vault).read_text() == str(pid)
            rounds_with_leftover += bool(temporaries(vault))
            service = PairService.unlock(vault, MENTOR_PASS, write=True)
            try:
                assert temporaries(vault) == [], "the next writer must tidy a killed save's temporary"
                titles = {entry.title for entry in service.entries()}
            finally:
                service.close()
            missing = sorted(reported - titles)
            assert not missing, f"round {round_number}: reported saved but missing: {missing[:5]}"
            assert set(fast_pair.mentor_titles) <= titles
    finally:
        zygote.close()

    # Every generation left on disk opens: backups are never half-written either.
    reports = check_generations(vault, MENTOR_PASS)
    assert [r.label for r in reports if not r.good] == [], reports
    print(f"\n{KILLS} kills, {len(reported)} reported saves, {rounds_with_leftover} left a temporary file")
    assert reported, "no save was reported in any round; the kills never hit the loop"


def test_a_leftover_temporary_is_removed_by_the_next_writer_not_by_a_reader(fast_pair, cli_main):
    vault = fast_pair.vault
    # What a save killed before its rename leaves: a sealed copy under a temporary name.
    leftover = vault.with_name(f".{vault.name}.tmp-0123456789ab")
    leftover.write_bytes(vault.read_bytes())

    listed = cli_main(vault, "list", stdin=[MENTOR_PASS]).ok()
    assert fast_pair.mentor_private_title in listed.stdout
    assert leftover.exists(), "a reader must not delete what may be a writer's save in progress"

    cli_main(vault, "add", "--kind", "note", "--title", "after the crash", "text", stdin=[MENTOR_PASS]).ok()
    assert temporaries(vault) == []
    assert "after the crash" in cli_main(vault, "list", stdin=[MENTOR_PASS]).ok().stdout
