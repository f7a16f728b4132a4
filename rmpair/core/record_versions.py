"""The versions every record carries, so two laptops' copies can be merged record by record.

Each versioned row has a ``sync`` column: JSON holding the record's version vector (every
write it has taken in) and the dot of the write that last set each field (``"*"`` for the
fields set together when the record was made). A write is one transaction by one person on
one laptop: that person's *replica* on this laptop takes its next change number, and every
row the transaction changes is stamped with that one dot, field by field. A removal leaves a
tombstone with the vector of what the remover had seen. Concurrent versions of a field that
a merge keeps side by side live in ``conflict`` until someone writes that field again.

The stamping happens in one place, a session hook, so no change can forget it; the service
only says who is writing (``VersionedSession``).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rmpair.core.versions import ORIGIN, Dot, Vector, compact, with_dot

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class TableSpec:
    """How one table's rows are merged: which columns name the record on both laptops,
    which fields are versioned, and which columns are only wall-clock labels."""

    table: str
    group: str  # the family of records: a shared entry and its private form are one
    key_columns: tuple[str, ...]
    fields: tuple[str, ...]
    labels: tuple[str, ...] = ("updated_at",)
    sealed: bool = False  # its fields are inside a seal; the service stamps it

    def key_of(self, row: Mapping[str, Any] | Any) -> str:
        get = row.get if isinstance(row, Mapping) else (lambda name: getattr(row, name))
        return "|".join(str(get(column)) for column in self.key_columns)


VERSIONED: dict[str, TableSpec] = {
    spec.table: spec
    for spec in (
        TableSpec("pair", "pair", ("id",), ("programme_start", "cadence_weeks", "created_at")),
        TableSpec("person", "person", ("id",), ("role", "name", "share_checkins", "created_at", "public_key")),
        TableSpec("meeting", "meeting", ("number",), ("planned_date", "held_date", "status")),
        TableSpec("agenda_item", "agenda_item", ("id",), ("meeting_number", "position", "text", "minutes", "done")),
        TableSpec(
            "entry",
            "entry",
            ("id",),
            ("kind", "author", "meeting", "race_tags", "title", "body", "template_id", "on_agenda", "goal_id",
             "created_at"),
        ),
        TableSpec("sealed_entry", "entry", ("id",), (), sealed=True),
        TableSpec(
            "action", "action", ("id",),
            ("owner", "text", "due_meeting", "done", "carried_from", "created_at", "done_at"),
        ),
        TableSpec("checkin", "checkin", ("meeting", "person", "statement_id"), ("rating",)),
        # A person's ratings for one meeting, sealed; the clear ``checkin`` rows mirror it
        # while they share (rmpair.core.sealed_checkins).
        TableSpec("sealed_checkin", "sealed_checkin", ("meeting", "person"), (), labels=(), sealed=True),
        TableSpec(
            "goal", "goal", ("id",),
            ("owner", "text", "baseline_score", "midway_score", "final_score", "created_at", "looks_like"),
        ),
        TableSpec("goal_score", "goal_score", ("goal_id", "person", "point"), ("score",)),
    )
}
ENTRY_GROUP = "entry"
VISIBILITY = "private"  # the entry field that says which form (shared row or sealed blob) stands


@dataclass
class RowVersions:
    """A row's ``sync`` column, decoded."""

    vector: dict[str, int] = field(default_factory=dict)
    dots: dict[str, Dot] = field(default_factory=dict)  # field name (or "*") -> dot

    @classmethod
    def decode(cls, text: str | None) -> RowVersions:
        if not text:
            return cls()
        data = json.loads(text)
        return cls(
            vector={str(r): int(c) for r, c in data.get("v", {}).items()},
            dots={name: Dot(str(pair[0]), int(pair[1])) for name, pair in data.get("d", {}).items()},
        )

    def encode(self) -> str:
        return json.dumps(
            {"v": compact(self.vector), "d": {name: list(dot) for name, dot in sorted(self.dots.items())}},
            separators=(",", ":"),
        )

    def dot_of(self, name: str) -> Dot:
        return self.dots.get(name) or self.dots.get("*") or ORIGIN

    @classmethod
    def fresh(cls, dot: Dot) -> RowVersions:
        return cls({dot.replica: dot.counter}, {"*": dot})

    def written(self, names: Iterable[str], dot: Dot) -> RowVersions:
        dots = dict(self.dots)
        for name in names:
            dots[name] = dot
        return RowVersions(with_dot(self.vector, dot), dots)

    def rewritten(self, dot: Dot) -> RowVersions:
        """Every field written anew by one write (a record changing form, say)."""
        return RowVersions(with_dot(self.vector, dot), {"*": dot})

    def canonical(self, names: Iterable[str]) -> RowVersions:
        """The same versions stored one way only: the most common dot of ``names`` as
        ``"*"`` (the latest, on a tie) and the others by name, so two laptops holding the
        same versions store the same bytes."""
        return canonical_versions(self.vector, {name: self.dot_of(name) for name in names})


def canonical_versions(vector: Mapping[str, int], dots: Mapping[str, Dot]) -> RowVersions:
    counts: dict[Dot, int] = {}
    for dot in dots.values():
        counts[dot] = counts.get(dot, 0) + 1
    if not counts:
        return RowVersions(dict(vector), {})
    most = max(counts.values())
    star = max((dot for dot, count in counts.items() if count == most), key=Dot.order_key)
    stored = {"*": star}
    stored.update({name: dot for name, dot in dots.items() if dot != star})
    return RowVersions(dict(vector), stored)


def versioned_names(spec: TableSpec) -> tuple[str, ...]:
    """The names whose dots a row's ``sync`` keeps: its fields, and an entry's visibility."""
    return spec.fields + ((VISIBILITY,) if spec.group == ENTRY_GROUP else ())


# -- who is writing: this laptop and its replicas ---------------------------------------------


def new_replica_id() -> str:
    return secrets.token_hex(6)


def laptop_id(connection: sqlite3.Connection) -> str:
    row = connection.execute("SELECT id FROM laptop").fetchone()
    if row is None:
        raise ValueError("this vault has no laptop identity")
    return str(row[0])


def replica_of(connection: sqlite3.Connection, role: str) -> str:
    """This laptop's replica for one person, made the first time they write here."""
    laptop = laptop_id(connection)
    row = connection.execute(
        "SELECT id FROM replica WHERE laptop = ? AND role = ? AND retired = 0", (laptop, role)
    ).fetchone()
    if row is not None:
        return str(row[0])
    replica = new_replica_id()
    connection.execute(
        "INSERT INTO replica (id, laptop, role, counter, retired) VALUES (?, ?, ?, 0, 0)", (replica, laptop, role)
    )
    return replica


def next_dot(connection: sqlite3.Connection, replica: str) -> Dot:
    (counter,) = connection.execute("SELECT counter FROM replica WHERE id = ?", (replica,)).fetchone()
    counter += 1
    connection.execute("UPDATE replica SET counter = ? WHERE id = ?", (counter, replica))
    return Dot(replica, counter)


def take_new_identity(connection: sqlite3.Connection) -> str:
    """A new laptop id and new replicas, after this vault was put back from a backup: the
    old change numbers may already be on the other laptop, meaning other writes."""
    new_laptop = secrets.token_hex(8)
    connection.execute("UPDATE replica SET retired = 1 WHERE laptop IN (SELECT id FROM laptop)")
    connection.execute("UPDATE laptop SET id = ?, bundles_sent = 0", (new_laptop,))
    return new_laptop


# -- the session hook -----------------------------------------------------------------------------


class Stamp:
    """The dot of the transaction under way, taken only if something is written."""

    def __init__(self, session: Session, role: str) -> None:
        self._session = session
        self._role = role
        self._dot: Dot | None = None
        self.forced: set[tuple[str, str, str]] = set()  # (group, key, field) written without a change of value

    def dot(self) -> Dot:
        if self._dot is None:
            # Through the session's own connection, so the change number is taken in the
            # same transaction as the write it stamps, and rolls back with it.
            connection = self._session.connection().connection.dbapi_connection
            self._dot = next_dot(connection, replica_of(connection, self._role))
        return self._dot


def stamp(session: Session) -> Stamp:
    """The session's stamp: service code that seals a record itself takes its dot here."""
    return session.info["stamp"]


def attach(session: Session, role: str) -> Session:
    """Make every write in ``session`` carry versions, written by ``role`` on this laptop."""
    from sqlalchemy import event

    session.info["stamp"] = Stamp(session, role)
    event.listen(session, "before_flush", _stamp_changes)
    return session


def _spec(obj: Any) -> TableSpec | None:
    return VERSIONED.get(getattr(obj, "__tablename__", ""))


def _changed_fields(obj: Any, spec: TableSpec) -> list[str]:
    from sqlalchemy.orm.attributes import get_history

    changed = []
    for name in spec.fields:
        history = get_history(obj, name)
        if history.added and list(history.added) != list(history.deleted or ()):
            changed.append(name)
    return changed


def _stamp_changes(session: Session, _flush_context: Any, _instances: Any) -> None:
    from rmpair.core.models import HIDDEN_TIME, Tombstone, now

    marks = stamp(session)
    arriving = {(spec.group, spec.key_of(obj)) for obj in session.new if (spec := _spec(obj)) is not None}
    written: list[tuple[str, str, list[str] | None]] = []  # (group, key, fields; None: all)
    for obj in list(session.new):
        spec = _spec(obj)
        if spec is None or spec.sealed:
            continue
        dot = marks.dot()
        obj.sync = (RowVersions.decode(obj.sync).rewritten(dot) if obj.sync else RowVersions.fresh(dot)).encode()
        written.append((spec.group, spec.key_of(obj), None))
    for obj in list(session.dirty):
        spec = _spec(obj)
        if spec is None or spec.sealed:
            continue
        key = spec.key_of(obj)
        names = _changed_fields(obj, spec)
        names += [name for name in spec.fields if (spec.group, key, name) in marks.forced and name not in names]
        if not names:
            continue
        obj.sync = RowVersions.decode(obj.sync).written(names, marks.dot()).canonical(versioned_names(spec)).encode()
        written.append((spec.group, key, names))
    for obj in list(session.deleted):
        spec = _spec(obj)
        if spec is None:
            continue
        key = spec.key_of(obj)
        if (spec.group, key) in arriving:
            continue  # the record changes form (shared <-> private), it is not removed
        seen = compact(with_dot(RowVersions.decode(obj.sync).vector, marks.dot()))
        tombstone = session.get(Tombstone, key)
        if tombstone is None:
            # An entry's removal carries no time: for a private one it would say when its
            # author removed it. Merging goes by what the remover had seen, never by time.
            removed_at = HIDDEN_TIME if spec.group == ENTRY_GROUP else now()
            session.add(Tombstone(id=key, table_name=spec.group, deleted_at=removed_at,
                                  seen=json.dumps(seen, separators=(",", ":"))))
        else:
            earlier = json.loads(tombstone.seen) if tombstone.seen else {}
            tombstone.seen = json.dumps(compact({**earlier, **{r: max(c, earlier.get(r, 0)) for r, c in seen.items()}}),
                                        separators=(",", ":"))
            session.add(tombstone)
        written.append((spec.group, key, None))
    _settle_conflicts(session, written)


def _settle_conflicts(session: Session, written: list[tuple[str, str, list[str] | None]]) -> None:
    """A write to a field in conflict was made by someone who saw every version: it replaces them."""
    from sqlalchemy import text

    for group, key, names in written:
        if names is None:
            session.execute(text("DELETE FROM conflict WHERE record_group = :g AND record_key = :k"),
                            {"g": group, "k": key})
        else:
            for name in names:
                session.execute(
                    text("DELETE FROM conflict WHERE record_group = :g AND record_key = :k AND field = :f"),
                    {"g": group, "k": key, "f": name},
                )


def vector_text(vector: Vector) -> str:
    return json.dumps(compact(vector), separators=(",", ":"))


def spec_of_group(group: str) -> TableSpec:
    """The table holding a group's shared records (an entry's shared form, for entries)."""
    return VERSIONED[group]


def settle_fields(connection: sqlite3.Connection, group: str, key: str, values: Mapping[str, Any], dot: Dot) -> None:
    """Write chosen values over a conflict: one write that had seen every version of these
    fields, so it replaces them all here and, once the other laptop takes it in, there."""
    spec = spec_of_group(group)
    where = " AND ".join(f"{column} = ?" for column in spec.key_columns)
    key_values = key.split("|")
    row = connection.execute(f"SELECT sync FROM {spec.table} WHERE {where}", key_values).fetchone()
    if row is None:
        raise ValueError("no such record")
    names = list(values)
    sync = RowVersions.decode(row[0]).written(names, dot).canonical(versioned_names(spec)).encode()
    assignments = ", ".join(f"{name} = ?" for name in names)
    connection.execute(
        f"UPDATE {spec.table} SET {assignments}, sync = ? WHERE {where}", [*values.values(), sync, *key_values]
    )
    for name in names:
        connection.execute(
            "DELETE FROM conflict WHERE record_group = ? AND record_key = ? AND field = ?", (group, key, name)
        )
