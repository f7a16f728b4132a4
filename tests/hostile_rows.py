"""Rows the partner's copy of rmpair could have written, shared by the CLI, TUI and fuzz tests.

The partner holds the vault key, so their copy (damaged, altered, or another program
using the key) can store any value SQLite can hold in any column of the shared tables,
and even drop a column's NOT NULL. These helpers write such rows the way that copy
would: open the vault with a passphrase, change its database image with ``sqlite3``,
seal and save it through the vault API.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from rmpair.core.crypto import KdfParams
from rmpair.core.database import Database
from rmpair.core.private_seal import seal_private
from rmpair.core.vault import Vault

FAST_KDF = KdfParams(memory_kib=1024, iterations=1)

MARKUP = "[@click=app.quit]quit[/]"

MENTOR_PASS = "mentor passphrase one"
MENTEE_PASS = "mentee passphrase two"
GOOD_TITLE = "A good shared note"
PRIVATE_TITLE = "A good private point"
ACTION_TEXT = f"Read the report {MARKUP}"
GOAL_TEXT = f"Sponsor two people {MARKUP}"

# Each case: statements run on the database inside the vault by ``write_rows``: SQL,
# SQL with parameters, "LOOSEN table", or (":personal:", payload) for a private entry
# sealed under the opener's personal key. The shared entry titled HOSTILE is the target.
CASES: dict[str, list] = {
    "entry date not a date": ["UPDATE entry SET created_at = 'the day after' WHERE title = 'HOSTILE'"],
    "entry date a number": ["UPDATE entry SET updated_at = 1700000000 WHERE title = 'HOSTILE'"],
    "entry date NULL": ["LOOSEN entry", "UPDATE entry SET created_at = NULL WHERE title = 'HOSTILE'"],
    "entry id NULL": ["LOOSEN entry", "UPDATE entry SET id = NULL WHERE title = 'HOSTILE'"],
    "entry kind unknown": [f"UPDATE entry SET kind = '{MARKUP}' WHERE title = 'HOSTILE'"],
    "entry author unknown": ["UPDATE entry SET author = 'the board' WHERE title = 'HOSTILE'"],
    "entry meeting 0": ["UPDATE entry SET meeting = 0 WHERE title = 'HOSTILE'"],
    "entry meeting a billion": ["UPDATE entry SET meeting = 1000000000 WHERE title = 'HOSTILE'"],
    "entry meeting largest integer": ["UPDATE entry SET meeting = 9223372036854775807 WHERE title = 'HOSTILE'"],
    "entry meeting text": ["UPDATE entry SET meeting = 'two' WHERE title = 'HOSTILE'"],
    "entry tags junk": [(f"UPDATE entry SET race_tags = ? WHERE title = 'HOSTILE'",
                         (f"resistance,,{MARKUP},\x1b[2J,Solidarity,resistance",))],
    "entry tags a number": ["UPDATE entry SET race_tags = 7 WHERE title = 'HOSTILE'"],
    "entry title and body NULL": ["LOOSEN entry", "UPDATE entry SET body = NULL, race_tags = NULL WHERE title = 'HOSTILE'"],
    "entry body a number": ["UPDATE entry SET body = 42 WHERE title = 'HOSTILE'"],
    "entry body not UTF-8": ["UPDATE entry SET body = CAST(x'ff00fe41' AS TEXT) WHERE title = 'HOSTILE'"],
    "entry on agenda text": ["UPDATE entry SET on_agenda = 'yes', goal_id = 5, template_id = x'00' WHERE title = 'HOSTILE'"],
    "private payload missing keys": [(":personal:", {"title": "HOSTILE PRIVATE", "author": "mentor",
                                                     "created_at": "2026-01-05T10:00:00+00:00",
                                                     "updated_at": "2026-01-05T10:00:00+00:00"})],
    "private payload missing its author": [(":personal:", {"title": "HOSTILE PRIVATE", "kind": "note",
                                                           "created_at": "2026-01-05T10:00:00+00:00",
                                                           "updated_at": "2026-01-05T10:00:00+00:00"})],
    "private payload not an object": [(":personal:", ["a", "list"])],
    "private payload wrong types": [(":personal:", {"title": 5, "body": None, "kind": 3, "author": "mentor",
                                                    "meeting": "x", "race_tags": "resistance", "on_agenda": "no",
                                                    "created_at": "2026-01-05T10:00:00+00:00",
                                                    "updated_at": "2026-01-05T10:00:00+00:00"})],
    "sealed blob not bytes": ["UPDATE sealed_entry SET sealed = 'not sealed at all, but long enough to try'"],
    "meeting number 0": ["UPDATE meeting SET number = 0 WHERE number = 6"],
    "meeting number a billion": ["UPDATE meeting SET number = 1000000000 WHERE number = 5"],
    "meeting missing": ["DELETE FROM meeting WHERE number = 4"],
    "meeting twice": ["LOOSEN meeting", "INSERT INTO meeting (id, number, planned_date, held_date, status, updated_at) "
                      "SELECT 'again', number, '2030-01-01', NULL, 'held', updated_at FROM meeting WHERE number = 3"],
    "meeting date not a date": ["UPDATE meeting SET planned_date = '2026-13-45' WHERE number = 2"],
    "meeting held date not a date": ["UPDATE meeting SET status = 'held', held_date = 'soon' WHERE number = 1"],
    "meeting status unknown": [f"UPDATE meeting SET status = '{MARKUP}' WHERE number = 3"],
    "all meetings gone": ["DELETE FROM meeting"],
    "agenda item of no meeting": ["UPDATE agenda_item SET meeting_number = 1000000000 WHERE position = 0"],
    "agenda item minutes huge": ["UPDATE agenda_item SET minutes = 9223372036854775807, position = 'x'"],
    "agenda item text NULL": ["LOOSEN agenda_item", "UPDATE agenda_item SET text = NULL"],
    "action due meeting a billion": ["UPDATE action SET due_meeting = 1000000000"],
    "action due meeting 0": ["UPDATE action SET due_meeting = 0, carried_from = 'x'"],
    "action owner unknown": ["UPDATE action SET owner = 'the board'"],
    "action date not a date": ["UPDATE action SET created_at = 'yesterday'"],
    "action done date not a date": ["UPDATE action SET done = 1, done_at = 'x'"],
    "action text NULL": ["LOOSEN action", "UPDATE action SET text = NULL"],
    "check-in rating 99": ["UPDATE checkin SET rating = 99"],
    "check-in rating text": ["UPDATE checkin SET rating = 'five'"],
    "check-in rating NULL": ["LOOSEN checkin", "UPDATE checkin SET rating = NULL"],
    "check-in meeting 0": ["UPDATE checkin SET meeting = 0"],
    "check-in person unknown": ["UPDATE checkin SET person = 'the board'"],
    "goal scores out of range": ["UPDATE goal SET baseline_score = 99, final_score = -3, midway_score = 'x'"],
    "goal text and owner NULL": ["LOOSEN goal", "UPDATE goal SET text = NULL, owner = NULL"],
    "goal date not a date": ["UPDATE goal SET created_at = 'x', updated_at = 5"],
    "programme start not a date": ["UPDATE pair SET programme_start = 'later', cadence_weeks = 0"],
    "programme record gone": ["DELETE FROM pair"],
    "programme record twice": ["INSERT INTO pair (id, programme_start, cadence_weeks, created_at, updated_at) "
                               "SELECT 'again', programme_start, 'x', created_at, updated_at FROM pair"],
    "partner role unknown": ["UPDATE person SET role = 'the board' WHERE role = 'mentee'"],
    "partner name with markup": [f"UPDATE person SET name = '{MARKUP}' WHERE role = 'mentee'"],
    "partner name NULL": ["LOOSEN person", "UPDATE person SET name = NULL, share_checkins = 'maybe' WHERE role = 'mentee'"],
    "partner name not UTF-8": ["UPDATE person SET name = CAST(x'ff41' AS TEXT) WHERE role = 'mentee'"],
    "my own record's dates": ["UPDATE person SET created_at = 'x', updated_at = 'y'"],
}


def make_pair(path: Path) -> Path:
    """Both people, with one of everything: a good and a target shared entry, a private
    entry, an action, a goal and a check-in, each with markup in its text."""
    from rmpair.core.service import PairService

    mentor, _ = PairService.create(path, role="mentor", name="Ada", passphrase=MENTOR_PASS,
                                   programme_start=date(2026, 1, 5), kdf=FAST_KDF)
    try:
        mentor.join(role="mentee", name="Ben", passphrase=MENTEE_PASS, kdf=FAST_KDF)
        mentor.add_entry(kind="note", title=GOOD_TITLE, body=f"good {MARKUP}", meeting=1, private=False)
        mentor.add_entry(kind="reflection", title="HOSTILE", body="the target row", meeting=2,
                         race_tags=["resistance"], private=False)
        mentor.add_entry(kind="talking-point", title=PRIVATE_TITLE, body="mine alone", meeting=2)
        mentor.add_action(ACTION_TEXT, owner="mentee", due_meeting=1)
        mentor.add_goal(GOAL_TEXT, baseline_score=2)
        mentor.record_checkin(1, {"safe-to-be-honest": 4, "listened-to": 5})
    finally:
        mentor.close()
    return path


def loosen(connection: sqlite3.Connection, table: str) -> None:
    """Drop the table's NOT NULL and key constraints, as another program could."""
    connection.executescript(
        f"ALTER TABLE {table} RENAME TO loosened; "
        f"CREATE TABLE {table} AS SELECT * FROM loosened; "
        "DROP TABLE loosened;"
    )


def write_rows(vault_path: Path, passphrase: str, statements: Sequence) -> None:
    """Run ``statements`` on the database inside the vault and save it, as another copy
    of rmpair holding ``passphrase`` would."""
    vault, image = Vault.open(vault_path, passphrase)
    database = Database.from_image(image)
    try:
        connection = database.connection
        for statement in statements:
            if isinstance(statement, str) and statement.startswith("LOOSEN "):
                loosen(connection, statement.split()[1])
            elif isinstance(statement, tuple) and statement[0] == ":personal:":
                entry_id = hashlib.sha256(json.dumps(statement[1]).encode()).hexdigest()[:32]
                sealed = seal_private(vault.personal_key, entry_id, statement[1])
                connection.execute(
                    "INSERT INTO sealed_entry (id, sealed, updated_at) VALUES (?, ?, '1970-01-01 00:00:00.000000')",
                    (entry_id, sealed),
                )
            elif isinstance(statement, tuple):
                connection.execute(*statement)
            else:
                connection.execute(statement)
        connection.commit()
        vault.save(database.image())
    finally:
        database.close()
        vault.close()


def raw_rows(vault_path: Path, passphrase: str, table: str) -> list[tuple]:
    """Every row of ``table`` exactly as stored, to show nothing was lost or rewritten."""
    vault, image = Vault.open(vault_path, passphrase, write=False)
    database = Database.from_image(image)
    try:
        connection = database.connection
        connection.text_factory = bytes
        return sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
    finally:
        database.close()
        vault.close()
