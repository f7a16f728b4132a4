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

from rmpair.core.errors import VaultDamaged
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
    numbered: tuple[str, ...] = ()  # key columns holding whole numbers (a meeting's number)

    def key_of(self, row: Mapping[str, Any] | Any) -> str:
        get = row.get if isinstance(row, Mapping) else (lambda name: getattr(row, name))
        return "|".join(str(get(column)) for column in self.key_columns)


VERSIONED: dict[str, TableSpec] = {
    spec.table: spec
    for spec in (
        TableSpec("pair", "pair", ("id",), ("programme_start", "cadence_weeks", "created_at")),
        TableSpec("person", "person", ("id",), ("role", "name", "share_checkins", "created_at", "public_key")),
        TableSpec("meeting", "meeting", ("number",), ("planned_date", "held_date", "status"), numbered=("number",)),
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
        TableSpec(
            "checkin", "checkin", ("meeting", "person", "statement_id"), ("rating",), numbered=("meeting",)
        ),
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

# Far beyond any pair's writes, and room to count on inside SQLite's 64-bit integers.
MAX_COUNTER = 2**62


class VersionsDamaged(VaultDamaged):
    """A record's versions, a removal's, or a replica's change number is not what rmpair
    writes. The partner's copy (damaged, or another program holding the key) can store
    anything there; merging and every write depend on these, so no default is safe."""


def versions_damaged() -> VersionsDamaged:
    return VersionsDamaged(
        "The vault's record of which laptop made each change is damaged (written by a damaged or "
        "altered copy of rmpair), so the records it covers cannot be changed or exchanged; reading still "
        "works. "
        "Run 'rmpair check' to see which backup is good, then 'rmpair restore --backup N'."
    )


def stored_counter(value: Any) -> int:
    """A change number as rmpair stores it: a whole number from 0."""
    if type(value) is not int or not 0 <= value <= MAX_COUNTER:
        raise versions_damaged()
    return value


def stored_dot(value: Any) -> Dot:
    if not isinstance(value, list) or len(value) != 2 or type(value[0]) is not str:
        raise versions_damaged()
    return Dot(value[0], stored_counter(value[1]))


def vector_of(data: Any) -> dict[str, int]:
    """A version vector decoded from JSON: replica ids to change numbers."""
    if not isinstance(data, dict):
        raise versions_damaged()
    return {replica: stored_counter(counter) for replica, counter in data.items()}


def _json(text: Any) -> Any:
    if type(text) is not str:
        raise versions_damaged()
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth
        raise versions_damaged() from None


def conflict_version(value: Any, replica: Any, counter: Any) -> tuple[Any, Dot]:
    """One version a merge kept in ``conflict``: its value (stored as JSON) and its write."""
    if type(replica) is not str:
        raise versions_damaged()
    return _json(value), Dot(replica, stored_counter(counter))


def conflict_key(group: Any, key: Any) -> tuple[str, ...]:
    """A kept conflict's record key, split into its record's key columns as ``key_of``
    joined them: the partner's copy writes these too, and a key rmpair could not have made
    names no record."""
    spec = spec_of_group(group)
    if type(key) is not str:
        raise versions_damaged()
    parts = tuple(key.split("|", len(spec.key_columns) - 1))
    if len(parts) != len(spec.key_columns):
        raise versions_damaged()
    named = dict(zip(spec.key_columns, parts))
    if not all(named[column].isascii() and named[column].isdigit() for column in spec.numbered):
        raise versions_damaged()
    return parts


def decode_seen(text: Any) -> dict[str, int]:
    """What a removal (or a bundle taken in) had seen: a vector stored as JSON; none for
    one from before versions were kept."""
    if text is None or text == "":
        return {}
    return vector_of(_json(text))


@dataclass
class RowVersions:
    """A row's ``sync`` column, decoded."""

    vector: dict[str, int] = field(default_factory=dict)
    dots: dict[str, Dot] = field(default_factory=dict)  # field name (or "*") -> dot

    @classmethod
    def decode(cls, text: str | None) -> RowVersions:
        """Raises ``VersionsDamaged`` for anything rmpair would not have written."""
        if text is None or text == "":
            return cls()
        data = _json(text)
        if not isinstance(data, dict) or not isinstance(dots := data.get("d", {}), dict):
            raise versions_damaged()
        return cls(vector=vector_of(data.get("v", {})), dots={name: stored_dot(dot) for name, dot in dots.items()})

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


def check_versions(connection: sqlite3.Connection) -> None:
    """Raises ``VersionsDamaged`` unless every record's versions, every removal's, every
    replica's change number and every kept conflict decode: before a whole database is
    exchanged or merged, so nothing is half done."""
    for spec in VERSIONED.values():
        for (sync,) in connection.execute(f"SELECT sync FROM {spec.table}"):
            RowVersions.decode(sync)
    for (seen,) in connection.execute("SELECT seen FROM tombstone UNION ALL SELECT seen FROM bundle_received"):
        decode_seen(seen)
    for (counter,) in connection.execute("SELECT counter FROM replica"):
        stored_counter(counter)
    for group, key, value, replica, counter in connection.execute(
        "SELECT record_group, record_key, value, replica, counter FROM conflict"
    ):
        conflict_key(group, key)  # and its group, through spec_of_group
        conflict_version(value, replica, counter)


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
    (stored,) = connection.execute("SELECT counter FROM replica WHERE id = ?", (replica,)).fetchone()
    counter = stored_counter(stored) + 1
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
            earlier = decode_seen(tombstone.seen)
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


def spec_of_group(group: Any) -> TableSpec:
    """The table holding a group's shared records (an entry's shared form, for entries)."""
    spec = VERSIONED.get(group)
    # A group named in ``conflict``, which the partner's copy writes too: "sealed_entry" is
    # a table of the "entry" group, not a group.
    if spec is None or spec.group != group:
        raise versions_damaged()
    return spec


def settle_fields(connection: sqlite3.Connection, group: str, key: str, values: Mapping[str, Any], dot: Dot) -> None:
    """Write chosen values over a conflict: one write that had seen every version of these
    fields, so it replaces them all here and, once the other laptop takes it in, there."""
    spec = spec_of_group(group)
    where = " AND ".join(f"{column} = ?" for column in spec.key_columns)
    key_values = conflict_key(group, key)
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
