"""Fixtures for the fault-injection tests; plain helpers live in ``faultkit``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults import faultkit


@pytest.fixture(scope="module")
def vault_template(tmp_path_factory) -> tuple[Path, str]:
    """One fast vault per module (passphrase ``PASS_A``, vault and three backups, all
    different); tests copy it rather than pay for building it again."""
    path = tmp_path_factory.mktemp("template") / "pair.rmpair"
    code = faultkit.make_vault(path)
    return path, code


@pytest.fixture
def fresh_vault(vault_template, tmp_path) -> tuple[Path, str]:
    """This test's own copy of the template vault: (path, recovery code)."""
    template, code = vault_template
    return faultkit.copy_template(template, tmp_path / "vault"), code


@pytest.fixture(scope="session")
def zygote():
    """One ``children/zygote.py`` for the session; see ``faultkit.Zygote``."""
    handle = faultkit.Zygote()
    yield handle
    handle.close()
