"""Conflicts: a field two people (or one person on two laptops) changed without seeing each
other's change. Both versions stay, visibly, until someone keeps one, the other or both;
that choice is an ordinary write and travels with the next bundle, so the other laptop's
copy of the conflict clears when it takes that bundle in.

"Mine" is the version written on this laptop, "theirs" the one from the other laptop; where
both came from one laptop (before a restore), mine is the one written by the person unlocked.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from rmpair.core.errors import UsageError
from rmpair.core.private_seal import PrivateKeys
from rmpair.core.record_versions import (
    ENTRY_GROUP,
    RowVersions,
    conflict_key,
    conflict_version,
    laptop_id,
    spec_of_group,
)
from rmpair.core.sealed_checkins import CHECKIN_GROUP, checkin_key, own_ratings
from rmpair.core.service import PairService
from rmpair.core.versions import Dot
from rmpair.exchange.records import describe

KEEP_CHOICES = ("mine", "theirs", "both")
# Records that can be kept twice (a second record holds theirs); a date or a rating cannot.
_BOTH_ALLOWED = ("entry", "action", "goal", "agenda_item")


@dataclass(frozen=True)
class Version:
    value: Any
    by: str  # the role that wrote it
    here: bool  # written on this laptop


@dataclass(frozen=True)
class Conflict:
    group: str
    key: str
    what: str
    fields: dict[str, tuple[Version, ...]]  # field -> its versions, mine first

    @property
    def ref(self) -> str:
        """What a person types to name it: the start of the record's id (or its key)."""
        return self.key[:8] if self.group in _BOTH_ALLOWED else self.key

    def mine(self, name: str) -> Version:
        return self.fields[name][0]

    def theirs(self, name: str) -> Version:
        return self.fields[name][1]


def list_conflicts(service: PairService) -> list[Conflict]:
    """Every conflict the unlocked person may see: in shared records, and in their own
    private entries (a partner's private conflicts are sealed: not even counted)."""
    me = service.role
    review = service.review_mode

    def read(connection: sqlite3.Connection, keys: PrivateKeys) -> list[Conflict]:
        here = laptop_id(connection)
        replicas = {r: (role, laptop) for r, role, laptop in connection.execute("SELECT id, role, laptop FROM replica")}

        def version(value: Any, dot: Dot) -> Version:
            role, laptop = replicas.get(dot.replica, ("", ""))
            return Version(value, role, laptop == here)

        grouped: dict[tuple[str, str], dict[str, list[Version]]] = {}
        for group, key, name, value, replica, counter in connection.execute(
            "SELECT record_group, record_key, field, value, replica, counter FROM conflict ORDER BY record_group, record_key"
        ):
            grouped.setdefault((group, key), {}).setdefault(name, []).append(
                version(*conflict_version(value, replica, counter))
            )
        found = []
        for (group, key), fields in grouped.items():
            key_values = conflict_key(group, key)
            if group == CHECKIN_GROUP and key_values[1] != me:
                continue  # a rating is its rater's to settle, and theirs alone
            spec = spec_of_group(group)
            where = " AND ".join(f"{column} = ?" for column in spec.key_columns)
            names = [r[1] for r in connection.execute(f"PRAGMA table_info({spec.table})")]
            row = connection.execute(f"SELECT * FROM {spec.table} WHERE {where}", key_values).fetchone()
            if row is None:
                continue
            record = dict(zip(names, row))
            versions = RowVersions.decode(record.get("sync"))
            settled = {
                name: _mine_first((version(record[name], versions.dot_of(name)), *others), me)
                for name, others in fields.items()
                if name in record
            }
            found.append(Conflict(group, key, describe(spec, record), settled))
        if not review:
            found += _private_conflicts(connection, keys, version, me)
            listed = {(c.group, c.key) for c in found}
            found += [c for c in _rating_conflicts(connection, keys, version, me) if (c.group, c.key) not in listed]
        return found

    return service.exchange(read, write=False)


def _private_conflicts(connection: sqlite3.Connection, keys: PrivateKeys, version: Any, me: str) -> list[Conflict]:
    found = []
    for entry_id, sealed, sealed_as, sealed_to in connection.execute(
        "SELECT id, sealed, sealed_as, sealed_to FROM sealed_entry"
    ):
        payload = keys.open_mine(entry_id, sealed, sealed_as, sealed_to)
        if not payload or not payload.get("_c"):
            continue
        dots = payload.get("_v", {})
        fields = {}
        for name, others in payload["_c"].items():
            own = dots.get(name) or dots.get("*") or ["", 0]
            fields[name] = _mine_first(
                (version(payload.get(name), Dot(str(own[0]), int(own[1]))),
                 *(version(value, Dot(str(r), int(c))) for value, r, c in others)),
                me,
            )
        title = " ".join(str(payload.get("title") or payload.get("body") or "").split())[:40]
        found.append(Conflict(ENTRY_GROUP, entry_id, f"your private {payload.get('kind', 'entry')} “{title}”", fields))
    return found


def _rating_conflicts(connection: sqlite3.Connection, keys: PrivateKeys, version: Any, me: str) -> list[Conflict]:
    """Concurrent ratings inside this person's own seal (shown in the clear too only while
    they share, where the listing above finds them)."""
    found = []
    for meeting, ratings in sorted(own_ratings(connection, keys.sealing_key, me)[0].items()):
        for statement, versions in sorted(ratings.ratings.items()):
            if len(versions) > 1:
                fields = {"rating": _mine_first(tuple(version(r.value, r.dot) for r in versions), me)}
                found.append(Conflict(CHECKIN_GROUP, checkin_key(meeting, me, statement),
                                      f"your check-in rating of “{statement}”, meeting {meeting}", fields))
    return found


def _mine_first(versions: tuple[Version, ...], me: str) -> tuple[Version, ...]:
    return tuple(sorted(versions, key=lambda v: (not v.here, v.by != me)))


def find_conflict(service: PairService, ref: str) -> Conflict:
    ref = ref.strip().lower()
    if not ref:
        raise UsageError("Give the conflict's id, as 'rmpair conflicts' lists it.")
    matches = [c for c in list_conflicts(service) if c.key.lower().startswith(ref) or c.ref.lower() == ref]
    if not matches:
        raise UsageError(f"No conflict has the id {ref}. 'rmpair conflicts' lists them.")
    if len(matches) > 1:
        raise UsageError(f"More than one conflict starts with {ref}; give more of the id.")
    return matches[0]


def resolve(service: PairService, conflict: Conflict, keep: str) -> str:
    """Keep mine, theirs, or both versions; returns a sentence saying what was done."""
    if keep not in KEEP_CHOICES:
        raise UsageError(f"Keep one of {', '.join(KEEP_CHOICES)}, not {keep}.")
    if keep == "both" and conflict.group not in _BOTH_ALLOWED:
        raise UsageError(f"A {conflict.group.replace('_', ' ')} has one value: keep mine or theirs.")
    chosen = "mine" if keep == "both" else keep
    values = {name: (conflict.mine(name) if chosen == "mine" else conflict.theirs(name)).value for name in conflict.fields}
    service.settle_conflict(conflict.group, conflict.key, values)
    if keep != "both":
        return f"Kept {keep} for {conflict.what}."
    theirs = {name: conflict.theirs(name).value for name in conflict.fields}
    copy = _copy_with(service, conflict, theirs)
    return f"Kept both: {conflict.what} keeps yours; theirs is now a separate record ({copy[:8]})."


def _copy_with(service: PairService, conflict: Conflict, values: dict[str, Any]) -> str:
    """A new record like the conflicted one, with the other laptop's versions."""
    if conflict.group == ENTRY_GROUP:
        entry = service.entry(conflict.key)
        tags = values.get("race_tags", ",".join(entry.race_tags))
        tags = tags if isinstance(tags, (list, tuple)) else [t for t in str(tags).split(",") if t]
        return service.add_entry(
            kind=values.get("kind", entry.kind), title=values.get("title", entry.title),
            body=values.get("body", entry.body), meeting=values.get("meeting", entry.meeting),
            race_tags=tags, private=entry.private, template_id=entry.template_id,
        ).id
    if conflict.group == "action":
        action = service.action(conflict.key)
        return service.add_action(values.get("text", action.text), owner=values.get("owner", action.owner),
                                  due_meeting=values.get("due_meeting", action.due_meeting)).id
    if conflict.group == "goal":
        goal = service.goal(conflict.key)
        return service.add_goal(values.get("text", goal.text)).id
    item = next(i for m in service.meetings() for i in m.agenda if i.id == conflict.key)
    return service.add_agenda_item(item.meeting, values.get("text", item.text), values.get("minutes", item.minutes)).id
