"""Exchange bundles: what one laptop sends the other, and taking one in.

A bundle holds this laptop's whole state (so a lost bundle costs nothing: the next one
carries everything), sealed under a key only this pair's laptops can derive. Its header,
inside the seal, says which pair and which laptop made it, its number in that laptop's
sequence, the schema it was written with, and every write that laptop had seen. Taking one
in refuses another pair's bundle, this laptop's own, one older than a bundle already taken
in from the same laptop, and one from a newer rmpair; the same bundle twice changes nothing.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from dataclasses import dataclass
from functools import partial
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rmpair.core.database import SCHEMA_VERSION, Database
from rmpair.core.errors import RmpairError, UsageError
from rmpair.core.record_versions import (
    MAX_COUNTER,
    RowVersions,
    VersionsDamaged,
    check_versions,
    decode_seen,
    laptop_id,
    stored_counter,
    take_new_identity,
    vector_of,
)
from rmpair.core.sealed_checkins import open_ratings, seal_ratings
from rmpair.core.service import PairService
from rmpair.core.versions import compact, covers
from rmpair.exchange import envelope
from rmpair.exchange.importer import ImportPlan, Importer, plan_import

BUNDLE_MAGIC = b"RMPAIR\x00B"
BUNDLE_KEY_PURPOSE = "rmpair exchange bundle v1"


class BundleRefused(RmpairError):
    """A bundle that must not be taken in; the message says why and what to do."""

    def __init__(self, message: str, *, already_in: bool = False) -> None:
        super().__init__(message)
        self.already_in = already_in
        """Everything in it is here already: nothing is wrong, nothing to do."""


@dataclass(frozen=True)
class SentBundle:
    sequence: int
    partner: str
    new: int
    changed: int
    removed: int

    def line(self) -> str:
        return (
            f"Bundle {self.sequence} for {self.partner}: {self.new} new, {self.changed} changed, "
            f"{self.removed} removed."
        )


@dataclass
class IncomingBundle:
    """A bundle opened and checked, ready to preview or apply."""

    header: dict[str, Any]
    database: Database
    rolled_back: bool = False
    """This laptop's vault is older than the other laptop knows it to be (put back from a
    copy): it takes a new identity before taking the bundle in, so no change number is reused."""

    @property
    def sequence(self) -> int:
        return int(self.header["sequence"])

    def close(self) -> None:
        self.database.close()


# -- this laptop's exchange state ---------------------------------------------------------------


def seen_vector(connection: sqlite3.Connection) -> dict[str, int]:
    """Every write this laptop's vault holds or has replaced, by replica."""
    return compact(
        {replica: stored_counter(counter) for replica, counter in connection.execute("SELECT id, counter FROM replica")}
    )


def pair_id(connection: sqlite3.Connection) -> str:
    return str(connection.execute("SELECT id FROM pair").fetchone()[0])


def last_received(connection: sqlite3.Connection) -> tuple[str, int, dict[str, int]] | None:
    """The other laptop, the last bundle number taken in from it, and what it had seen."""
    row = connection.execute(
        "SELECT laptop, sequence, seen FROM bundle_received ORDER BY sequence DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    return str(row[0]), int(row[1]), decode_seen(row[2])


# -- export ---------------------------------------------------------------------------------------


def export_bundle(service: PairService, out_path: Path) -> SentBundle:
    """Write a bundle of this laptop's whole state to ``out_path`` (replacing a file there)."""
    partner = service.partner
    partner_name = partner.name if partner is not None else "your partner"

    def next_bundle(connection: sqlite3.Connection, _keys: Any) -> tuple[dict[str, Any], tuple[int, int, int]]:
        check_versions(connection)  # before the bundle takes a number: a refused one leaves no trace
        with connection:
            sequence = connection.execute("SELECT bundles_sent FROM laptop").fetchone()[0] + 1
            connection.execute("UPDATE laptop SET bundles_sent = ?", (sequence,))
        header = {
            "kind": "bundle",
            "pair": pair_id(connection),
            "laptop": laptop_id(connection),
            "sequence": sequence,
            "schema": SCHEMA_VERSION,
            "seen": seen_vector(connection),
            "made": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        received = last_received(connection)
        return header, _what_they_lack(connection, received[2] if received else {})

    header, (new, changed, removed) = service.exchange(next_bundle, write=True)
    data = envelope.seal(BUNDLE_MAGIC, service.pair_key(BUNDLE_KEY_PURPOSE), header, service.image())
    write_private_file(out_path, data)
    return SentBundle(header["sequence"], partner_name, new, changed, removed)


def _what_they_lack(connection: sqlite3.Connection, theirs: dict[str, int]) -> tuple[int, int, int]:
    """Records the other laptop has not seen since its last bundle: new, changed, removed."""
    new = changed = 0
    for table in ("entry", "sealed_entry", "action", "goal", "goal_score", "agenda_item", "checkin", "sealed_checkin", "meeting",
                  "person", "pair"):
        for (sync,) in connection.execute(f"SELECT sync FROM {table}"):
            versions = RowVersions.decode(sync)
            dots = _dots(versions.vector)
            if all(covers(theirs, dot) for dot in dots):
                continue
            # A sealed copy of ratings names no first write: it is new if they saw none of it.
            first_unseen = (
                not covers(theirs, versions.dots["*"]) if "*" in versions.dots else not any(covers(theirs, d) for d in dots)
            )
            if first_unseen and table not in ("meeting", "pair", "person"):
                new += 1
            else:
                changed += 1
    removed = sum(
        1
        for (seen,) in connection.execute("SELECT seen FROM tombstone")
        if not all(covers(theirs, dot) for dot in _dots(decode_seen(seen)))
    )
    return new, changed, removed


def _dots(vector: dict[str, int]) -> list:
    from rmpair.core.versions import Dot

    return [Dot(replica, counter) for replica, counter in vector.items()]


def write_private_file(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step, readable by its owner only."""
    path = path.expanduser()
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name inside it.")
    if not path.parent.is_dir():
        raise UsageError(f"The folder {path.parent} does not exist; nothing was written.")
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise RmpairError(f"Cannot write {path} ({error.strerror}); nothing was written.") from error


# -- import ----------------------------------------------------------------------------------------


def read_file(path: Path, what: str) -> bytes:
    path = path.expanduser()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder, not {what}.") from None
    except OSError as error:
        raise RmpairError(f"Cannot read {path} ({error.strerror}).") from None


def open_bundle(service: PairService, data: bytes) -> IncomingBundle:
    """The bundle's contents, after every check that it may be taken in here."""
    try:
        opened = envelope.open_(BUNDLE_MAGIC, service.pair_key(BUNDLE_KEY_PURPOSE), data)
        header = opened.header
        envelope.header_schema(header, SCHEMA_VERSION)
    except envelope.EnvelopeError as error:
        raise BundleRefused(_ENVELOPE_WORDS[error.reason]) from None
    # Stored as this laptop's record of the bundles taken in, so only what rmpair writes.
    sequence, laptop = header.get("sequence"), header.get("laptop")
    if header.get("kind") != "bundle" or type(laptop) is not str or type(sequence) is not int or not (
        0 <= sequence <= MAX_COUNTER
    ):
        raise BundleRefused(_ENVELOPE_WORDS[envelope.DAMAGED])
    try:
        vector_of(header.get("seen", {}))
    except VersionsDamaged:
        raise BundleRefused(_DAMAGED_VERSIONS) from None

    def check(connection: sqlite3.Connection, _keys: Any) -> tuple[str | None, bool, bool]:
        check_versions(connection)  # this laptop's own, before anything is merged into them
        if header.get("pair") != pair_id(connection):
            return ("This bundle is from another pair's vault, not from your partner's laptop; "
                    "nothing was changed.", False, False)
        if header.get("laptop") == laptop_id(connection):
            return ("This bundle was made on this laptop. Take it to the other laptop and import it "
                    "there; nothing was changed.", False, False)
        row = connection.execute(
            "SELECT sequence FROM bundle_received WHERE laptop = ?", (header.get("laptop"),)
        ).fetchone()
        if row is not None and header["sequence"] == row[0]:
            return ("This bundle was already imported; there is nothing new in it. Nothing was changed.", False, True)
        if row is not None and header["sequence"] < row[0]:
            return (f"This is bundle {header['sequence']}, older than bundle {row[0]} already imported "
                    "from the other laptop; everything in it is already here. Nothing was changed.", False, True)
        mine = seen_vector(connection)
        theirs = {str(r): int(c) for r, c in header.get("seen", {}).items()}
        active = {r for (r,) in connection.execute(
            "SELECT id FROM replica WHERE retired = 0 AND laptop = ?", (laptop_id(connection),))}
        return None, any(theirs.get(r, 0) > mine.get(r, 0) for r in active), False

    refusal, rolled_back, already_in = service.exchange(check, write=False)
    if refusal is not None:
        raise BundleRefused(refusal, already_in=already_in)
    try:
        database = Database.from_image(opened.image)
    except RmpairError:
        raise BundleRefused(_ENVELOPE_WORDS[envelope.DAMAGED]) from None
    try:
        check_versions(database.connection)
    except (VersionsDamaged, sqlite3.Error):
        database.close()
        raise BundleRefused(_DAMAGED_VERSIONS) from None
    return IncomingBundle(header, database, rolled_back)


_DAMAGED_VERSIONS = (
    "This bundle's record of which laptop made each change is damaged (written by a damaged or altered "
    "copy of rmpair on the other laptop); nothing was changed. On the other laptop, run 'rmpair check', "
    "restore a good backup, then export a new bundle."
)

_ENVELOPE_WORDS = {
    envelope.NOT_OURS: "This is not a bundle from your pair's other laptop (another pair's, or not a "
    "bundle at all); nothing was changed.",
    envelope.DAMAGED: "This bundle is damaged or incomplete (cut short or altered on the way); nothing "
    "was changed. Export a new one on the other laptop.",
    envelope.NEWER: "This bundle was made by a newer rmpair on the other laptop; update rmpair here, then "
    "import it again. Nothing was changed.",
}


def _importer(service: PairService, keys: Any) -> Importer:
    return Importer(
        role=service.role, open_mine=keys.open_mine, seal_mine=keys.seal_mine, seal_for=keys.seal_for,
        open_ratings=partial(open_ratings, keys.sealing_key), seal_ratings=partial(seal_ratings, keys.sealing_key),
    )


def preview_import(service: PairService, incoming: IncomingBundle) -> ImportPlan:
    """What taking the bundle in would change; nothing is written."""
    return service.exchange(
        lambda connection, keys: plan_import(connection, incoming.database.connection, _importer(service, keys)),
        write=False,
    )


def apply_import(service: PairService, incoming: IncomingBundle) -> ImportPlan:
    """Take the bundle in: one transaction, one atomic save."""

    def apply(connection: sqlite3.Connection, keys: Any) -> ImportPlan:
        if incoming.rolled_back:
            with connection:
                take_new_identity(connection)
        plan = plan_import(connection, incoming.database.connection, _importer(service, keys))
        plan.apply(connection)
        with connection:
            theirs = {str(r): int(c) for r, c in incoming.header.get("seen", {}).items()}
            for replica, counter in theirs.items():
                connection.execute(
                    "UPDATE replica SET counter = MAX(counter, ?) WHERE id = ? AND retired = 1", (counter, replica)
                )
            connection.execute(
                "INSERT OR REPLACE INTO bundle_received (laptop, sequence, seen) VALUES (?, ?, ?)",
                (incoming.header["laptop"], incoming.sequence, _json(theirs)),
            )
        return plan

    return service.exchange(apply, write=True)


def _json(value: Any) -> str:
    import json

    return json.dumps(value, separators=(",", ":"), sort_keys=True)


__all__ = [
    "BundleRefused",
    "IncomingBundle",
    "SentBundle",
    "apply_import",
    "export_bundle",
    "open_bundle",
    "preview_import",
    "read_file",
    "write_private_file",
]
