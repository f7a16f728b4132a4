"""Fixtures for the domain's unit tests."""

from __future__ import annotations

from datetime import date

import pytest

from rmpair.service import PairService

MENTOR_PASS = "mentor passphrase"
MENTEE_PASS = "mentee passphrase"


@pytest.fixture
def vault_path(tmp_path):
    return tmp_path / "pair.rmpair"


@pytest.fixture
def pair(vault_path, fast_kdf):
    """A vault with both people; returns a function that unlocks as one of them."""
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
