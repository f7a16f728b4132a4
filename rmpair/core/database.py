"""The SQLite database that lives in memory while the vault is unlocked.

It never touches disk as SQLite: it is built from (and turned back into) a byte image
with ``sqlite3``'s serialize/deserialize, and the vault seals that image. The schema
version is SQLite's ``user_version``; each migration takes the database one version up,
so a vault from the first release opens in this one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from rmpair.core.errors import RmpairError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

_V1 = """
CREATE TABLE pair (
    id VARCHAR PRIMARY KEY, programme_start DATE NOT NULL, cadence_weeks INTEGER NOT NULL,
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL);
CREATE TABLE person (
    id VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, name VARCHAR NOT NULL,
    share_checkins BOOLEAN NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL);
CREATE TABLE meeting (
    id VARCHAR PRIMARY KEY, number INTEGER NOT NULL UNIQUE, planned_date DATE, held_date DATE,
    status VARCHAR NOT NULL, updated_at DATETIME NOT NULL);
CREATE TABLE agenda_item (
    id VARCHAR PRIMARY KEY, meeting_number INTEGER NOT NULL, position INTEGER NOT NULL,
    text VARCHAR NOT NULL, minutes INTEGER, done BOOLEAN NOT NULL, updated_at DATETIME NOT NULL);
CREATE TABLE entry (
    id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, author VARCHAR NOT NULL, meeting INTEGER,
    race_tags VARCHAR NOT NULL, title VARCHAR NOT NULL, body VARCHAR NOT NULL,
    template_id VARCHAR, on_agenda BOOLEAN NOT NULL,
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL);
CREATE TABLE sealed_entry (
    id VARCHAR PRIMARY KEY, sealed BLOB NOT NULL, updated_at DATETIME NOT NULL);
CREATE TABLE action (
    id VARCHAR PRIMARY KEY, owner VARCHAR NOT NULL, text VARCHAR NOT NULL, due_meeting INTEGER,
    done BOOLEAN NOT NULL, carried_from INTEGER, created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL, done_at DATETIME);
CREATE TABLE checkin (
    id VARCHAR PRIMARY KEY, meeting INTEGER NOT NULL, person VARCHAR NOT NULL,
    statement_id VARCHAR NOT NULL, rating INTEGER NOT NULL, updated_at DATETIME NOT NULL);
CREATE TABLE tombstone (
    id VARCHAR PRIMARY KEY, table_name VARCHAR NOT NULL, deleted_at DATETIME NOT NULL);
"""

_V2 = """
CREATE TABLE goal (
    id VARCHAR PRIMARY KEY, owner VARCHAR NOT NULL, text VARCHAR NOT NULL,
    baseline_score INTEGER, final_score INTEGER,
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL);
ALTER TABLE entry ADD COLUMN goal_id VARCHAR;
"""

_V3 = """
ALTER TABLE goal ADD COLUMN midway_score INTEGER;
"""

# A sealed entry's clear time, and an entry's deletion time, said when the other person
# wrote to the microsecond; the times are inside the seal. The constant is
# models.HIDDEN_TIME as the ORM writes it.
_V4 = """
UPDATE sealed_entry SET updated_at = '1970-01-01 00:00:00.000000';
UPDATE tombstone SET deleted_at = '1970-01-01 00:00:00.000000' WHERE table_name = 'entry';
"""


# Versions for merging two laptops' copies (rmpair.core.record_versions): a ``sync`` column
# on every versioned table, what removals had seen, this laptop's identity and its
# replicas, and the concurrent versions a merge keeps side by side.
_V5 = """
ALTER TABLE pair ADD COLUMN sync TEXT;
ALTER TABLE person ADD COLUMN sync TEXT;
ALTER TABLE meeting ADD COLUMN sync TEXT;
ALTER TABLE agenda_item ADD COLUMN sync TEXT;
ALTER TABLE entry ADD COLUMN sync TEXT;
ALTER TABLE sealed_entry ADD COLUMN sync TEXT;
ALTER TABLE action ADD COLUMN sync TEXT;
ALTER TABLE checkin ADD COLUMN sync TEXT;
ALTER TABLE goal ADD COLUMN sync TEXT;
ALTER TABLE tombstone ADD COLUMN seen TEXT;
ALTER TABLE sealed_entry ADD COLUMN sealed_as VARCHAR;
ALTER TABLE sealed_entry ADD COLUMN sealed_to VARCHAR;
ALTER TABLE person ADD COLUMN public_key BLOB;
CREATE TABLE laptop (id VARCHAR PRIMARY KEY, bundles_sent INTEGER NOT NULL);
INSERT INTO laptop (id, bundles_sent) VALUES (lower(hex(randomblob(8))), 0);
CREATE TABLE replica (
    id VARCHAR PRIMARY KEY, laptop VARCHAR NOT NULL, role VARCHAR NOT NULL,
    counter INTEGER NOT NULL, retired BOOLEAN NOT NULL);
CREATE TABLE conflict (
    record_group VARCHAR NOT NULL, record_key VARCHAR NOT NULL, field VARCHAR NOT NULL,
    value TEXT NOT NULL, replica VARCHAR NOT NULL, counter INTEGER NOT NULL,
    PRIMARY KEY (record_group, record_key, field, replica, counter));
CREATE TABLE sealed_copy (
    id VARCHAR NOT NULL, sealed BLOB NOT NULL, sync TEXT NOT NULL, PRIMARY KEY (id, sync));
CREATE TABLE bundle_received (
    laptop VARCHAR PRIMARY KEY, sequence INTEGER NOT NULL, seen TEXT NOT NULL);
"""


# Each person's check-in ratings sealed with their personal key, one blob per meeting (more
# than one where two laptops wrote concurrently: the rater merges them); the clear
# ``checkin`` rows stay only for a person who shares (rmpair.core.sealed_checkins). A vault
# from before keeps its clear rows until each person's next unlock to write seals theirs.
_V6 = """
CREATE TABLE sealed_checkin (
    meeting INTEGER NOT NULL, person VARCHAR NOT NULL, sealed BLOB NOT NULL, sync TEXT NOT NULL,
    PRIMARY KEY (meeting, person, sync));
"""


# Goals for both people: each goal says what 1 to 5 look like, and each person scores every
# goal at each point on their own (``goal_score``), hidden from the other until they have
# scored it too. A score from before was the pair's, given together: it becomes both people's,
# with the version of the write that set it, so both laptops make the same rows.
def _v7(connection: sqlite3.Connection) -> None:
    from rmpair.core.record_versions import RowVersions

    connection.executescript(
        """
        ALTER TABLE goal ADD COLUMN looks_like TEXT;
        CREATE TABLE goal_score (
            goal_id VARCHAR NOT NULL, person VARCHAR NOT NULL, point VARCHAR NOT NULL, score INTEGER,
            updated_at DATETIME NOT NULL, sync TEXT, PRIMARY KEY (goal_id, person, point));
        """
    )
    points = (("start", "baseline_score"), ("midway", "midway_score"), ("end", "final_score"))
    goals = connection.execute("SELECT id, sync, updated_at, baseline_score, midway_score, final_score FROM goal")
    for goal_id, sync, updated_at, *scores in goals.fetchall():
        versions = RowVersions.decode(sync)
        for (point, column), score in zip(points, scores):
            if score is None:
                continue
            row_sync = RowVersions(dict(versions.vector), {"*": versions.dot_of(column)}).encode() if sync else None
            for person in ("mentor", "mentee"):
                connection.execute(
                    "INSERT INTO goal_score (goal_id, person, point, score, updated_at, sync) VALUES (?, ?, ?, ?, ?, ?)",
                    (goal_id, person, point, score, updated_at, row_sync),
                )


def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def apply(connection: sqlite3.Connection) -> None:
        connection.executescript(sql)

    return apply


# Index i takes the database from version i to version i + 1. Append, never edit.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _script(_V1), _script(_V2), _script(_V3), _script(_V4), _script(_V5), _script(_V6), _v7,
]
SCHEMA_VERSION = len(MIGRATIONS)


class Database:
    """A connection to an in-memory database, and the SQLAlchemy engine over it."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        # Made on first use: unlocking and reading go through ``connection`` alone, and
        # importing SQLAlchemy costs a read-only command a good part of its time.
        if self._engine is None:
            from sqlalchemy import create_engine
            from sqlalchemy.pool import StaticPool

            connection = self.connection
            self._engine = create_engine("sqlite://", creator=lambda: connection, poolclass=StaticPool)
        return self._engine

    @classmethod
    def new(cls) -> Database:
        connection = _connect()
        migrate(connection)
        return cls(connection)

    @classmethod
    def from_image(cls, image: bytes) -> Database:
        connection = _connect()
        try:
            connection.deserialize(image)
            version = schema_version(connection)
        except sqlite3.DatabaseError as error:
            raise RmpairError(
                "The vault opened, but the database inside it is not readable. Restore a "
                "backup with 'rmpair check' and 'rmpair restore --backup N'."
            ) from error
        if version > SCHEMA_VERSION:
            raise RmpairError(
                f"This vault uses schema {version}, made by a newer rmpair. Update rmpair "
                "to open it; nothing was changed."
            )
        if migrate(connection):
            # A migration rewrites rows; rebuilding the image leaves none of what they
            # held in freed pages (where SQLite was built without secure delete).
            connection.execute("VACUUM")
        return cls(connection)

    def image(self) -> bytes:
        return self.connection.serialize()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        self.connection.close()


def _connect() -> sqlite3.Connection:
    # The TUI saves from worker threads; the service serialises access with its own lock.
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    # Deleted and overwritten content is zeroed, not left in free space in the image the
    # vault seals, where whoever unlocks could read it: a shared entry made private again,
    # a blob re-sealed at another size. Some builds of SQLite default to it, not all.
    connection.execute("PRAGMA secure_delete = ON")
    return connection


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: sqlite3.Connection, target: int = SCHEMA_VERSION) -> bool:
    """Take the database up to ``target``; returns whether there was anything to do."""
    version = start = schema_version(connection)
    while version < target:
        with connection:
            MIGRATIONS[version](connection)
            connection.execute(f"PRAGMA user_version = {version + 1}")
        version += 1
    return version != start
