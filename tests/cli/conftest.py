"""Shared pieces for the command-line tests.

Two kinds of vault are built here:

* ``pair_template``: one pair made through the real, installed ``rmpair`` executable with
  the product's real key derivation, once per test session; ``pair_vault`` copies it (the
  vault and its backups) for each test, so every test gets its own files for the price of
  a file copy instead of another dozen subprocess calls.
* ``fast_pair_template`` / ``fast_pair``: the same shape of pair made in-process with a
  cheap key derivation (the file records its parameters, so unlocking reads them back:
  there is no switch in the product), for loops that would take minutes at full cost.

``run_rmpair`` runs the real executable; ``cli_main`` calls ``rmpair.cli.main`` in-process.
Both return a ``Result`` whose ``problem_line()`` checks the CLI's promise for a problem:
exit 1, exactly one line on stderr starting ``rmpair: ``, and no traceback anywhere.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from rmpair.core.crypto import KdfParams
from rmpair.core.vault import backup_path

# The installed console script of the interpreter running the tests (the venv's bin/).
RMPAIR = Path(sys.executable).parent / "rmpair"
SAVE_LOOP = Path(__file__).with_name("save_loop.py")

MENTOR_PASS = "mentor passphrase one"
MENTEE_PASS = "mentee passphrase two"
FAST_KDF = KdfParams(memory_kib=1024, iterations=1)
SUBPROCESS_TIMEOUT = 60
ID_LINE = re.compile(r"^([0-9a-f]{8})  ")

# Test modules here import these helpers as ``cli_testkit``: every folder's conftest is a
# module called "conftest", so importing it by that name would depend on collection order.
sys.modules.setdefault("cli_testkit", sys.modules[__name__])


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def ok(self) -> Result:
        assert self.code == 0, f"expected success, got {self.code}:\n{self.output}"
        assert "Traceback" not in self.output
        return self

    def problem_line(self) -> str:
        """The one-line message of a user-facing problem, after checking its shape."""
        assert "Traceback" not in self.output, self.output
        assert self.code == 1, f"expected exit 1, got {self.code}:\n{self.output}"
        lines = self.stderr.splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
        assert lines[0].startswith("rmpair: "), lines[0]
        return lines[0]

    def ids(self) -> list[str]:
        """Entry ids: the first column of ``list``/``search`` output, 8 hex characters."""
        return [m.group(1) for line in self.stdout.splitlines() if (m := ID_LINE.match(line))]


def _stdin_text(lines: Iterable[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


def clean_env(home: Path) -> dict[str, str]:
    """The environment for a subprocess: no real user folders, no vault or prompts
    chosen from outside the test."""
    env = {k: v for k, v in os.environ.items() if k not in ("RMPAIR_VAULT", "RMPAIR_PROMPTS")}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


class RmpairRunner:
    """Runs the installed ``rmpair`` executable, passphrases on stdin one per line."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.calls = 0

    def __call__(self, vault: Path, *args: str, stdin: Sequence[str] = (), **kwargs) -> Result:
        self.calls += 1
        done = subprocess.run(
            [str(RMPAIR), *args, "--vault", str(vault)],
            input=_stdin_text(stdin),
            capture_output=True,
            text=True,
            env=self.env,
            timeout=SUBPROCESS_TIMEOUT,
            **kwargs,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    def each(self, vault: Path, calls: Sequence[tuple[Sequence[str], Sequence[str]]]) -> list[Result]:
        """Independent read-only calls, (args, stdin) each, run side by side: most of a
        call is key derivation, and there is a core for each."""
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            return list(pool.map(lambda call: self(vault, *call[0], stdin=call[1]), calls))


@pytest.fixture(scope="session")
def cli_env(tmp_path_factory) -> dict[str, str]:
    return clean_env(tmp_path_factory.mktemp("cli-home"))


@pytest.fixture(scope="session")
def run_rmpair(cli_env) -> RmpairRunner:
    if not RMPAIR.exists():
        pytest.fail(f"the rmpair console script is not installed beside {sys.executable}")
    return RmpairRunner(cli_env)


# -- the pair made through the real executable -------------------------------------------------


def unique_word(stem: str) -> str:
    """A word no vault, header or code could contain by chance."""
    return f"{stem}{secrets.token_hex(6)}"


def fragment(word: str) -> str:
    """A piece of ``word`` to search for, so a reply that echoes the search text does not
    contain the whole word."""
    return word[2:-2]


@dataclass
class PairTemplate:
    vault: Path
    mentor_title: str
    mentor_body_word: str
    mentee_title: str
    mentee_body_word: str
    mentor_id: str
    mentee_id: str
    mentor_code: str
    mentee_code: str
    steps: dict[str, Result] = field(default_factory=dict)

    @property
    def mentor_titles(self) -> tuple[str, ...]:
        """Everything the mentor can see."""
        return (self.mentor_title, self.mentee_title)

    @property
    def words(self) -> tuple[str, ...]:
        return (self.mentor_title, self.mentor_body_word, self.mentee_title, self.mentee_body_word)


def recovery_code(result: Result) -> str:
    codes = re.findall(r"^Recovery code: ([0-9A-Z]{5}(?:-[0-9A-Z]{5})+)$", result.stdout, re.M)
    assert len(codes) == 1, result.stdout
    return codes[0]


@pytest.fixture(scope="session")
def pair_template(run_rmpair, tmp_path_factory) -> PairTemplate:
    """A mentor and a mentee, made the way the pair would make it: with the real command.

    The mentor writes a private talking point, the mentee a shared reflection, each with
    a title and a body word found nowhere else. A last write (an action) follows, so
    backup 1 also holds both entries, which the damage tests restore from.
    """
    vault = tmp_path_factory.mktemp("pair-template") / "pair.rmpair"
    mentor_title, mentor_body = unique_word("zebratitle"), unique_word("zebrabody")
    mentee_title, mentee_body = unique_word("otterreflect"), unique_word("otterbody")
    steps: dict[str, Result] = {}
    steps["init"] = run_rmpair(
        vault, "init", "--as", "mentor", "--name", "Ada", "--start", "2026-01-05",
        stdin=[MENTOR_PASS, MENTOR_PASS],
    ).ok()
    steps["join"] = run_rmpair(
        vault, "join", "--as", "mentee", "--name", "Bo", stdin=[MENTOR_PASS, MENTEE_PASS, MENTEE_PASS]
    ).ok()
    steps["mentor_add"] = run_rmpair(
        vault, "add", "--kind", "talking-point", "--private", "--meeting", "1",
        "--title", mentor_title,
        f"When the director said it in the review, {mentor_body} was the word that stayed.",
        stdin=[MENTOR_PASS],
    ).ok()
    steps["mentee_add"] = run_rmpair(
        vault, "add", "--kind", "reflection", "--shared", "--meeting", "1",
        "--title", mentee_title, f"I had not seen it that way; {mentee_body} is my takeaway.",
        stdin=[MENTEE_PASS],
    ).ok()
    steps["action"] = run_rmpair(
        vault, "action", "add", "Read the report together", "--meeting", "2", stdin=[MENTEE_PASS]
    ).ok()
    mentor_list = run_rmpair(vault, "list", stdin=[MENTOR_PASS]).ok()
    steps["mentor_list"] = mentor_list
    ids = {}
    for line in mentor_list.stdout.splitlines():
        match = ID_LINE.match(line)
        if match and line.endswith(mentor_title):
            ids["mentor"] = match.group(1)
        if match and line.endswith(mentee_title):
            ids["mentee"] = match.group(1)
    assert set(ids) == {"mentor", "mentee"}, mentor_list.stdout
    return PairTemplate(
        vault=vault,
        mentor_title=mentor_title,
        mentor_body_word=mentor_body,
        mentee_title=mentee_title,
        mentee_body_word=mentee_body,
        mentor_id=ids["mentor"],
        mentee_id=ids["mentee"],
        mentor_code=recovery_code(steps["init"]),
        mentee_code=recovery_code(steps["join"]),
        steps=steps,
    )


def copy_vault(source: Path, folder: Path) -> Path:
    """Copy a vault and its backups (not its lock) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    shutil.copy(source, target)
    for generation in (1, 2, 3):
        if backup_path(source, generation).exists():
            shutil.copy(backup_path(source, generation), backup_path(target, generation))
    return target


@pytest.fixture
def pair_vault(pair_template, tmp_path) -> Path:
    """This test's own copy of the template pair's vault and backups."""
    return copy_vault(pair_template.vault, tmp_path / "pair")


# -- the same pair, in-process, with a cheap key derivation ------------------------------------


@dataclass
class FastPair:
    vault: Path
    mentor_titles: tuple[str, ...]  # everything the mentor can see
    mentee_titles: tuple[str, ...]  # everything the mentee can see
    mentor_private_title: str


def build_fast_pair(vault: Path) -> FastPair:
    from rmpair.core.service import PairService

    mentor, _ = PairService.create(
        vault, role="mentor", name="Ada", passphrase=MENTOR_PASS,
        programme_start=date(2026, 1, 5), kdf=FAST_KDF, agendas={},
    )
    try:
        mentor.join(role="mentee", name="Bo", passphrase=MENTEE_PASS, kdf=FAST_KDF)
        mentor.add_entry(kind="talking-point", title="fast private point", body="only mine", private=True)
        mentor.add_entry(kind="note", title="fast shared note", body="for both of us", private=False)
    finally:
        mentor.close()
    mentee = PairService.unlock(vault, MENTEE_PASS)
    try:
        mentee.add_entry(kind="reflection", title="fast shared reflection", body="learned", private=False)
        # One more save, so backup 1 holds every entry too.
        mentee.set_meeting_date(6, date(2026, 7, 1))
    finally:
        mentee.close()
    return FastPair(
        vault=vault,
        mentor_titles=("fast private point", "fast shared note", "fast shared reflection"),
        mentee_titles=("fast shared note", "fast shared reflection"),
        mentor_private_title="fast private point",
    )


@pytest.fixture(scope="session")
def fast_pair_template(tmp_path_factory) -> FastPair:
    return build_fast_pair(tmp_path_factory.mktemp("fast-template") / "pair.rmpair")


@pytest.fixture
def fast_pair(fast_pair_template, tmp_path) -> FastPair:
    vault = copy_vault(fast_pair_template.vault, tmp_path / "fast")
    t = fast_pair_template
    return FastPair(vault, t.mentor_titles, t.mentee_titles, t.mentor_private_title)


# -- two laptops, A (both people, the mentor's) and B (accepted from A's invite for the mentee) ---


@pytest.fixture(scope="session")
def laptops_template(tmp_path_factory) -> Path:
    """Made once, in-process with a cheap key derivation (the CLI's own invite and accept are
    tried in test_exchange_cli)."""
    from tests.exchange.pair_of_laptops import pair_laptops

    folder = tmp_path_factory.mktemp("laptops")
    pair_laptops(folder, build_fast_pair, MENTEE_PASS)
    return folder


@pytest.fixture
def laptops(laptops_template, tmp_path) -> tuple[Path, Path]:
    """This test's own copy of both laptops: (A, B)."""
    copy = tmp_path / "laptops"
    shutil.copytree(laptops_template, copy)
    return copy / "a" / "pair.rmpair", copy / "b" / "pair.rmpair"


# -- rmpair.cli.main in-process ----------------------------------------------------------------


@pytest.fixture
def cli_main(capsys, monkeypatch):
    """Call ``rmpair.cli.main`` with passphrases on a fake, non-terminal stdin."""
    from rmpair.cli import main

    def run(vault: Path, *args: str, stdin: Sequence[str] = ()) -> Result:
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.StringIO(_stdin_text(stdin)))
        try:
            code = main([*args, "--vault", str(vault)])
        except SystemExit as stop:  # argparse's usage errors
            code = stop.code if isinstance(stop.code, int) else 2
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def not_owner_only(folder: Path) -> dict[str, str]:
    """Files beside the vault that anyone but their owner may read or write: a readable
    copy of a vault lets another local user guess passphrases offline."""
    return {
        p.name: oct(p.stat().st_mode & 0o777)
        for p in folder.iterdir()
        if p.is_file() and p.stat().st_mode & 0o077
    }


def folder_snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the folder and its bytes, to show a failure changed nothing."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.endswith(".lock")}


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
