"""Merging two copies of one record, field by field, losing nobody's writing.

A record's state is, for each field, the versions still standing (one, or several written
concurrently on two laptops: a conflict the pair sees and resolves), and the record's
version vector: every write to it this copy has taken in. Merging is the same on both
laptops, whatever the order bundles arrive in and however often:

- a version survives if the other copy has it too, or had not seen it;
- so an edit replaces only what its writer had seen, edits to different fields both stay,
  and two edits to one field that never saw each other both stay, visibly;
- versions with the same value are one version (the later dot stands for both);
- a removal (a tombstone with the vector of what the remover had seen) wins over what it
  had seen; a record holding any write the remover had not seen stays, and says so.

Everything here is pure: plain values in, plain values out, so the rules can be tested
exhaustively and the database code only reads and writes them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rmpair.core.versions import Dot, Vector, compact, covers, dominates, join


@dataclass(frozen=True)
class Version:
    """One value of one field, and the write that made it."""

    value: Any
    dot: Dot

    def same_value(self, other: Version) -> bool:
        return canonical(self.value) == canonical(other.value)


def canonical(value: Any) -> str:
    """A value as comparable text: lists and tuples alike, keys sorted."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


@dataclass(frozen=True)
class RecordState:
    """One record as one copy holds it."""

    fields: Mapping[str, tuple[Version, ...]]
    vector: Vector

    def value(self, name: str) -> Any:
        """The field's standing value (the first, if versions conflict)."""
        return self.fields[name][0].value

    def values(self) -> dict[str, Any]:
        return {name: versions[0].value for name, versions in self.fields.items()}

    def conflicts(self) -> dict[str, tuple[Version, ...]]:
        """Fields with more than one standing value."""
        return {name: versions for name, versions in self.fields.items() if len(versions) > 1}

    def dots(self) -> set[Dot]:
        return {version.dot for versions in self.fields.values() for version in versions}


@dataclass(frozen=True)
class MergedRecord:
    """What merging found for one record: its state (None if removed) and what to tell."""

    state: RecordState | None
    revived: bool = False
    """A removal on one laptop met writes it had not seen, so the record stays."""
    conflicted_fields: tuple[str, ...] = field(default=())


def merge_versions(
    mine: tuple[Version, ...], my_vector: Vector, theirs: tuple[Version, ...], their_vector: Vector
) -> tuple[Version, ...]:
    """The versions of one field still standing after a merge, in a fixed order."""
    their_dots = {v.dot for v in theirs}
    my_dots = {v.dot for v in mine}
    standing = [v for v in mine if v.dot in their_dots or not covers(their_vector, v.dot)]
    standing += [v for v in theirs if v.dot not in my_dots and not covers(my_vector, v.dot)]
    return settle(standing)


def settle(versions: list[Version]) -> tuple[Version, ...]:
    """Concurrent versions in a fixed order (latest dot first), one per distinct value."""
    ordered = sorted(versions, key=lambda v: v.dot.order_key(), reverse=True)
    kept: list[Version] = []
    for version in ordered:
        if not any(version.same_value(other) for other in kept):
            kept.append(version)
    return tuple(kept)


def merge_states(mine: RecordState, theirs: RecordState) -> RecordState:
    """Field by field; a field only one copy knows (a newer schema's) is kept as it is."""
    names = list(mine.fields) + [name for name in theirs.fields if name not in mine.fields]
    fields = {}
    for name in names:
        if name not in theirs.fields:
            fields[name] = mine.fields[name]
        elif name not in mine.fields:
            fields[name] = theirs.fields[name]
        else:
            fields[name] = merge_versions(mine.fields[name], mine.vector, theirs.fields[name], theirs.vector)
    return RecordState(fields, compact(join(mine.vector, theirs.vector)))


def merge_record(
    mine: RecordState | None,
    theirs: RecordState | None,
    removed: Vector | None,
) -> MergedRecord:
    """One record, given both copies (None where a copy has none) and the joined vector of
    every removal of it either copy knows (None if neither removed it)."""
    if mine is None and theirs is None:
        return MergedRecord(None)
    if mine is None or theirs is None:
        state = mine if theirs is None else theirs
    else:
        state = merge_states(mine, theirs)
    assert state is not None
    if removed is None:
        return MergedRecord(state, conflicted_fields=tuple(state.conflicts()))
    if all(covers(removed, dot) for dot in state.dots()):
        return MergedRecord(None)
    # Someone wrote to the record without having seen its removal: it stays, with every
    # field (a record needs all of them), and knows about the removal from now on.
    kept = RecordState(state.fields, compact(join(state.vector, removed)))
    return MergedRecord(kept, revived=True, conflicted_fields=tuple(kept.conflicts()))


# -- sealed records: blobs only their author can open ------------------------------------


@dataclass(frozen=True)
class SealedCopy:
    """A private record as a laptop that cannot open it holds it: an opaque blob, the
    vector of every write sealed inside it (kept in the clear so any laptop can order it),
    and the write that made the record private."""

    blob: bytes
    vector: Vector
    visibility: Dot = Dot("", 0)

    def key(self) -> str:
        return canonical(compact(self.vector))


def merge_sealed(mine: tuple[SealedCopy, ...], theirs: tuple[SealedCopy, ...]) -> tuple[SealedCopy, ...]:
    """The sealed copies still standing: a copy another copy has seen all of is dropped;
    copies written concurrently all stay until their author, who can open them, merges
    them. Equal vectors mean the same writes, so one of them stands for both."""
    by_vector: dict[str, SealedCopy] = {}
    for copy in (*mine, *theirs):
        by_vector.setdefault(copy.key(), copy)
    candidates = list(by_vector.values())
    standing = [
        copy
        for copy in candidates
        if not any(other is not copy and dominates(other.vector, copy.vector) for other in candidates)
    ]
    return tuple(sorted(standing, key=lambda copy: copy.key()))
