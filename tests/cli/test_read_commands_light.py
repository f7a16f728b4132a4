"""Commands that only read entries (search, list) open the vault without the service's ORM:
importing SQLModel and SQLAlchemy took such a command about as long as the key derivation."""

from __future__ import annotations

import subprocess
import sys

import pytest
from cli_testkit import MENTEE_PASS, MENTOR_PASS, SUBPROCESS_TIMEOUT

_RUN_AND_REPORT = """
import sys
from rmpair.cli import main
code = main(sys.argv[1:])
heavy = sorted(name for name in ("sqlmodel", "sqlalchemy", "pydantic") if name in sys.modules)
print("heavy modules:", ",".join(heavy) or "none")
sys.exit(code)
"""


def _run(vault, *args: str, passphrase: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _RUN_AND_REPORT, "--vault", str(vault), *args],
        input=passphrase + "\n", capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT,
    )


@pytest.mark.parametrize(
    ("args", "passphrase", "expected", "hidden"),
    [
        (("search", "fast"), MENTOR_PASS, ("fast private point", "fast shared note", "fast shared reflection"), ()),
        (("search", "fast"), MENTEE_PASS, ("fast shared note", "fast shared reflection"), ("fast private point",)),
        (("list",), MENTOR_PASS, ("fast private point", "fast shared note", "fast shared reflection"), ()),
        (("list", "--kind", "note"), MENTEE_PASS, ("fast shared note",), ("fast shared reflection", "fast private point")),
    ],
)
def test_reading_entries_needs_no_orm(fast_pair, args, passphrase, expected, hidden) -> None:
    result = _run(fast_pair.vault, *args, passphrase=passphrase)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for title in expected:
        assert title in result.stdout
    for title in hidden:
        assert title not in result.stdout
    assert "heavy modules: none" in result.stdout


def test_a_wrong_passphrase_is_one_line_on_the_light_path_too(fast_pair) -> None:
    result = _run(fast_pair.vault, "search", "fast", passphrase="not the passphrase at all")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("rmpair: ") and "passphrase" in lines[0]

