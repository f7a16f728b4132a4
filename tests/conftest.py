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


class FullDisk:
    """While armed, every save of a vault fails as on a full disk: ``write_generation``
    raises the ``VaultWriteFailed`` a real ENOSPC gives, and the file stays as it was.
    ``clear()`` frees the space again."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import rmpair.vault

        self._monkeypatch = monkeypatch
        self._module = rmpair.vault
        self._real = rmpair.vault.write_generation
        self.failures = 0
        monkeypatch.setattr(rmpair.vault, "write_generation", self._fail)

    def _fail(self, path, data, **kwargs):
        import errno
        import os

        self.failures += 1
        error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        raise self._module._write_error(path.parent, error) from error

    def clear(self) -> None:
        self._monkeypatch.setattr(self._module, "write_generation", self._real)


@pytest.fixture
def full_disk(monkeypatch):
    """Call it to fill the disk (see ``FullDisk``)."""
    return lambda: FullDisk(monkeypatch)
