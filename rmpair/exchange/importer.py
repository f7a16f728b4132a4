"""Merging the other laptop's whole database into this one: first a plan, then one write.

``plan_import`` reads both databases and decides, record by record, what the merge makes
of them (rmpair.exchange.merge), without changing anything: the preview a person reads
before saying yes. ``ImportPlan.apply`` then writes every decision in one transaction; the
service saves the vault once after it, atomically, the previous generation becoming
backup 1.

Entries are one family in two forms: a shared row anyone can read, or a blob sealed with
its author's personal key. Making an entry private wins over a concurrent edit of its
shared form by the partner; that edit is not lost, it becomes the editor's own private
copy. Sharing wins over what its author had seen; a private edit its sharer had not seen
becomes the author's private copy. A laptop that cannot open a private entry keeps every
concurrent sealed copy of it until its author merges them.

Check-in ratings are sealed per meeting and rater the same way (an antichain of copies by
their clear vectors, merged by the rater alone); their clear rows are kept only for a rater
whose merged choice is to share, and stopping sharing wins over a concurrent choice to share.

It stays one module past the usual length because the plan is one walk over both databases
whose every part adds to the same preview and the same transaction. The entries' part (two
forms, sealed copies) is the largest; it is the piece to move out if this grows, with
``ImportPlan``, ``Change`` and ``Importer`` in a module of their own so the two do not
import each other.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Mapping
from functools import partial
from dataclasses import dataclass, field, replace
from typing import Any

from rmpair.core.record_versions import ENTRY_GROUP, VERSIONED, VISIBILITY, RowVersions, TableSpec
from rmpair.core.sealed_checkins import SealedRatings, merge_copies, write_copies
from rmpair.core.versions import Dot, compact, covers, dominates, join
from rmpair.exchange import records
from rmpair.exchange.merge import MergedRecord, RecordState, SealedCopy, merge_record, merge_sealed

# The order records are written in: what others point at first.
_ORDER = ("pair", "person", "meeting", "agenda_item", "goal", "goal_score", "action", "checkin")

NEW, CHANGED, REMOVED, NEEDS_YOU = "new", "changed", "removed", "needs you"


@dataclass(frozen=True)
class Change:
    """One line of the preview."""

    kind: str  # NEW, CHANGED, REMOVED or NEEDS_YOU
    group: str
    key: str
    what: str  # a few words naming the record, never private text the importer cannot read


@dataclass
class ImportPlan:
    """What importing a bundle will change, and the writes that will do it."""

    changes: list[Change] = field(default_factory=list)
    _writes: list[Callable[[sqlite3.Connection], None]] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    @property
    def empty(self) -> bool:
        return not self._writes

    def apply(self, connection: sqlite3.Connection) -> None:
        """Every write of the plan, in one transaction."""
        with connection:
            for write in self._writes:
                write(connection)


@dataclass(frozen=True)
class Importer:
    """Who is importing: their role and keys, to open and seal their own private entries."""

    role: str
    open_mine: Callable[[str, bytes, str | None, str | None], dict[str, Any] | None]
    """(entry id, blob, sealed_as, sealed_to) -> the payload, or None if not theirs."""
    seal_mine: Callable[[str, dict[str, Any]], bytes]
    seal_for: Callable[[str, str, dict[str, Any]], tuple[bytes, str | None]]
    """(role, entry id, payload) -> (blob, sealed_to) for another person."""
    open_ratings: Callable[[int, str, bytes, Mapping[str, int]], SealedRatings | None]
    """(meeting, rater, blob, vector) -> the ratings, or None if not theirs."""
    seal_ratings: Callable[[int, str, SealedRatings], bytes]


def plan_import(local: sqlite3.Connection, remote: sqlite3.Connection, importer: Importer) -> ImportPlan:
    plan = ImportPlan()
    local_tombs = records.read_tombstones(local)
    remote_tombs = records.read_tombstones(remote)
    tombs = {key: join(local_tombs.get(key, {}), remote_tombs.get(key, {})) for key in {*local_tombs, *remote_tombs}}
    for key, seen in tombs.items():
        # The time a removal was made is a label: the later of the two, deciding nothing.
        mine, theirs = _tombstone_label(local, key[1]), _tombstone_label(remote, key[1])
        label = max(mine or "", theirs or "")
        if seen != local_tombs.get(key) or label != mine:
            plan._writes.append(lambda c, k=key, s=seen, l=label: records.write_tombstone(c, k[0], k[1], s, l))
    owners = _replica_owners(local, remote)
    _plan_replicas(plan, local, remote)
    sharing: dict[str, bool] = {}
    for table in _ORDER:
        if table == "person":
            people = _plan_table(plan, VERSIONED[table], local, remote, tombs, adjust=_stopping_sharing_wins)
            sharing = {state.value("role"): bool(state.value("share_checkins")) for state in people.values() if state}
        elif table == "checkin":
            sealed = _plan_sealed_checkins(plan, local, remote, importer)
            _plan_table(plan, VERSIONED[table], local, remote, tombs, adjust=partial(_shown_only_if_shared, sharing, sealed))
        else:
            _plan_table(plan, VERSIONED[table], local, remote, tombs)
    _plan_entries(plan, local, remote, tombs, importer, owners)
    return plan


def _tombstone_label(connection: sqlite3.Connection, key: str) -> str | None:
    row = connection.execute("SELECT deleted_at FROM tombstone WHERE id = ?", (key,)).fetchone()
    return row[0] if row else None


def _replica_owners(local: sqlite3.Connection, remote: sqlite3.Connection) -> dict[str, str]:
    """Whose each replica is (a replica is one person on one laptop)."""
    owners = {}
    for connection in (remote, local):
        for replica, role in connection.execute("SELECT id, role FROM replica"):
            owners[replica] = role
    return owners


def _plan_replicas(plan: ImportPlan, local: sqlite3.Connection, remote: sqlite3.Connection) -> None:
    known = {row[0] for row in local.execute("SELECT id FROM replica")}
    for replica, laptop, role, counter in remote.execute("SELECT id, laptop, role, counter FROM replica"):
        if replica not in known:
            # Another laptop's replica: known here for whose its writes are; never written from here.
            plan._writes.append(
                lambda c, r=replica, l=laptop, o=role, n=counter: c.execute(
                    "INSERT INTO replica (id, laptop, role, counter, retired) VALUES (?, ?, ?, ?, 1)", (r, l, o, n)
                )
            )


def _plan_table(
    plan: ImportPlan,
    spec: TableSpec,
    local: sqlite3.Connection,
    remote: sqlite3.Connection,
    tombs: Mapping[tuple[str, str], Mapping[str, int]],
    adjust: Callable[[str, MergedRecord], MergedRecord] | None = None,
) -> dict[str, RecordState | None]:
    """Plan one table's merge; returns each record's merged state (None: removed)."""
    mine = records.read_records(local, spec)
    theirs = records.read_records(remote, spec)
    outcome: dict[str, RecordState | None] = {}
    for key in sorted({*mine, *theirs}):
        here, there = mine.get(key), theirs.get(key)
        merged = merge_record(here and here.state, there and there.state, tombs.get((spec.group, key)))
        if adjust is not None:
            merged = adjust(key, merged)
        _plan_outcome(plan, spec, key, here, there, merged)
        outcome[key] = merged.state
    return outcome


# -- check-in ratings: sealed copies, and the clear rows of those who share -------------------------


def _stopping_sharing_wins(_key: str, merged: MergedRecord) -> MergedRecord:
    """A person's choice to stop sharing their ratings, made on one laptop while the other
    turned sharing on, wins: as making an entry private wins. Both laptops decide alike."""
    state = merged.state
    versions = state.fields.get("share_checkins", ()) if state is not None else ()
    if state is None or len(versions) < 2 or all(v.value for v in versions):
        return merged
    fields = dict(state.fields)
    fields["share_checkins"] = tuple(v for v in versions if not v.value)[:1]
    kept = RecordState(fields, state.vector)
    return replace(merged, state=kept, conflicted_fields=tuple(kept.conflicts()))


def _shown_only_if_shared(
    sharing: Mapping[str, bool], sealed: Mapping[tuple[int, str], Mapping[str, int]], key: str, merged: MergedRecord
) -> MergedRecord:
    """A clear rating of someone who does not share is dropped, on both laptops alike, once
    their seal holds it; one from before ratings were sealed stays until its rater seals it."""
    if merged.state is None:
        return merged
    meeting, person, _ = key.split("|", 2)
    vector = sealed.get((int(meeting), person))
    if sharing.get(person, False) or vector is None:
        return merged
    if all(covers(vector, dot) for dot in merged.state.dots()):
        return MergedRecord(None)
    return merged


def _plan_sealed_checkins(
    plan: ImportPlan, local: sqlite3.Connection, remote: sqlite3.Connection, importer: Importer
) -> dict[tuple[int, str], dict[str, int]]:
    """Every sealed copy of each person's ratings for each meeting that no other copy has
    seen all of; the importer's own are merged into one. Returns, per (meeting, person),
    the vector of every rating the standing copies hold."""
    here, there = records.read_sealed_checkins(local), records.read_sealed_checkins(remote)
    vectors = {}
    for meeting, person in sorted({*here, *there}):
        mine = here.get((meeting, person), ())
        copies = merge_sealed(mine, there.get((meeting, person), ()))
        if person == importer.role and len(copies) > 1:
            opened = [importer.open_ratings(meeting, person, copy.blob, copy.vector) for copy in copies]
            readable = [ratings for ratings in opened if ratings is not None]
            if len(readable) == len(copies):
                merged = merge_copies(readable)
                copies = (SealedCopy(importer.seal_ratings(meeting, person, merged), compact(merged.vector)),)
        vectors[(meeting, person)] = join(*(copy.vector for copy in copies))
        if sorted(copy.key() for copy in copies) == sorted(copy.key() for copy in mine):
            continue
        plan._writes.append(
            lambda c, m=meeting, p=person, cs=copies: write_copies(c, m, p, [(x.blob, x.vector) for x in cs])
        )
        whose = "your" if person == importer.role else "your partner's"
        sealed_words = "" if person == importer.role else " (sealed: you cannot read them)"
        plan.changes.append(
            Change(CHANGED if mine else NEW, "sealed_checkin", f"{meeting}|{person}",
                   f"{whose} check-in ratings, meeting {meeting}{sealed_words}")
        )
    return vectors


def _plan_outcome(
    plan: ImportPlan,
    spec: TableSpec,
    key: str,
    here: records.StoredRecord | None,
    there: records.StoredRecord | None,
    merged: MergedRecord,
) -> None:
    what = records.describe(spec, (here or there).row if (here or there) else {})
    if merged.state is None:
        if here is not None:
            plan.changes.append(Change(REMOVED, spec.group, key, what))
            plan._writes.append(lambda c, r=here.row: records.delete_record(c, spec, r))
        return
    state = merged.state
    if here is None:
        assert there is not None
        plan.changes.append(Change(NEW, spec.group, key, what))
        row = _labelled(there.row, None, spec)
        plan._writes.append(lambda c, r=row, s=state: records.write_record(c, spec, r, s, exists=False))
    else:
        row = _labelled(here.row, there.row if there else None, spec)
        if _same(here.state, state) and row == here.row:
            return
        if here.state.values() != state.values():
            plan.changes.append(Change(CHANGED, spec.group, key, what))
        elif len(state.conflicts()) < len(here.state.conflicts()):
            plan.changes.append(Change(CHANGED, spec.group, key, f"{what}: its conflict was settled on the other laptop"))
        plan._writes.append(lambda c, r=row, s=state: records.write_record(c, spec, r, s, exists=True))
    if merged.revived:
        plan.changes.append(Change(NEEDS_YOU, spec.group, key, f"{what}: kept, edited after it was removed"))
    new_conflicts = set(state.conflicts()) - set(here.state.conflicts() if here else ())
    for name in sorted(new_conflicts):
        plan.changes.append(Change(NEEDS_YOU, spec.group, key, f"{what}: two versions of its {name}"))


def _same(before: RecordState, after: RecordState) -> bool:
    return compact(before.vector) == compact(after.vector) and before.fields == after.fields


def _labelled(row: Mapping[str, Any], other: Mapping[str, Any] | None, spec: TableSpec) -> dict[str, Any]:
    """The row with each wall-clock label the later of the two: a label, never a decider."""
    merged = dict(row)
    if other is not None:
        for label in spec.labels:
            if label in merged and label in other and (other[label] or "") > (merged[label] or ""):
                merged[label] = other[label]
    return merged


# -- entries: shared rows and sealed blobs --------------------------------------------------------


def _plan_entries(
    plan: ImportPlan,
    local: sqlite3.Connection,
    remote: sqlite3.Connection,
    tombs: Mapping[tuple[str, str], Mapping[str, int]],
    importer: Importer,
    owners: Mapping[str, str],
) -> None:
    spec = VERSIONED["entry"]
    shared_here, shared_there = records.read_records(local, spec), records.read_records(remote, spec)
    sealed_here, sealed_there = records.read_sealed(local), records.read_sealed(remote)
    ids = sorted({*shared_here, *shared_there, *sealed_here, *sealed_there})
    for entry_id in ids:
        removed = tombs.get((ENTRY_GROUP, entry_id))
        shared = merge_record(
            shared_here.get(entry_id) and shared_here[entry_id].state,
            shared_there.get(entry_id) and shared_there[entry_id].state,
            None,
        ).state
        here_row = sealed_here.get(entry_id, (None, ()))[0]
        there_row = sealed_there.get(entry_id, (None, ()))[0]
        copies = merge_sealed(sealed_here.get(entry_id, (None, ()))[1], sealed_there.get(entry_id, (None, ()))[1])
        if removed is not None:
            copies = tuple(copy for copy in copies if not dominates(removed, copy.vector))
        sealed_row = here_row or there_row
        winner, unseen = _which_form(shared, copies)
        if winner == "private":
            shared_result = None
            if shared is not None and unseen:
                _plan_private_copies(plan, entry_id, shared, unseen, importer, owners)
        else:
            shared_result = merge_record(shared and shared, None, removed) if shared is not None else MergedRecord(None)
            if copies and unseen:
                _plan_author_copy(plan, entry_id, copies, sealed_row, importer)
            copies = ()
        # The shared form.
        here, there = shared_here.get(entry_id), shared_there.get(entry_id)
        if winner == "private":
            if here is not None:
                plan._writes.append(lambda c, r=here.row: records.delete_record(c, spec, r))
                if not copies:
                    plan.changes.append(Change(REMOVED, ENTRY_GROUP, entry_id, records.describe(spec, here.row)))
        else:
            _plan_outcome(plan, spec, entry_id, here, there, shared_result)
        # The private form.
        _plan_sealed(plan, entry_id, copies, sealed_here.get(entry_id, (None, ()))[1], here_row, there_row, importer)


def _which_form(shared: RecordState | None, copies: tuple[SealedCopy, ...]) -> tuple[str, list]:
    """Which form stands, and the writes of the other form its winner had not seen."""
    if not copies:
        return "shared", []
    if shared is None:
        return "private", []
    private_seen = join(*(copy.vector for copy in copies))
    shared_dot = shared.fields[VISIBILITY][0].dot
    private_dot = max((copy.visibility for copy in copies), key=Dot.order_key)
    private_saw_shared = covers(private_seen, shared_dot)
    shared_saw_private = covers(shared.vector, private_dot) and private_dot.counter > 0
    if shared_saw_private and not private_saw_shared:
        unseen = [dot for copy in copies for dot in _vector_dots(copy.vector) if not covers(shared.vector, dot)]
        return "shared", unseen
    # Making an entry private wins, over what it had seen and over what it had not.
    unseen = [dot for dot in shared.dots() if not covers(private_seen, dot)]
    return "private", unseen


def _vector_dots(vector: Mapping[str, int]) -> list[Dot]:
    return [Dot(replica, counter) for replica, counter in vector.items()]


def copy_id(entry_id: str, dots: list[Dot]) -> str:
    """The id of a private copy made from unseen writes: the same on both laptops, so
    each laptop's merge makes the same record."""
    digest = hashlib.sha256(
        json.dumps([entry_id, sorted((d.replica, d.counter) for d in dots)]).encode()
    ).hexdigest()
    return digest[:32]


def _plan_private_copies(
    plan: ImportPlan,
    entry_id: str,
    shared: RecordState,
    unseen: list[Dot],
    importer: Importer,
    owners: Mapping[str, str],
) -> None:
    """A shared entry's edits made while its author made it private: each editor's edits
    become their own private copy of the entry as they left it."""
    by_role: dict[str, list[Dot]] = {}
    for dot in unseen:
        by_role.setdefault(owners.get(dot.replica, ""), []).append(dot)
    values = shared.values()
    for role, dots in sorted(by_role.items()):
        if role not in ("mentor", "mentee"):
            continue
        new_id = copy_id(entry_id, dots)
        vector = compact(join(*({d.replica: d.counter} for d in dots)))
        payload = _payload_from_shared(values, author=role)
        if role == importer.role:
            blob, sealed_to = importer.seal_mine(new_id, payload), None
        else:
            blob, sealed_to = importer.seal_for(role, new_id, payload)
        star = max(dots, key=Dot.order_key)
        sync = RowVersions(dict(vector), {"*": star}).encode()

        def write(c: sqlite3.Connection, i=new_id, b=blob, s=sync, t=sealed_to, label=values.get("created_at")) -> None:
            if c.execute("SELECT 1 FROM sealed_entry WHERE id = ?", (i,)).fetchone():
                return
            if c.execute("SELECT 1 FROM tombstone WHERE id = ?", (i,)).fetchone():
                return
            c.execute(
                "INSERT INTO sealed_entry (id, sealed, updated_at, sync, sealed_as, sealed_to) VALUES (?, ?, ?, ?, NULL, ?)",
                (i, b, label, s, t),
            )

        plan._writes.append(write)
        whose = "your" if role == importer.role else "your partner's"
        plan.changes.append(
            Change(NEEDS_YOU, ENTRY_GROUP, new_id, f"an entry was made private while edited: the edit is {whose} private copy")
        )


def _payload_from_shared(values: Mapping[str, Any], *, author: str) -> dict[str, Any]:
    tags = values.get("race_tags") or ""
    return {
        "kind": values.get("kind"),
        "author": author,
        "meeting": values.get("meeting"),
        "race_tags": [t for t in str(tags).split(",") if t],
        "title": values.get("title") or "",
        "body": values.get("body") or "",
        "template_id": values.get("template_id"),
        "on_agenda": bool(values.get("on_agenda")),
        "goal_id": values.get("goal_id"),
        "created_at": _iso(values.get("created_at")),
        "updated_at": _iso(values.get("created_at")),
    }


def _iso(text: Any) -> str:
    from rmpair.core.entry_store import stored_time

    return stored_time(str(text)).isoformat()


def _plan_author_copy(
    plan: ImportPlan,
    entry_id: str,
    copies: tuple[SealedCopy, ...],
    sealed_row: Mapping[str, Any] | None,
    importer: Importer,
) -> None:
    """An entry shared on one laptop while its author edited it privately on the other:
    the private edit stays the author's, as a private copy sealed under the entry's id."""
    for copy in copies:
        new_id = copy_id(entry_id, _vector_dots(copy.vector))
        sync = records.sealed_sync(copy)
        sealed_to = sealed_row.get("sealed_to") if sealed_row else None
        label = sealed_row.get("updated_at") if sealed_row else None

        def write(c: sqlite3.Connection, i=new_id, b=copy.blob, s=sync, t=sealed_to, l=label) -> None:
            if c.execute("SELECT 1 FROM sealed_entry WHERE id = ?", (i,)).fetchone():
                return
            if c.execute("SELECT 1 FROM tombstone WHERE id = ?", (i,)).fetchone():
                return
            c.execute(
                "INSERT INTO sealed_entry (id, sealed, updated_at, sync, sealed_as, sealed_to) VALUES (?, ?, ?, ?, ?, ?)",
                (i, b, l, s, entry_id, t),
            )

        plan._writes.append(write)
        plan.changes.append(
            Change(NEEDS_YOU, ENTRY_GROUP, new_id, "an entry was shared while privately edited: the edit is kept as a private copy")
        )


def _plan_sealed(
    plan: ImportPlan,
    entry_id: str,
    copies: tuple[SealedCopy, ...],
    copies_here: tuple[SealedCopy, ...],
    here_row: Mapping[str, Any] | None,
    there_row: Mapping[str, Any] | None,
    importer: Importer,
) -> None:
    """Write the standing sealed copies: the first in ``sealed_entry``, the rest aside."""
    before = {copy.key() for copy in copies_here}
    if not copies:
        if here_row is not None:
            plan._writes.append(lambda c: (c.execute("DELETE FROM sealed_entry WHERE id = ?", (entry_id,)),
                                           c.execute("DELETE FROM sealed_copy WHERE id = ?", (entry_id,))))
            plan.changes.append(Change(REMOVED, ENTRY_GROUP, entry_id, _private_words(here_row, importer)))
        return
    row = dict(here_row or there_row or {})
    merged_copies = _author_merge(entry_id, copies, row, importer)
    after = {copy.key() for copy in merged_copies}
    if here_row is not None and after == before:
        return
    first, rest = merged_copies[0], merged_copies[1:]
    if first not in copies:
        row["sealed_as"], row["sealed_to"] = None, None  # sealed afresh by its author, under its own id
    other = there_row if here_row is not None else None
    if other is not None and (other.get("updated_at") or "") > (row.get("updated_at") or ""):
        row["updated_at"] = other["updated_at"]
    row["id"] = entry_id
    row["sealed"] = first.blob
    row["sync"] = records.sealed_sync(first)
    if there_row is not None and first.blob == bytes(there_row["sealed"]):
        row["sealed_as"], row["sealed_to"] = there_row.get("sealed_as"), there_row.get("sealed_to")

    def write(c: sqlite3.Connection, r=dict(row), rest=rest) -> None:
        c.execute("DELETE FROM sealed_entry WHERE id = ?", (entry_id,))
        c.execute("DELETE FROM sealed_copy WHERE id = ?", (entry_id,))
        c.execute(
            "INSERT INTO sealed_entry (id, sealed, updated_at, sync, sealed_as, sealed_to) VALUES (?, ?, ?, ?, ?, ?)",
            (r["id"], r["sealed"], r["updated_at"], r["sync"], r.get("sealed_as"), r.get("sealed_to")),
        )
        for copy in rest:
            c.execute(
                "INSERT INTO sealed_copy (id, sealed, sync) VALUES (?, ?, ?)",
                (entry_id, copy.blob, records.sealed_sync(copy)),
            )

    plan._writes.append(write)
    words = _private_words(row, importer)
    plan.changes.append(Change(NEW if here_row is None else CHANGED, ENTRY_GROUP, entry_id, words))
    if len(merged_copies) > 1 and importer.open_mine(entry_id, first.blob, row.get("sealed_as"), row.get("sealed_to")):
        plan.changes.append(Change(NEEDS_YOU, ENTRY_GROUP, entry_id, f"{words}: two versions"))


def _private_words(row: Mapping[str, Any], importer: Importer) -> str:
    payload = importer.open_mine(row["id"], bytes(row["sealed"]), row.get("sealed_as"), row.get("sealed_to"))
    if payload is None:
        return "a private entry of your partner's (sealed: you cannot read it)"
    return f"your private {str(payload.get('kind', 'entry')).replace('-', ' ')} “{records.short(payload.get('title') or payload.get('body'))}”"


def _author_merge(
    entry_id: str, copies: tuple[SealedCopy, ...], row: Mapping[str, Any], importer: Importer
) -> tuple[SealedCopy, ...]:
    """Concurrent sealed copies of the importer's own private entry, merged field by field
    into one (the importer can open them); anyone else's stay as they are."""
    if len(copies) < 2:
        return copies
    opened = [importer.open_mine(entry_id, copy.blob, row.get("sealed_as"), row.get("sealed_to")) for copy in copies]
    if any(payload is None for payload in opened):
        return copies
    from rmpair.exchange.sealed_merge import merge_payloads

    payload, vector = merge_payloads(list(zip(opened, (copy.vector for copy in copies))))
    visibility = max((copy.visibility for copy in copies), key=Dot.order_key)
    return (SealedCopy(importer.seal_mine(entry_id, payload), vector, visibility),)
