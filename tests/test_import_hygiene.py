"""Nothing outside the app imports Textual, at run time: the domain, the reports and the
command line must serve scripts and screen-reader users alone.

``test_layers.py`` checks every import statically; this imports each module for real, in
a fresh interpreter, so an import hidden behind a function call is caught too.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import rmpair


def _modules_outside_the_app() -> list[str]:
    return sorted(
        module.name
        for module in pkgutil.walk_packages(rmpair.__path__, "rmpair.")
        if not module.name.startswith("rmpair.tui") and module.name != "rmpair.__main__"
    )


@pytest.mark.parametrize("module", _modules_outside_the_app())
def test_module_outside_the_app_does_not_import_textual(module):
    code = (
        f"import sys, {module}\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"{module} imported {result.stdout.strip()}"


def test_the_list_covers_every_layer_but_the_app():
    names = _modules_outside_the_app()
    for package in ("rmpair.core.", "rmpair.content", "rmpair.reports.", "rmpair.cli"):
        assert any(name.startswith(package) for name in names), package


def test_the_check_would_catch_an_import():
    code = "import sys, textual\nprint('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"
