"""Changes a failed save left in memory, carried past a lock or a closed terminal.

When the vault cannot be written (a full disk, a file-size limit, a folder made
read-only), every change stays in the in-memory database and a retry writes it. Locking
drops the keys and that database, so first the rows that differ from the vault on disk
are gathered and sealed with the person's own key: the partner, who holds the vault key,
cannot open them, and nobody can without that person's passphrase or recovery code.
After the same person unlocks again they are offered back and, once taken, written into
the database and saved like any change.

Which rows differ is known from the database itself: temporary triggers (never part of
the saved image) note every row written or removed since the last good save, by its
primary key (one column or several: the exchange's tables have composite keys).

When the terminal closes and saving still fails, the sealed changes are written to a
small file beside the vault, or in rmpair's data folder when the vault's folder refuses
it: sealed, never plaintext, and offered at the next unlock to the person who made them.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rmpair.core import crypto
from rmpair.core.crypto import DecryptionFailed
from rmpair.core.entry_store import open_private_entry
from rmpair.core.paths import held_changes_dir, make_private_folder
from rmpair.core.vault import write_owner_only
from rmpair.core.vocabulary import kind_word

FORMAT = 1
_TRACKED = "rmpair_unsaved_rows"
_FILE_MARK = ".unsaved-"
MAX_HELD_FILE_BYTES = 256 * 1024 * 1024  # far above any real set of changes; a bound on what is read


@dataclass(frozen=True)
class PendingChanges:
    """Rows written since the last good save, and ids of saved rows removed since, by table."""

    rows: dict[str, list[dict[str, Any]]]
    removed: dict[str, list[str]]
    made_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    def to_bytes(self) -> bytes:
        return json.dumps(
            {
                "format": FORMAT,
                "made_at": self.made_at.isoformat(),
                "rows": {table: [_encode_row(row) for row in rows] for table, rows in self.rows.items()},
                "removed": self.removed,
            }
        ).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> PendingChanges:
        data = json.loads(raw)
        if data.get("format") != FORMAT:
            raise ValueError(f"unknown format {data.get('format')!r}")
        return cls(
            rows={table: [_decode_row(row) for row in rows] for table, rows in data["rows"].items()},
            removed={table: list(ids) for table, ids in data["removed"].items()},
            made_at=datetime.fromisoformat(data["made_at"]),
        )


@dataclass(frozen=True)
class HeldChanges:
    """Pending changes sealed with one person's key; opaque to anyone without it.

    ``file`` is where a closed terminal left them, when they were found on disk."""

    sealed: bytes
    file: Path | None = None


# -- noticing what changed ------------------------------------------------------------------


def track_changes(connection: sqlite3.Connection) -> None:
    """From now on, note each row written or removed in every table of the database.

    The notes and triggers live in SQLite's temporary schema, which ``serialize`` leaves
    out, so they never reach the vault. A row's first note since the last good save says
    whether it existed then (a row made and removed since then needs nothing)."""
    connection.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {_TRACKED} "
        "(tbl TEXT NOT NULL, id TEXT NOT NULL, was_saved INTEGER NOT NULL, PRIMARY KEY (tbl, id))"
    )
    for table, key in _keys(connection).items():
        for event, row, was_saved in (("INSERT", "NEW", 0), ("UPDATE", "OLD", 1), ("DELETE", "OLD", 1)):
            connection.execute(
                f'CREATE TEMP TRIGGER IF NOT EXISTS "rmpair_note_{table}_{event.lower()}" '
                f'AFTER {event} ON main."{table}" BEGIN '
                f"INSERT OR IGNORE INTO {_TRACKED} VALUES ('{table}', {_key_of(key, row)}, {was_saved}); END"
            )


def saved(connection: sqlite3.Connection) -> None:
    """Everything noted so far is on disk now."""
    connection.execute(f"DELETE FROM temp.{_TRACKED}")


def pending_changes(connection: sqlite3.Connection) -> PendingChanges | None:
    """What the database holds that the last good save did not; None if nothing."""
    rows: dict[str, list[dict[str, Any]]] = {}
    removed: dict[str, list[str]] = {}
    keys = _keys(connection)
    noted = connection.execute(f"SELECT tbl, id, was_saved FROM temp.{_TRACKED} ORDER BY rowid").fetchall()
    for table, row_id, was_saved in noted:
        if table not in keys:
            continue
        cursor = connection.execute(f'SELECT * FROM main."{table}" WHERE {_key_of(keys[table])} = ?', (row_id,))
        found = cursor.fetchone()
        if found is not None:
            rows.setdefault(table, []).append(dict(zip([c[0] for c in cursor.description], found)))
        elif was_saved:
            removed.setdefault(table, []).append(row_id)
    if not rows and not removed:
        return None
    return PendingChanges(rows, removed)


@dataclass(frozen=True)
class TablesBefore:
    """Whole tables as they were, and which rows had been noted as changed then."""

    rows: dict[str, list[tuple[Any, ...]]]
    noted: set[tuple[str, str]]


def remember_tables(connection: sqlite3.Connection, tables: tuple[str, ...]) -> TablesBefore:
    """The given (small) tables as they are now, to put back with ``put_tables_back``."""
    rows = {table: connection.execute(f'SELECT * FROM main."{table}"').fetchall() for table in tables}
    noted = set(connection.execute(f"SELECT tbl, id FROM temp.{_TRACKED}").fetchall())
    return TablesBefore(rows, noted)


def put_tables_back(connection: sqlite3.Connection, before: TablesBefore) -> None:
    """Undo every change to the remembered tables, and forget that they changed: a change
    undone because it could not be saved leaves nothing pending (a stamped version
    counter included)."""
    with connection:
        for table, rows in before.rows.items():
            connection.execute(f'DELETE FROM main."{table}"')
            if rows:
                marks = ", ".join("?" for _ in rows[0])
                connection.executemany(f'INSERT INTO main."{table}" VALUES ({marks})', rows)
        for table, key in connection.execute(f"SELECT tbl, id FROM temp.{_TRACKED}").fetchall():
            if table in before.rows and (table, key) not in before.noted:
                connection.execute(f"DELETE FROM temp.{_TRACKED} WHERE tbl = ? AND id = ?", (table, key))


def apply_changes(connection: sqlite3.Connection, changes: PendingChanges) -> None:
    """Write ``changes`` into the database in one transaction: rows are written whole over
    whatever is there now (the person chose to put them back), removed rows removed.
    Tables and columns this schema does not have are left out rather than guessed at."""
    keys = _keys(connection)
    columns = {table: _columns(connection, table) for table in keys}
    with connection:
        for table, ids in changes.removed.items():
            if table in keys:
                connection.executemany(
                    f'DELETE FROM main."{table}" WHERE {_key_of(keys[table])} = ?', [(i,) for i in ids]
                )
        for table, rows in changes.rows.items():
            known = columns.get(table)
            if not known:
                continue
            key = keys[table]
            for row in rows:
                names = [name for name in row if name in known]
                if not set(key) <= set(names):
                    continue
                quoted = ", ".join(f'"{name}"' for name in names)
                updates = ", ".join(f'"{name}" = excluded."{name}"' for name in names if name not in key)
                target = ", ".join(f'"{name}"' for name in key)
                connection.execute(
                    f'INSERT INTO main."{table}" ({quoted}) VALUES ({", ".join("?" for _ in names)}) '
                    f"ON CONFLICT({target}) DO {'UPDATE SET ' + updates if updates else 'NOTHING'}",
                    [row[name] for name in names],
                )


# -- sealing ------------------------------------------------------------------------------------


def _aad(person_id: str) -> bytes:
    return f"rmpair-held-changes|{person_id}".encode()


def seal_changes(personal_key: bytes, person_id: str, changes: PendingChanges) -> HeldChanges:
    return HeldChanges(crypto.seal(personal_key, changes.to_bytes(), _aad(person_id)))


def open_held(personal_key: bytes, person_id: str, held: HeldChanges) -> PendingChanges | None:
    """The changes, if this person sealed them; None for anyone else's (or a damaged file)."""
    try:
        raw = crypto.open_sealed(personal_key, held.sealed, _aad(person_id))
    except DecryptionFailed:
        return None
    try:
        return PendingChanges.from_bytes(raw)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


# -- what they are, in words ----------------------------------------------------------------------


PRIVATE_HIDDEN = "Something private of yours (not shown in review together)"


def describe(changes: PendingChanges, personal_key: bytes, *, hide_private: bool = False) -> list[str]:
    """One plain line per thing changed, for the person deciding whether to keep them.

    ``hide_private``: the partner may be reading too (review together), so sealed things,
    private entries and unshared ratings, are one line that names none of them."""
    lines: list[str] = []
    for row in changes.rows.get("entry", []):
        lines.append(_entry_line(row.get("kind", ""), row.get("title", ""), row.get("body", "")))
    # Ratings live sealed (sealed_checkin) and, while their rater shares, in the clear too.
    shared_ratings = changes.rows.get("checkin", [])
    sealed_ratings = changes.rows.get("sealed_checkin", [])
    if hide_private:
        shared_meetings = {row.get("meeting") for row in shared_ratings}
        if changes.rows.get("sealed_entry") or any(r.get("meeting") not in shared_meetings for r in sealed_ratings):
            lines.append(PRIVATE_HIDDEN)
        rated = shared_ratings
    else:
        for row in changes.rows.get("sealed_entry", []):
            view = open_private_entry(
                personal_key, row["id"], row["sealed"], row.get("sealed_as"), row.get("sealed_to")
            )
            lines.append(_entry_line(view.kind, view.title, view.body) if view else "A private entry")
        rated = [*shared_ratings, *sealed_ratings]
    checkin_meetings = sorted({row.get("meeting") for row in rated}, key=str)
    for number in checkin_meetings:
        lines.append(f"Check-in ratings for meeting {number}")
    for row in changes.rows.get("action", []):
        lines.append(f"Action: {_short(row.get('text', ''))}")
    for row in changes.rows.get("goal", []):
        lines.append(f"Goal: {_short(row.get('text', ''))}")
    scored = sorted({row.get("point", "") for row in changes.rows.get("goal_score", [])}, key=str)
    for point in scored:
        lines.append(f"Your goal scores ({point})")
    for row in changes.rows.get("agenda_item", []):
        lines.append(f"Agenda item for meeting {row.get('meeting_number')}: {_short(row.get('text', ''))}")
    for row in changes.rows.get("meeting", []):
        lines.append(f"Meeting {row.get('number')}: its date or whether it was held")
    if changes.rows.get("person"):
        lines.append("A name or the choice to share check-ins")
    if changes.rows.get("pair"):
        lines.append("The programme's start or rhythm")
    # An entry made private or shared moves between tables under the same id: not a deletion.
    still_there = {
        row["id"] for table, rows in changes.rows.items() if table != "tombstone" for row in rows if "id" in row
    }
    removed = len({i for ids in changes.removed.values() for i in ids} - still_there)
    if removed:
        lines.append(f"{removed} thing{'s' if removed != 1 else ''} deleted")
    return lines


def _entry_line(kind: str, title: str, body: str) -> str:
    name = kind_word(kind).capitalize() or "Entry"
    words = title.strip() or (body.strip().splitlines()[0] if body.strip() else "")
    return f"{name}: {_short(words)}" if words else f"{name} (untitled)"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- a closed terminal's last resort ------------------------------------------------------------


def write_held_file(vault_path: Path, held: HeldChanges) -> Path:
    """Write sealed changes where the next unlock will find them: beside the vault, or in
    rmpair's data folder if the vault's folder refuses. Raises ``OSError`` if neither takes
    it. The file is the sealed bytes alone, readable by its owner only."""
    places = [vault_path.parent / f".{vault_path.name}{_FILE_MARK}{secrets.token_hex(6)}",
              held_changes_dir() / f"held{_FILE_MARK}{secrets.token_hex(6)}"]
    problem: OSError | None = None
    for target in places:
        try:
            make_private_folder(target.parent)
            write_owner_only(target, held.sealed)
            return target
        except OSError as error:
            problem = error
    assert problem is not None
    raise problem


def find_held_files(vault_path: Path) -> list[HeldChanges]:
    """Sealed changes a closed terminal left, oldest first; whose they are is known only by
    trying a key (``open_held``)."""
    found = []
    for path in _held_file_candidates(vault_path):
        try:
            if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_HELD_FILE_BYTES:
                continue
            found.append((path.stat().st_mtime, HeldChanges(path.read_bytes(), file=path)))
        except OSError:
            continue
    return [held for _, held in sorted(found, key=lambda item: item[0])]


def remove_held_file(held: HeldChanges) -> None:
    if held.file is not None:
        try:
            held.file.unlink(missing_ok=True)
        except OSError:
            pass  # still sealed; the next unlock offers it again, and putting back is idempotent


def _held_file_candidates(vault_path: Path) -> Iterator[Path]:
    beside = f".{vault_path.name}{_FILE_MARK}"
    for folder, prefix in ((vault_path.parent, beside), (held_changes_dir(), f"held{_FILE_MARK}")):
        try:
            yield from (p for p in folder.iterdir() if p.name.startswith(prefix))
        except OSError:
            continue


# -- helpers --------------------------------------------------------------------------------------


def _keys(connection: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """Each table's primary key columns, in key order; tables without one are not tracked."""
    keys = {}
    for (name,) in connection.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall():
        if not name.isidentifier():
            continue
        info = connection.execute(f'PRAGMA main.table_info("{name}")').fetchall()
        key = tuple(column[1] for column in sorted((c for c in info if c[5]), key=lambda c: c[5]))
        if key and all(column.isidentifier() for column in key):
            keys[name] = key
    return keys


def _key_of(key: tuple[str, ...], row: str | None = None) -> str:
    """SQL for one row's key as a single text value: its one column, or a JSON array of several."""
    columns = [f'{row}."{column}"' if row else f'"{column}"' for column in key]
    return columns[0] if len(columns) == 1 else f"json_array({', '.join(columns)})"


def _columns(connection: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in connection.execute(f'PRAGMA main.table_info("{table}")')}


def _encode_row(row: dict[str, Any]) -> dict[str, Any]:
    return {name: {"hex": value.hex()} if isinstance(value, bytes) else value for name, value in row.items()}


def _decode_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        name: bytes.fromhex(value["hex"]) if isinstance(value, dict) else value for name, value in row.items()
    }
