"""A private entry, as the partner's unlock shows it: a padded blob with no clear time.

The partner holds the vault key and so can read the database; what must not show there is
how long each of the other person's private entries is, to the byte, and when it was
written or changed, to the microsecond.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from rmpair.core import crypto
from rmpair.core.crypto import KdfParams
from rmpair.core.database import SCHEMA_VERSION, Database, migrate
from rmpair.core.entry_store import private_payload
from rmpair.core.private_seal import entry_aad, sealed_size
from rmpair.core.service import PairService

FAST_KDF = KdfParams(memory_kib=1024, iterations=1)
ADA, BEN = "ada passphrase one", "ben passphrase two"
CLEAR_TIME = "1970-01-01 00:00:00.000000"
KIB, MIB = 1024, 1024 * 1024


@pytest.mark.parametrize(
    ("plaintext", "sealed"),
    [
        (0, KIB), (KIB - crypto.SEAL_OVERHEAD, KIB), (KIB - crypto.SEAL_OVERHEAD + 1, 2 * KIB),
        (5000, 8 * KIB), (MIB - crypto.SEAL_OVERHEAD, MIB), (MIB, 2 * MIB),
        (2 * MIB + 1, 3 * MIB), (40 * MIB, 41 * MIB),
    ],
)
def test_sealed_sizes_are_powers_of_two_from_1_kib_then_whole_mib(plaintext, sealed):
    assert sealed_size(plaintext) == sealed


def sealed_rows(service: PairService) -> dict[str, tuple[bytes, str]]:
    rows = service._db.connection.execute("SELECT id, sealed, updated_at FROM sealed_entry")
    return {entry_id: (blob, clear_time) for entry_id, blob, clear_time in rows}


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    vault = tmp_path / "pair.rmpair"
    ada, _ = PairService.create(
        vault, role="mentor", name="Ada", passphrase=ADA, programme_start=date(2026, 1, 5), kdf=FAST_KDF, agendas={}
    )
    ada.join(role="mentee", name="Ben", passphrase=BEN, kdf=FAST_KDF)
    ada.close()
    return vault


def test_a_private_entry_is_padded_and_its_times_stay_inside_the_seal(pair: Path) -> None:
    ada = PairService.unlock(pair, ADA)
    try:
        written = ada.add_entry(kind="reflection", title="short", body="a few words", private=True)
        edited = ada.update_entry(written.id, body="a few more words than before")
        blob, clear_time = sealed_rows(ada)[written.id]
        assert len(blob) == 1024 and clear_time == CLEAR_TIME
    finally:
        ada.close()
    ada = PairService.unlock(pair, ADA)
    try:
        assert ada.entry(written.id) == edited  # the real times come back from inside the seal
    finally:
        ada.close()


def test_deleting_a_private_entry_leaves_no_time_behind(pair: Path) -> None:
    ada = PairService.unlock(pair, ADA)
    try:
        entry = ada.add_entry(kind="talking-point", title="gone soon", body="never mind", private=True)
        ada.delete_entry(entry.id)
        rows = ada._db.connection.execute("SELECT deleted_at FROM tombstone WHERE id = ?", (entry.id,)).fetchall()
        assert rows == [(CLEAR_TIME,)]
    finally:
        ada.close()


def _unpadded(service: PairService, entry_id: str, when: datetime) -> None:
    """Seal one of this person's entries as rmpair did before padding, with its clear time."""
    view = service.entry(entry_id)
    blob = crypto.seal(service._vault.personal_key, json.dumps(private_payload(view)).encode(), entry_aad(entry_id))
    with service._db.connection as connection:
        connection.execute(
            "UPDATE sealed_entry SET sealed = ?, updated_at = ? WHERE id = ?",
            (blob, when.strftime("%Y-%m-%d %H:%M:%S.%f"), entry_id),
        )


def test_an_unpadded_entry_is_padded_by_its_author_at_their_next_save(pair: Path) -> None:
    when = datetime(2026, 3, 4, 10, 11, 12, 131415, tzinfo=timezone.utc)
    ada = PairService.unlock(pair, ADA)
    ada_entry = ada.add_entry(kind="talking-point", title="ada's", body="ada's words", private=True)
    _unpadded(ada, ada_entry.id, when)
    ada._save()
    ada.close()
    ben = PairService.unlock(pair, BEN)
    ben_entry = ben.add_entry(kind="observation", title="ben's", body="ben's words", private=True)
    _unpadded(ben, ben_entry.id, when)
    ben._save()
    ben.close()

    ada = PairService.unlock(pair, ADA)
    try:
        ben_before = sealed_rows(ada)[ben_entry.id]
        assert len(sealed_rows(ada)[ada_entry.id][0]) != sealed_size(0)
        ada.add_action("Book the room")  # any change saves
        rows = sealed_rows(ada)
        assert len(rows[ada_entry.id][0]) == sealed_size(0) and rows[ada_entry.id][1] == CLEAR_TIME
        assert rows[ben_entry.id] == ben_before, "Ada cannot re-seal Ben's; his own save will"
        assert ada.entry(ada_entry.id) == ada_entry
    finally:
        ada.close()
    ben = PairService.unlock(pair, BEN)
    try:
        ben.add_action("Bring the report")
        assert len(sealed_rows(ben)[ben_entry.id][0]) == sealed_size(0)
        assert ben.entry(ben_entry.id) == ben_entry
    finally:
        ben.close()


def _schema_3_database() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    migrate(connection, target=3)
    connection.execute("PRAGMA secure_delete = OFF")  # as some platforms' SQLite leaves it
    with connection:
        connection.execute("INSERT INTO sealed_entry VALUES ('s1', x'00', '2026-03-04 10:11:12.131415')")
        connection.execute("INSERT INTO tombstone VALUES ('e1', 'entry', '2026-03-05 09:08:07.060504')")
        connection.execute("INSERT INTO tombstone VALUES ('a1', 'agenda_item', '2026-03-06 01:02:03.040506')")
        connection.execute("INSERT INTO sealed_entry VALUES ('s2', ?, '2026-03-07 00:00:00.000001')",
                           (b"deleted text that lingers " * 20,))
        connection.execute("DELETE FROM sealed_entry WHERE id = 's2'")
    return connection


def test_the_migration_blanks_sealed_and_deletion_times_and_leaves_no_trace() -> None:
    image = _schema_3_database().serialize()
    assert b"deleted text that lingers" in image  # a freed page still held it
    database = Database.from_image(image)
    connection = database.connection
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert connection.execute("SELECT updated_at FROM sealed_entry").fetchall() == [(CLEAR_TIME,)]
    assert dict(connection.execute("SELECT id, deleted_at FROM tombstone").fetchall()) == {
        "e1": CLEAR_TIME, "a1": "2026-03-06 01:02:03.040506",
    }
    after = database.image()
    assert b"2026-03-04" not in after and b"2026-03-05" not in after
    assert b"deleted text that lingers" not in after
    assert connection.execute("PRAGMA secure_delete").fetchone() == (1,)
