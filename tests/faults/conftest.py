"""Fixtures for the fault-injection tests; plain helpers live in ``faultkit``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import faultkit  # noqa: E402


@pytest.fixture(scope="module")
def vault_template(tmp_path_factory) -> tuple[Path, str]:
    """One fast vault per module (passphrase ``PASS_A``, vault and three backups, all
    different); tests copy it rather than pay for building it again."""
    path = tmp_path_factory.mktemp("template") / "pair.rmpair"
    code = faultkit.make_vault(path)
    return path, code


def copy_template(template: Path, folder: Path) -> Path:
    import shutil

    from rmpair.vault import BACKUP_GENERATIONS, backup_path

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / template.name
    shutil.copy(template, target)
    for generation in range(1, BACKUP_GENERATIONS + 1):
        if backup_path(template, generation).exists():
            shutil.copy(backup_path(template, generation), backup_path(target, generation))
    return target


@pytest.fixture
def fresh_vault(vault_template, tmp_path) -> tuple[Path, str]:
    """This test's own copy of the template vault: (path, recovery code)."""
    template, code = vault_template
    return copy_template(template, tmp_path / "vault"), code
