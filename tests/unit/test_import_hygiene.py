"""The domain never imports Textual: it must serve the CLI, scripts and tests alone."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import rmpair

DOMAIN_MODULES = [
    "rmpair.crypto",
    "rmpair.vault",
    "rmpair.vault_format",
    "rmpair.vault_lock",
    "rmpair.models",
    "rmpair.database",
    "rmpair.views",
    "rmpair.service",
    "rmpair.paths",
    "rmpair.errors",
    "rmpair.content",
    "rmpair.cli",
]
OPTIONAL_DOMAIN_MODULES = ["rmpair.export", "rmpair.summary", "rmpair.settings", "rmpair.demo", "rmpair.progress"]


def _present(names):
    available = {m.name for m in pkgutil.walk_packages(rmpair.__path__, "rmpair.")}
    return [name for name in names if name in available]


@pytest.mark.parametrize("module", DOMAIN_MODULES + _present(OPTIONAL_DOMAIN_MODULES))
def test_domain_module_does_not_import_textual(module):
    code = (
        f"import sys, {module}\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"{module} imported {result.stdout.strip()}"


def test_the_check_would_catch_an_import():
    code = "import sys, textual\nprint('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"


UI_FORBIDDEN = ("sqlmodel", "sqlalchemy", "sqlite3", "cryptography", "rmpair.vault", "rmpair.crypto", "rmpair.database", "rmpair.models")


def _ui_files():
    from pathlib import Path

    package = Path(rmpair.__file__).parent
    files = [package / "app.py", package / "commands.py"]
    files += sorted((package / "screens").glob("*.py")) + sorted((package / "widgets").glob("*.py"))
    return [f for f in files if f.exists()]


def _imports(source: str) -> set[str]:
    import ast

    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_ui_code_never_touches_sql_or_crypto():
    offenders = []
    for file in _ui_files():
        for name in _imports(file.read_text(encoding="utf-8")):
            if any(name == bad or name.startswith(bad + ".") for bad in UI_FORBIDDEN):
                offenders.append(f"{file.name}: {name}")
    assert offenders == []


def test_the_ui_scan_would_catch_a_forbidden_import():
    assert "sqlmodel" in _imports("from sqlmodel import select")
    assert "rmpair.vault" in _imports("from rmpair import vault")
