"""A person's check-in ratings, sealed with their personal key.

Each person's ratings after one meeting are one payload, ``{statement_id: rating}``, with
the dot of the write that last set each rating (``_v``) and any ratings written
concurrently on two laptops, kept side by side (``_c``). It is sealed with the rater's
personal key and padded like a private entry, in ``sealed_checkin``, keyed by meeting and
person, with its version vector in the clear so a laptop that cannot open it can still
order it. Two laptops may hold concurrent copies of one key (an antichain by their
vectors); only the rater can merge them (``merge_copies``), which they do when they write
and when their laptop takes a bundle in.

Clear ``checkin`` rows are a projection of the seal, kept only while the rater shares:
each shows one rating with the dot of the sealed write that set it and the vector of the
copy it came from (``publish``), so the two forms never disagree about what was seen.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rmpair.core import crypto
from rmpair.core.private_seal import open_payload, seal_payload
from rmpair.core.record_versions import RowVersions, conflict_key, conflict_version, versions_damaged
from rmpair.core.versions import ORIGIN, Dot, compact, covers, join, with_dot

VERSIONS_KEY = "_v"
CONFLICTS_KEY = "_c"
CHECKIN_GROUP = "checkin"


def checkin_aad(meeting: int, person: str) -> bytes:
    """Binds a sealed copy to its meeting and rater: a blob cannot be moved to stand for another."""
    return f"rmpair-checkin|{meeting}|{person}".encode()


@dataclass(frozen=True)
class Rating:
    value: int
    dot: Dot


@dataclass(frozen=True)
class SealedRatings:
    """One person's ratings after one meeting, opened: each statement's standing ratings
    (one, or several written concurrently; the first is the one shown) and the vector of
    every write the copy has taken in."""

    ratings: Mapping[str, tuple[Rating, ...]]
    vector: Mapping[str, int]

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any], vector: Mapping[str, int]) -> SealedRatings:
        dots = payload.get(VERSIONS_KEY, {})
        others = payload.get(CONFLICTS_KEY, {})
        ratings = {}
        for statement, value in payload.items():
            if statement in (VERSIONS_KEY, CONFLICTS_KEY):
                continue
            own = dots.get(statement)
            first = Rating(int(value), Dot(str(own[0]), int(own[1])) if own else ORIGIN)
            siblings = tuple(Rating(int(v), Dot(str(r), int(c))) for v, r, c in others.get(statement, ()))
            ratings[statement] = (first, *siblings)
        return cls(ratings, compact(vector))

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {statement: versions[0].value for statement, versions in sorted(self.ratings.items())}
        payload[VERSIONS_KEY] = {s: list(versions[0].dot) for s, versions in sorted(self.ratings.items())}
        conflicts = {
            s: [[r.value, r.dot.replica, r.dot.counter] for r in versions[1:]]
            for s, versions in sorted(self.ratings.items())
            if len(versions) > 1
        }
        if conflicts:
            payload[CONFLICTS_KEY] = conflicts
        return payload

    def values(self) -> dict[str, int]:
        return {statement: versions[0].value for statement, versions in self.ratings.items()}

    def rated(self, ratings: Mapping[str, int], take_dot: Callable[[], Dot]) -> SealedRatings | None:
        """These ratings written by one write, whose dot ``take_dot`` gives (asked only if
        something changes); None if nothing would. A rating written again settles any
        concurrent ones: its writer saw them all."""
        changed = {
            statement: value
            for statement, value in ratings.items()
            if statement not in self.ratings
            or len(self.ratings[statement]) > 1
            or self.ratings[statement][0].value != value
        }
        if not changed:
            return None
        dot = take_dot()
        merged = dict(self.ratings)
        for statement, value in changed.items():
            merged[statement] = (Rating(value, dot),)
        return SealedRatings(merged, compact(with_dot(self.vector, dot)))


NO_RATINGS = SealedRatings({}, {})


def merge_copies(copies: Sequence[SealedRatings]) -> SealedRatings:
    """One copy from several, by the rater, who can open them all: a rating stands unless a
    copy that rated the same statement had seen it and replaced it; ratings no copy had seen
    of each other all stand, the latest write first. Any order of copies gives the same."""
    if len(copies) == 1:
        return copies[0]
    statements = sorted({s for copy in copies for s in copy.ratings})
    merged: dict[str, tuple[Rating, ...]] = {}
    for statement in statements:
        candidates = {r for copy in copies for r in copy.ratings.get(statement, ())}
        standing = [
            rating
            for rating in candidates
            if not any(
                statement in copy.ratings
                and rating not in copy.ratings[statement]
                and covers(copy.vector, rating.dot)
                for copy in copies
            )
        ]
        merged[statement] = _settle(standing)
    return SealedRatings(merged, compact(join(*(copy.vector for copy in copies))))


def _settle(ratings: Iterable[Rating]) -> tuple[Rating, ...]:
    """One rating per distinct value, the latest write first (dots order it, never clocks)."""
    kept: list[Rating] = []
    for rating in sorted(ratings, key=lambda r: r.dot.order_key(), reverse=True):
        if all(rating.value != other.value for other in kept):
            kept.append(rating)
    return tuple(kept)


# -- sealing and storing ------------------------------------------------------------------------


def seal_ratings(key: bytes | crypto.SealingKey, meeting: int, person: str, ratings: SealedRatings) -> bytes:
    return seal_payload(key, checkin_aad(meeting, person), ratings.payload())


def open_ratings(
    key: crypto.SealingKey, meeting: int, person: str, blob: bytes, vector: Mapping[str, int]
) -> SealedRatings | None:
    """The ratings in one sealed copy, or None if it is not this key's to open."""
    payload = open_payload(key, checkin_aad(meeting, person), blob)
    return None if payload is None else SealedRatings.from_payload(payload, vector)


def copy_sync(vector: Mapping[str, int]) -> str:
    """A sealed copy's clear ``sync``: its vector, stored one way on both laptops."""
    return RowVersions(dict(vector), {}).encode()


def copy_vector(sync: str | None) -> dict[str, int]:
    return compact(RowVersions.decode(sync).vector)


def stored_copies(
    connection: sqlite3.Connection, person: str | None = None
) -> dict[tuple[int, str], list[tuple[bytes, dict[str, int]]]]:
    """Every sealed copy, by (meeting, person): its blob and vector."""
    sql = "SELECT meeting, person, sealed, sync FROM sealed_checkin"
    rows = connection.execute(sql + " WHERE person = ?", (person,)) if person else connection.execute(sql)
    found: dict[tuple[int, str], list[tuple[bytes, dict[str, int]]]] = {}
    for meeting, who, sealed, sync in rows:
        found.setdefault((int(meeting), str(who)), []).append((bytes(sealed), copy_vector(sync)))
    return found


def write_copies(connection: Any, meeting: int, person: str, copies: Iterable[tuple[bytes, Mapping[str, int]]]) -> None:
    """Replace every stored copy of one person's ratings for one meeting (``connection``:
    a sqlite3 connection, or anything with the same ``execute``)."""
    connection.execute("DELETE FROM sealed_checkin WHERE meeting = ? AND person = ?", (meeting, person))
    for blob, vector in copies:
        connection.execute(
            "INSERT INTO sealed_checkin (meeting, person, sealed, sync) VALUES (?, ?, ?, ?)",
            (meeting, person, blob, copy_sync(vector)),
        )


def own_ratings(
    connection: sqlite3.Connection, key: crypto.SealingKey, person: str
) -> tuple[dict[int, SealedRatings], set[int]]:
    """This person's ratings by meeting, every copy they hold merged, and the meetings that
    also have clear rows the seal has not taken in yet (written by an rmpair before ratings
    were sealed; only their rater can seal them). Copies this key cannot open, which cannot
    happen for a person's own, are left out rather than guessed at."""
    copies = stored_copies(connection, person)
    sealed_vectors = {meeting: join(*(vector for _, vector in found)) for (meeting, _), found in copies.items()}
    unsealed: dict[int, dict[str, tuple[Rating, ...]]] = {}
    unsealed_vectors: dict[int, dict[str, int]] = {}
    siblings = _clear_conflicts(connection, person)
    for meeting, statement, value, sync in connection.execute(
        "SELECT meeting, statement_id, rating, sync FROM checkin WHERE person = ?", (person,)
    ):
        versions = RowVersions.decode(sync)
        dot = versions.dot_of("rating")
        if meeting in sealed_vectors and covers(sealed_vectors[meeting], dot):
            continue
        unsealed.setdefault(meeting, {})[statement] = (
            Rating(int(value), dot), *siblings.get((meeting, statement), ())
        )
        unsealed_vectors[meeting] = join(unsealed_vectors.get(meeting, {}), versions.vector)
    mine: dict[int, SealedRatings] = {}
    for meeting in sorted({*(m for m, _ in copies), *unsealed}):
        opened = [open_ratings(key, meeting, person, blob, vector) for blob, vector in copies.get((meeting, person), ())]
        readable = [copy for copy in opened if copy is not None]
        if meeting in unsealed:
            readable.append(SealedRatings(unsealed[meeting], compact(unsealed_vectors[meeting])))
        if readable:
            mine[meeting] = merge_copies(readable)
    return mine, set(unsealed)


def _clear_conflicts(connection: sqlite3.Connection, person: str) -> dict[tuple[int, str], tuple[Rating, ...]]:
    found: dict[tuple[int, str], tuple[Rating, ...]] = {}
    for key, value, replica, counter in connection.execute(
        "SELECT record_key, value, replica, counter FROM conflict WHERE record_group = ? AND field = 'rating'",
        (CHECKIN_GROUP,),
    ):
        meeting, who, statement = conflict_key(CHECKIN_GROUP, key)
        if who == person:
            score, dot = conflict_version(value, replica, counter)
            if type(score) is not int:
                raise versions_damaged()
            rating = Rating(score, dot)
            found[(int(meeting), statement)] = (*found.get((int(meeting), statement), ()), rating)
    return found


# -- the clear projection ----------------------------------------------------------------------------


def checkin_key(meeting: int, person: str, statement: str) -> str:
    return f"{meeting}|{person}|{statement}"


def publish(connection: Any, meeting: int, person: str, ratings: SealedRatings, label: str, new_id: Any) -> None:
    """Show one person's ratings for one meeting in the clear, as the seal holds them: the
    standing rating in ``checkin`` (with its dot and the copy's vector), concurrent ones in
    ``conflict``. ``label`` is the wall-clock label to write; ``new_id`` makes row ids."""
    import json

    for statement, versions in ratings.ratings.items():
        key = checkin_key(meeting, person, statement)
        sync = RowVersions(dict(ratings.vector), {"*": versions[0].dot}).encode()
        updated = connection.execute(
            "UPDATE checkin SET rating = ?, sync = ?, updated_at = ? WHERE meeting = ? AND person = ? "
            "AND statement_id = ?",
            (versions[0].value, sync, label, meeting, person, statement),
        )
        if updated.rowcount == 0:
            connection.execute(
                "INSERT INTO checkin (id, meeting, person, statement_id, rating, updated_at, sync) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (new_id(), meeting, person, statement, versions[0].value, label, sync),
            )
        connection.execute(
            "DELETE FROM conflict WHERE record_group = ? AND record_key = ?", (CHECKIN_GROUP, key)
        )
        for other in versions[1:]:
            connection.execute(
                "INSERT INTO conflict (record_group, record_key, field, value, replica, counter) "
                "VALUES (?, ?, 'rating', ?, ?, ?)",
                (CHECKIN_GROUP, key, json.dumps(other.value), other.dot.replica, other.dot.counter),
            )


def withdraw(connection: Any, person: str) -> None:
    """Take one person's ratings out of the clear (they stopped sharing): no tombstones,
    since the seal still holds every rating; the other laptop drops its copies of these
    rows when it learns the person no longer shares."""
    connection.execute(
        "DELETE FROM conflict WHERE record_group = ? AND record_key IN "
        "(SELECT meeting || '|' || person || '|' || statement_id FROM checkin WHERE person = ?)",
        (CHECKIN_GROUP, person),
    )
    connection.execute("DELETE FROM checkin WHERE person = ?", (person,))
