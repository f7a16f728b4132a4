"""The layers of ARCHITECTURE.md, as import-linter contracts kept in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import rmpair

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(rmpair.__file__).resolve().parent


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports with ``root``'s pyproject.toml, on the rmpair package in ``root``."""
    script = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run(
        [sys.executable, "-c", script, "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )


@pytest.mark.skipif(not (REPO_ROOT / "pyproject.toml").is_file(), reason="needs the source tree")
def test_every_contract_is_kept():
    result = _lint_imports(REPO_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.skipif(not (REPO_ROOT / "pyproject.toml").is_file(), reason="needs the source tree")
@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("core/vault.py", "import rmpair.reports.progress", "Layers"),
        ("content/pack.py", "import rmpair.cli", "Layers"),
        ("reports/summary.py", "import textual", "Only the app imports Textual"),
        ("tui/widgets/literal.py", "import rmpair.tui.screens.home", "Widgets never import screens"),
        ("tui/screens/blank.py", "import sqlite3", "The app never touches SQL or cryptography"),
        ("core/errors.py", "import rmpair.core.vault", "No cycles"),
    ],
)
def test_a_wrong_import_breaks_its_contract(tmp_path, module, line, contract):
    """Each contract would catch the import it forbids, planted in a copy of the package."""
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(PACKAGE, tmp_path / "rmpair", ignore=shutil.ignore_patterns("__pycache__", "_data"))
    planted = tmp_path / "rmpair" / module
    planted.write_text(planted.read_text(encoding="utf-8") + f"\n{line}  # planted by the test\n", encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    broken = [row for row in result.stdout.splitlines() if row.endswith("BROKEN")]
    assert any(row.startswith(contract) for row in broken), result.stdout
