"""``rmpair`` and ``rmpair demo`` start the app only at a terminal.

Run from a script, a pipe or a service, the app drew its screens as escape codes into
the output and then waited for ever for keys. Now it refuses in one line that points to
the commands, with the exit code of a mistyped command. Each run has a timeout, so a
hang fails the test instead of holding up the whole suite.
"""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

import pytest

from cli_testkit import RMPAIR, clean_env

# Refusing takes one interpreter start; the app, had it started, would never end by itself.
HANG_GUARD_SECONDS = 30


def run_detached(args: list[str], env: dict[str, str], *, stdin, stdout, stderr) -> int:
    process = subprocess.Popen([str(RMPAIR), *args], stdin=stdin, stdout=stdout, stderr=stderr, env=env,
                               start_new_session=True)
    try:
        return process.wait(timeout=HANG_GUARD_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail(f"rmpair {' '.join(args)} without a terminal was still running after {HANG_GUARD_SECONDS} s")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = clean_env(tmp_path / "home")
    environment["TMPDIR"] = str(tmp_path / "tmp")  # where the demo would make its vault
    (tmp_path / "tmp").mkdir()
    environment["TERM"] = "xterm-256color"  # a terminal type the app would accept
    return environment


def check_refusal(out: Path, err: Path, code: int) -> None:
    assert code == 2
    assert out.read_bytes() == b"", "nothing, least of all escape codes, goes to the output"
    lines = err.read_text().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("rmpair: ") and "terminal" in lines[0] and "'rmpair --help'" in lines[0]
    assert "\x1b" not in err.read_text()


@pytest.mark.parametrize("command", [[], ["demo"], ["demo", "--fresh"]], ids=["app", "demo", "demo-fresh"])
def test_without_any_terminal_it_refuses_in_one_line(tmp_path: Path, env, command) -> None:
    vault = tmp_path / "vault" / "pair.rmpair"
    out, err = tmp_path / "out", tmp_path / "err"
    with open(os.devnull) as nothing, out.open("wb") as stdout, err.open("wb") as stderr:
        code = run_detached(command or ["--vault", str(vault)], env, stdin=nothing, stdout=stdout, stderr=stderr)
    check_refusal(out, err, code)
    assert not vault.parent.exists(), "nothing was made for a vault"
    assert list((tmp_path / "tmp").iterdir()) == [], "no demo vault was made"


@pytest.mark.parametrize("command", [[], ["demo"]], ids=["app", "demo"])
def test_keys_from_a_terminal_but_output_to_a_file_is_refused_too(tmp_path: Path, env, command) -> None:
    # Keys could come from the terminal here, so the app would start, draw into the file
    # and wait for them: a script's `rmpair > out` must not do that either.
    leader, follower = pty.openpty()
    out, err = tmp_path / "out", tmp_path / "err"
    try:
        with out.open("wb") as stdout, err.open("wb") as stderr:
            args = command or ["--vault", str(tmp_path / "vault" / "pair.rmpair")]
            code = run_detached(args, env, stdin=follower, stdout=stdout, stderr=stderr)
    finally:
        os.close(follower)
        os.close(leader)
    check_refusal(out, err, code)
