from __future__ import annotations

import os
from datetime import date

import pytest

from rmpair.core.crypto import KdfParams

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


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    # Two workers per core: a Pilot or terminal test spends about half its time waiting
    # (for the app's next turn, a subprocess, tmux), so one worker per core left the
    # machine half idle (a load average of 1.1 on two cores through a whole run).
    return 2 * len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2 * (os.cpu_count() or 1)


HEAVY_FIRST = ("tests/tui/", "tests/e2e/")
"""Folders whose tests take seconds each (an app, a terminal); run before the rest."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The two xdist workers take tests in collection order. Alphabetically the slowest
    # (screen walks, key sweeps, the e2e terminals) came last, and one worker ran them
    # alone while the other sat idle; run first, the many quick tests fill in at the end.
    # A stable sort: the order within each part is as collected.
    items.sort(key=lambda item: not item.nodeid.startswith(HEAVY_FIRST))


# The domain tests' pair (``pair`` fixture) and its two passphrases.
MENTOR_PASS = "mentor passphrase"
MENTEE_PASS = "mentee passphrase"


@pytest.fixture
def vault_path(tmp_path):
    return tmp_path / "pair.rmpair"


@pytest.fixture
def pair(vault_path, fast_kdf):
    """A vault with both people; returns a function that unlocks as one of them."""
    from rmpair.core.service import PairService

    mentor, code = PairService.create(
        vault_path,
        role="mentor",
        name="Ada",
        passphrase=MENTOR_PASS,
        programme_start=date(2026, 1, 5),
        cadence_weeks=4,
        kdf=fast_kdf,
        agendas={1: [("Ground rules", 10), ("Goals", 15)]},
    )
    mentor.join(role="mentee", name="Bo", passphrase=MENTEE_PASS, kdf=fast_kdf)
    mentor.close()
    opened = []

    def unlock(passphrase):
        for service in opened:
            service.close()
        opened.clear()
        service = PairService.unlock(vault_path, passphrase)
        opened.append(service)
        return service

    yield unlock
    for service in opened:
        service.close()


class FullDisk:
    """While armed, every save of a vault fails as on a full disk: ``write_generation``
    raises the ``VaultWriteFailed`` a real ENOSPC gives, and the file stays as it was.
    ``clear()`` frees the space again. Every save calls it as
    ``vault_write.write_generation``, so that is the one place to patch."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import rmpair.core.vault_write

        self._monkeypatch = monkeypatch
        self._module = rmpair.core.vault_write
        self._real = rmpair.core.vault_write.write_generation
        self.failures = 0
        monkeypatch.setattr(rmpair.core.vault_write, "write_generation", self._fail)

    def _fail(self, path, data, **kwargs):
        import errno
        import os

        self.failures += 1
        error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        raise self._module.write_error(path.parent, error) from error

    def clear(self) -> None:
        self._monkeypatch.setattr(self._module, "write_generation", self._real)


@pytest.fixture
def west_of_greenwich(monkeypatch):
    """A time zone where 0001-01-01 00:00 UTC has no local time (it would be in year 0)."""
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def full_disk(monkeypatch):
    """Call it to fill the disk (see ``FullDisk``)."""
    return lambda: FullDisk(monkeypatch)


def reflections_in_vault(vault, passphrase: str) -> list[str]:
    """Title and body of each reflection ``passphrase`` can read, as saved on disk."""
    from rmpair.core.service import PairService

    service = PairService.unlock(vault, passphrase, write=False)
    try:
        return [f"{entry.title}\n{entry.body}" for entry in service.entries(kind="reflection")]
    finally:
        service.close()
