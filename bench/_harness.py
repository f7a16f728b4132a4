"""Shared pieces of the benchmarks: the generated journal, vault building, timing, reports.

Nothing here asserts a figure: the scripts print medians and ratios beside their targets,
and a person decides what they mean. Every timing of a command is a whole process (an
interpreter starting, importing, deriving its key, doing the work, exiting), measured by
the parent's wall clock around ``subprocess.run``.
"""

from __future__ import annotations

import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PASSPHRASE = "correct horse battery staple"

# -- the journal ---------------------------------------------------------------------------

SEED = 20240601
ENTRY_BYTES = 1500
# A word that appears in no generated sentence except where it is planted: one entry in
# every RARE_EVERY has it, so a search must read every entry and finds only a few.
RARE_WORD = "quokka"
RARE_EVERY = 250
# Planted once per journal, to check both tools find a single entry too.
UNIQUE_WORD = "zanzibar"

_WORDS = """
about above across after again agenda agreed also always among answer asked back
because before began being below better between both brought build called came
can change children city close colleague come could country course customer data
day decided deliver did different does done down during each early enough even
every example experience face fact family feel feedback felt few find first follow
found from gave general give goal good great group grow had hand happened hard has
have head hear heard help here high hold home hope idea important inclusion into
issue just keep kind knew know large last later lead learn learned least leave left
less let life like line listen little long look made make manager many matter may
mean meeting mentor mentee might mind more most move much must name near need never
new next night nothing notice now number often old once only open order other our
over own part people perhaps person place plan point policy power practice problem
project question quite rather read ready real really reason remember report right
room said same saw say school second see seem seemed sense set shared should show
side since small something sometimes soon speak staff start still story strong such
support sure table take talk team tell than that their them then there these they
thing think those though thought three through time today together told took toward
training tried true try turn under understand until upon used very voice want was
watch way week well went were what when where which while who whole why will with
within without word work world would write year yet young
""".split()


@dataclass(frozen=True)
class JournalEntry:
    when: datetime
    title: str
    body: str
    kind: str
    meeting: int
    race_tags: tuple[str, ...]


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(_WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def generate_journal(count: int, seed: int = SEED) -> list[JournalEntry]:
    """``count`` entries of about ``ENTRY_BYTES`` bytes each, the same for a given seed.

    Entry i (from 0) carries ``RARE_WORD`` when i % RARE_EVERY == 7, and entry count // 2
    carries ``UNIQUE_WORD``. Kinds cycle note, talking-point, reflection, observation.
    """
    from rmpair.core.models import ENTRY_KINDS, RACE_TAGS

    rng = random.Random(seed)
    start = datetime(2024, 1, 1, 9, 0)
    kinds = ("note",) + tuple(k for k in ENTRY_KINDS if k != "note")
    entries = []
    for i in range(count):
        title = _sentence(rng, rng.randint(4, 8))[:-1]
        paragraphs: list[str] = []
        size = len(title)
        while size < ENTRY_BYTES - 60:
            paragraph = " ".join(_sentence(rng, rng.randint(6, 16)) for _ in range(rng.randint(2, 4)))
            paragraphs.append(paragraph)
            size += len(paragraph) + 2
        if i % RARE_EVERY == 7:
            paragraphs[-1] += f" We talked about the {RARE_WORD} in the room."
        if i == count // 2:
            paragraphs[0] += f" A trip to {UNIQUE_WORD} came up."
        tags = tuple(t for j, t in enumerate(RACE_TAGS) if (i >> j) & 1)
        entries.append(
            JournalEntry(
                when=start + timedelta(hours=7 * i),
                title=title,
                body="\n\n".join(paragraphs),
                kind=kinds[i % len(kinds)],
                meeting=i % 6 + 1,
                race_tags=tags,
            )
        )
    return entries


def expected_matches(count: int, word: str = RARE_WORD) -> int:
    if word == UNIQUE_WORD:
        return 1
    return sum(1 for i in range(count) if i % RARE_EVERY == 7)


# -- rmpair ---------------------------------------------------------------------------------


def rmpair_command() -> list[str]:
    """``rmpair`` as a person runs it: the console script beside this interpreter."""
    script = Path(sys.executable).with_name("rmpair")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "rmpair"]


def build_rmpair_vault(path: Path, journal: Sequence[JournalEntry], passphrase: str = PASSPHRASE) -> float:
    """A vault with ``journal`` in it, made through ``PairService`` with the default
    (real) key derivation cost. Returns the seconds it took.

    Each ``add_entry`` normally saves the whole vault (serialise, seal, fsync, rotate
    backups); for thousands of entries that is quadratic, so saving is held off while the
    entries go in and done once at the end. The file is exactly what saving after the last
    ``add_entry`` would have written.
    """
    from rmpair.content import load_content
    from rmpair.core.service import PairService

    started = time.perf_counter()
    service, _code = PairService.create(
        path, role="mentor", name="Bench Mentor", passphrase=passphrase, programme_start=date(2024, 1, 1),
        agendas=load_content().agenda_templates(),
    )
    try:
        service._save = lambda: None  # type: ignore[method-assign]  # held off; see above
        for entry in journal:
            service.add_entry(
                kind=entry.kind,
                title=entry.title,
                body=entry.body,
                meeting=entry.meeting,
                race_tags=entry.race_tags,
            )
        del service._save
        service._save()
    finally:
        service.close()
    return time.perf_counter() - started


def rmpair_kdf_seconds(runs: int = 5) -> float:
    """Median of ``rmpair.core.crypto.derive_key`` with the default ``KdfParams``."""
    from rmpair.core import crypto

    times = []
    for _ in range(runs):
        salt = crypto.random_salt()
        started = time.perf_counter()
        crypto.derive_key(PASSPHRASE, salt, crypto.KdfParams())
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def compile_rmpair() -> None:
    """Byte-compile rmpair's modules, as ``pip install .`` does when it installs them.

    A checkout's editable install has no bytecode until Python writes it at import, and
    where ``PYTHONDONTWRITEBYTECODE`` is set (as on the machine these figures come from)
    it never does: every timed process then compiled rmpair's modules again (0.13 s of
    a 1,000-entry export), while jrnl, installed by pip, had its bytecode."""
    import compileall

    import rmpair

    compileall.compile_dir(str(Path(rmpair.__file__).parent), quiet=2, workers=1)


def bench_env(home: Path) -> dict[str, str]:
    """The environment for a timed process: the caller's, with home, config and data
    folders pointed into the benchmark's own temporary folder, and rmpair byte-compiled
    (``compile_rmpair``)."""
    compile_rmpair()
    env = dict(os.environ)
    for name, sub in (("HOME", ""), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")):
        folder = home / sub if sub else home
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    env.pop("RMPAIR_VAULT", None)
    env.pop("RMPAIR_PROMPTS", None)
    return env


_EXPORTED = re.compile(r"Exported (\d+) shared entr(?:y|ies)(?: and (\d+) private)?")


def exported_count(stdout: str) -> int:
    """How many entries ``rmpair export --include-private`` says it wrote (-1: no such line)."""
    found = _EXPORTED.search(stdout)
    if found is None:
        return -1
    return int(found[1]) + int(found[2] or 0)


# -- timing ---------------------------------------------------------------------------------


class CommandFailed(RuntimeError):
    pass


def run_process(
    argv: Sequence[str], *, stdin: str = "", env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run one whole process; return its wall-clock seconds and the finished process, whose
    ``cpu_seconds`` is the user + system CPU time it used (from the children's rusage): less
    disturbed than the wall clock by other work on the machine, though not immune to it.

    ``start_new_session`` gives the child no controlling terminal, so a tool that reads a
    password with ``getpass`` (which tries /dev/tty first) reads it from standard input
    instead, whether or not the benchmark itself was started from a terminal.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        list(argv),
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        start_new_session=True,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    done.cpu_seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)  # type: ignore[attr-defined]
    if done.returncode != 0:
        raise CommandFailed(
            f"{' '.join(argv)} exited {done.returncode}\n--- stdout\n{done.stdout[-2000:]}\n--- stderr\n{done.stderr[-2000:]}"
        )
    return elapsed, done


Case = Callable[[], "float | tuple[float, float]"]


def interleave(
    cases: Sequence[tuple[str, Case]], runs: int, warmup: int = 1
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Run each case ``warmup`` times untimed, then ``runs`` rounds of every case in turn
    (a, b, a, b, ...), so drift in the machine's load falls on all cases alike.

    A case returns its wall-clock seconds, or (wall, CPU) seconds. Returns the wall times
    and the CPU times (empty lists for cases that gave none) by case name."""
    for _ in range(warmup):
        for _name, case in cases:
            case()
    wall: dict[str, list[float]] = {name: [] for name, _ in cases}
    cpu: dict[str, list[float]] = {name: [] for name, _ in cases}
    for _ in range(runs):
        for name, case in cases:
            result = case()
            if isinstance(result, tuple):
                wall[name].append(result[0])
                cpu[name].append(result[1])
            else:
                wall[name].append(result)
    return wall, cpu


@dataclass(frozen=True)
class Summary:
    median: float
    low: float
    high: float
    runs: int

    @property
    def spread(self) -> float:
        """(slowest - fastest) / median: how noisy the runs were."""
        return (self.high - self.low) / self.median if self.median else 0.0


def summarise(times: Sequence[float]) -> Summary:
    return Summary(statistics.median(times), min(times), max(times), len(times))


def fmt_s(seconds: float) -> str:
    return f"{seconds:.3f} s"


def fmt_summary(s: Summary) -> str:
    return f"{s.median:7.3f} s  (min {s.low:.3f}, max {s.high:.3f}, spread {s.spread:.0%}, n={s.runs})"


def verdict(value: float, limit: float, *, lower_is_better: bool = True) -> str:
    met = value <= limit if lower_is_better else value >= limit
    return "MET" if met else "MISSED"


# -- the machine ----------------------------------------------------------------------------


def machine_lines() -> list[str]:
    lines = [f"date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"]
    lines.append(f"nproc: {os.cpu_count()}")
    try:
        free = subprocess.run(["free", "-h"], capture_output=True, text=True, check=True).stdout
        mem = next(line for line in free.splitlines() if line.startswith("Mem:")).split()
        lines.append(f"memory (free -h): total {mem[1]}, available {mem[-1]}")
    except (OSError, subprocess.CalledProcessError, StopIteration, IndexError):
        pass
    try:
        load = os.getloadavg()
        lines.append(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    except OSError:
        pass
    lines.append(f"python: {platform.python_version()} ({sys.executable})")
    lines.append(f"platform: {platform.platform()}")
    try:
        commit = subprocess.run(
            ["git", "-C", str(BENCH_DIR), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(BENCH_DIR.parent), "status", "--porcelain", "--", "rmpair"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        if commit:
            lines.append(f"rmpair commit: {commit}{' (with uncommitted changes under rmpair/)' if dirty else ''}")
    except OSError:
        pass
    import rmpair

    lines.append(f"rmpair imported from: {Path(rmpair.__file__).parent}")
    return lines


def print_machine() -> None:
    print("## machine")
    for line in machine_lines():
        print(f"  {line}")
    print()


def print_load_after() -> None:
    """The load average at the end: other work on the machine makes every figure noisier."""
    try:
        load = os.getloadavg()
    except OSError:
        return
    print()
    print(f"load average at end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (on {os.cpu_count()} cores)")


def scratch_dir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
