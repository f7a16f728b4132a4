"""A passphrase change or a recovery killed midway never locks the person out.

A worker process (forked by ``children/zygote.py``, so each trial costs a fork, not a
Python start-up) changes the passphrase round and round, A -> B -> C -> A ..., or sets it
with the recovery code the same way, and logs which passphrase is current after each call
returns. The test SIGKILLs it at a seeded random moment, waits until it is gone, and then
checks the file the way the next rmpair would:

* exactly one of A, B and C opens the vault (never none; two is impossible because a
  change replaces the slot, and the test would catch a file that kept both);
* it is the one the worker last reported, or the next one (killed after the new file
  was in place but before the report) -- never an older one, which three passphrases
  rather than two make visible;
* the recovery code still opens it, and the next writer starts cleanly and leaves no
  temporary file behind.

Kill moments cover the very start (right after the fork, before any save), the first
change, anywhere across a few dozen changes (after the first is done), and late (after
thirty changes). A second
test crashes one change at *every* file-system call in turn, first to last
(``kill_at`` = 1, 2, ...), so the points the random kills could miss are covered too.
"""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pytest

from tests.faults.faultkit import PASS_A, PASS_B, PASS_C, copy_template, temporaries, wait_for_line
from rmpair.core.errors import WrongPassphrase
from rmpair.core.vault import Vault

CYCLE = [PASS_A, PASS_B, PASS_C]
SEED = 20260105
TRIALS_PER_OPERATION = 18
# Where in the worker's life each trial kills it; the seed picks the exact moment.
STAGES = ["at-fork", "first-change", "anywhere", "anywhere", "anywhere", "late"]
LATE_AFTER_CHANGES = 30


def schedule(op: str) -> list[tuple[str, float]]:
    rng = random.Random(f"{SEED}-{op}")
    plan = []
    for trial in range(TRIALS_PER_OPERATION):
        stage = STAGES[trial % len(STAGES)]
        delay = {
            "at-fork": lambda: rng.uniform(0, 0.003),
            "first-change": lambda: rng.uniform(0, 0.02),
            "anywhere": lambda: rng.uniform(0.0, 0.35),
            "late": lambda: rng.uniform(0, 0.02),
        }[stage]()
        plan.append((stage, delay))
    return plan


def opening_passphrases(vault: Path) -> list[int]:
    """Which of A, B, C open the vault (read-only, as ``rmpair list`` would)."""
    works = []
    for index, passphrase in enumerate(CYCLE):
        try:
            opened, _ = Vault.open(vault, passphrase, write=False)
        except WrongPassphrase:
            continue
        opened.close()
        works.append(index)
    return works


def reported(log: Path) -> int | None:
    lines = [line for line in log.read_text().splitlines() if line.startswith("current ")] if log.exists() else []
    return int(lines[-1].split()[1]) if lines else None


def assert_one_way_in_and_the_code_works(vault: Path, code: str, last: int | None, what: str) -> int:
    works = opening_passphrases(vault)
    assert len(works) == 1, f"{what}: passphrases {[CYCLE[i] for i in works]} open the vault, expected exactly one"
    last = 0 if last is None else last
    assert works[0] in (last, (last + 1) % len(CYCLE)), (
        f"{what}: the worker last reported {CYCLE[last]!r} but the vault opens with {CYCLE[works[0]]!r}"
    )
    recovered, _ = Vault.open_with_recovery_code(vault, code)
    recovered.close()
    # The next writer starts: it takes the lock and tidies what the killed save left.
    writer, _ = Vault.open(vault, CYCLE[works[0]], write=True)
    writer.close()
    assert temporaries(vault) == [], f"{what}: the next writer left {temporaries(vault)}"
    return works[0]


@pytest.mark.parametrize("op", ["passwd", "recover"])
def test_a_change_killed_at_a_random_moment_leaves_exactly_one_passphrase(op, zygote, vault_template, tmp_path):
    template, code = vault_template
    progressed = 0
    for trial, (stage, delay) in enumerate(schedule(op)):
        vault = copy_template(template, tmp_path / f"trial-{trial}")
        log = vault.with_name("worker.log")
        pid = zygote.spawn(op, vault, log, passphrases=CYCLE, code=code)
        if stage != "at-fork":
            wait_for_line(log, lambda line: line == "ready")
        if stage == "anywhere":
            # Across the changes, counted from the first one done: on a loaded machine the
            # first may take longer than any delay, and a kill before it is "first-change".
            wait_for_line(log, lambda line: _count(log) >= 1)
        if stage == "late":
            wait_for_line(log, lambda line: _count(log) >= LATE_AFTER_CHANGES)
        time.sleep(delay)
        ended = zygote.kill(pid)
        what = f"{op} trial {trial} ({stage}, {delay * 1000:.1f} ms)"
        assert ended["signal"] == signal.SIGKILL, f"{what}: the worker was not killed midway: {ended}"
        last = reported(log)
        assert_one_way_in_and_the_code_works(vault, code, last, what)
        progressed += last is not None
    # Most trials must have been killed after some changes had completed, or the test
    # only ever killed idle workers.
    assert progressed >= TRIALS_PER_OPERATION // 2


def _count(log: Path) -> int:
    return sum(1 for line in log.read_text().splitlines() if line.startswith("current "))


@pytest.mark.parametrize("op", ["passwd", "recover"])
def test_a_change_crashed_at_every_file_system_call_leaves_exactly_one_passphrase(
    op, zygote, vault_template, tmp_path
):
    """The worker changes A -> B once and SIGKILLs itself just before its k-th file-system
    call in rmpair.core.vault_write, for k = 1, 2, ... until a run completes without reaching k."""
    template, code = vault_template
    outcomes = []
    for kill_at in range(1, 200):
        vault = copy_template(template, tmp_path / f"call-{kill_at}")
        log = vault.with_name("worker.log")
        pid = zygote.spawn("once", vault, log, passphrases=[PASS_A, PASS_B], code=code, how=op, kill_at=kill_at)
        ended = zygote.reap(pid)
        finished = ended["exit"] == 0
        assert finished or ended["signal"] == signal.SIGKILL, f"call {kill_at}: worker ended with {ended}"
        what = f"{op} killed before file-system call {kill_at}"
        outcomes.append(assert_one_way_in_and_the_code_works(vault, code, None, what))
        if finished:
            assert log.read_text() == "done\n"
            assert outcomes[-1] == 1, "a completed change must leave the new passphrase"
            break
    else:
        pytest.fail("the change never completed: more than 200 file-system calls?")
    # The crash points straddled the moment the new file took the vault's place.
    assert 0 in outcomes and 1 in outcomes, outcomes
    assert len(outcomes) >= 8, f"only {len(outcomes)} crash points: is the save still instrumented?"
