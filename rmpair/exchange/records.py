"""Reading one laptop's records as merge states, and writing merged states back.

Works on the raw columns of the vault's SQLite database (both laptops' databases were
written by the same code, so equal values are stored equally), one ``TableSpec`` at a
time. A record's state is its versioned fields, each with its standing versions (the row's
own value first, then any concurrent versions kept in ``conflict``), and its vector.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rmpair.core.sealed_checkins import stored_copies
from rmpair.core.record_versions import (
    ENTRY_GROUP,
    VISIBILITY,
    RowVersions,
    TableSpec,
    canonical_versions,
    conflict_version,
    decode_seen,
    versioned_names,
)
from rmpair.core.versions import Dot, compact, join
from rmpair.exchange.merge import RecordState, SealedCopy, Version


@dataclass
class StoredRecord:
    """One record as one database holds it: its whole row and its merge state."""

    row: dict[str, Any]
    state: RecordState


def columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]


def conflicts(connection: sqlite3.Connection, group: str) -> dict[tuple[str, str], list[Version]]:
    """The concurrent versions a merge kept for the records of one group, by (key, field)."""
    kept: dict[tuple[str, str], list[Version]] = {}
    for key, name, value, replica, counter in connection.execute(
        "SELECT record_key, field, value, replica, counter FROM conflict WHERE record_group = ?", (group,)
    ):
        kept.setdefault((key, name), []).append(Version(*conflict_version(value, replica, counter)))
    return kept


def read_records(connection: sqlite3.Connection, spec: TableSpec) -> dict[str, StoredRecord]:
    names = columns(connection, spec.table)
    extra = conflicts(connection, spec.group)
    visibility = spec.group == ENTRY_GROUP
    records = {}
    for values in connection.execute(f"SELECT * FROM {spec.table}"):
        row = dict(zip(names, values))
        key = spec.key_of(row)
        versions = RowVersions.decode(row.get("sync"))
        fields = {}
        for name in spec.fields:
            fields[name] = (Version(row[name], versions.dot_of(name)), *extra.get((key, name), ()))
        if visibility:
            fields[VISIBILITY] = (Version(False, versions.dot_of(VISIBILITY)), *extra.get((key, VISIBILITY), ()))
        records[key] = StoredRecord(row, RecordState(fields, compact(versions.vector)))
    return records


def read_sealed(connection: sqlite3.Connection) -> dict[str, tuple[dict[str, Any], tuple[SealedCopy, ...]]]:
    """Private entries as any laptop holds them: per id, the row and every sealed copy."""
    names = columns(connection, "sealed_entry")
    found: dict[str, tuple[dict[str, Any], list[SealedCopy]]] = {}
    for values in connection.execute("SELECT * FROM sealed_entry"):
        row = dict(zip(names, values))
        found[row["id"]] = (row, [_sealed_copy(row["sealed"], row["sync"])])
    for entry_id, sealed, sync in connection.execute("SELECT id, sealed, sync FROM sealed_copy"):
        if entry_id in found:
            found[entry_id][1].append(_sealed_copy(sealed, sync))
    return {entry_id: (row, tuple(copies)) for entry_id, (row, copies) in found.items()}


def read_sealed_checkins(connection: sqlite3.Connection) -> dict[tuple[int, str], tuple[SealedCopy, ...]]:
    """Sealed check-in ratings as any laptop holds them: per (meeting, person), every copy."""
    return {
        key: tuple(SealedCopy(blob, vector) for blob, vector in copies)
        for key, copies in stored_copies(connection).items()
    }


def _sealed_copy(blob: bytes, sync: str | None) -> SealedCopy:
    versions = RowVersions.decode(sync)
    return SealedCopy(bytes(blob), compact(versions.vector), versions.dot_of(VISIBILITY))


def sealed_sync(copy: SealedCopy) -> str:
    return RowVersions(dict(copy.vector), {"*": copy.visibility}).encode()


def read_tombstones(connection: sqlite3.Connection) -> dict[tuple[str, str], dict[str, int]]:
    """What each removal had seen, by (group, key). A removal from before versions were
    kept had seen everything there was then: it is treated as having seen nothing newer."""
    found = {}
    for key, group, seen in connection.execute("SELECT id, table_name, seen FROM tombstone"):
        found[(group, key)] = decode_seen(seen)
    return found


def describe(spec: TableSpec, row: Mapping[str, Any]) -> str:
    """A few words naming a record for a person: never its private text."""
    if spec.group == "meeting":
        return f"meeting {row.get('number')}"
    if spec.group == "checkin":
        return f"check-in rating, meeting {row.get('meeting')}"
    if spec.group == "entry":
        return f"{str(row.get('kind', 'entry')).replace('-', ' ')} “{short(row.get('title') or row.get('body'))}”"
    if spec.group == "action":
        return f"action “{short(row.get('text'))}”"
    if spec.group == "goal_score":
        return f"the {row.get('person')}'s {row.get('point')} score of a goal"
    if spec.group == "goal":
        return f"goal “{short(row.get('text'))}”"
    if spec.group == "agenda_item":
        return f"agenda item “{short(row.get('text'))}”"
    if spec.group == "person":
        return f"{row.get('role')}'s details"
    return "the pair's programme"


def short(text: Any) -> str:
    line = " ".join(str(text or "").split())
    return line if len(line) <= 40 else line[:39] + "…"


# -- writing back ------------------------------------------------------------------------------


def encode_versions(state: RecordState, names: Iterable[str]) -> str:
    """The ``sync`` column for a merged state, stored as the session hook stores it."""
    dots = {name: state.fields[name][0].dot for name in names if name in state.fields}
    return canonical_versions(state.vector, dots).encode()


def write_record(
    connection: sqlite3.Connection, spec: TableSpec, row: dict[str, Any], state: RecordState, *, exists: bool
) -> None:
    values = dict(row)
    for name in spec.fields:
        values[name] = state.fields[name][0].value
    values["sync"] = encode_versions(state, versioned_names(spec))
    key = spec.key_of(values)
    if exists:
        assignments = ", ".join(f"{name} = ?" for name in values if name not in spec.key_columns)
        where = " AND ".join(f"{column} = ?" for column in spec.key_columns)
        connection.execute(
            f"UPDATE {spec.table} SET {assignments} WHERE {where}",
            [values[name] for name in values if name not in spec.key_columns] + [values[c] for c in spec.key_columns],
        )
    else:
        connection.execute(
            f"INSERT INTO {spec.table} ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
            list(values.values()),
        )
    write_conflicts(connection, spec.group, key, state)


def write_conflicts(connection: sqlite3.Connection, group: str, key: str, state: RecordState) -> None:
    connection.execute("DELETE FROM conflict WHERE record_group = ? AND record_key = ?", (group, key))
    for name, versions in state.fields.items():
        for version in versions[1:]:
            connection.execute(
                "INSERT INTO conflict (record_group, record_key, field, value, replica, counter) VALUES (?, ?, ?, ?, ?, ?)",
                (group, key, name, json.dumps(version.value), version.dot.replica, version.dot.counter),
            )


def delete_record(connection: sqlite3.Connection, spec: TableSpec, row: Mapping[str, Any]) -> None:
    where = " AND ".join(f"{column} = ?" for column in spec.key_columns)
    connection.execute(f"DELETE FROM {spec.table} WHERE {where}", [row[c] for c in spec.key_columns])
    connection.execute(
        "DELETE FROM conflict WHERE record_group = ? AND record_key = ?", (spec.group, spec.key_of(row))
    )


def write_tombstone(connection: sqlite3.Connection, group: str, key: str, seen: Mapping[str, int], label: str) -> None:
    existing = connection.execute("SELECT seen FROM tombstone WHERE id = ?", (key,)).fetchone()
    if existing is None:
        connection.execute(
            "INSERT INTO tombstone (id, table_name, deleted_at, seen) VALUES (?, ?, ?, ?)",
            (key, group, label, json.dumps(compact(seen), separators=(",", ":"))),
        )
    else:
        joined = join(decode_seen(existing[0]), seen)
        connection.execute(
            "UPDATE tombstone SET seen = ?, deleted_at = MAX(deleted_at, ?) WHERE id = ?",
            (json.dumps(compact(joined), separators=(",", ":")), label, key),
        )
