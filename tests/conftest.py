from __future__ import annotations

import pytest

from rmpair.crypto import KdfParams

# Tests that are not about key derivation cost use a cheap one; the file records the
# parameters, so unlocking reads them back without any switch in the product.
FAST_KDF = KdfParams(memory_kib=1024, iterations=1)


@pytest.fixture
def fast_kdf() -> KdfParams:
    return FAST_KDF


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """No test may read or write the real user's config, data or vault."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("RMPAIR_VAULT", raising=False)
    monkeypatch.delenv("RMPAIR_PROMPTS", raising=False)
