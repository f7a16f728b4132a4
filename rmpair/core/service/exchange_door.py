"""What ``rmpair.exchange`` drives: merging a bundle in, settling conflicts, the pair's keys."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from typing import Any


from rmpair.core import crypto
from rmpair.core.errors import UsageError
from rmpair.core.private_seal import PrivateKeys, open_private, seal_private
from rmpair.core.record_versions import ENTRY_GROUP, RowVersions, next_dot, replica_of, settle_fields
from rmpair.core.sealed_checkins import CHECKIN_GROUP
from rmpair.core.versions import with_dot
from rmpair.core.service.checks import (
    T,
)
from rmpair.core.service.core import ServiceCore


class ExchangeDoor(ServiceCore):
    """What ``rmpair.exchange`` drives: merging a bundle in, settling conflicts, the pair's keys."""

    def exchange(self, work: Callable[[sqlite3.Connection, PrivateKeys], T], *, write: bool) -> T:
        """Run ``work`` on the vault's database with this person's private keys, under the
        session's lock. With ``write``, what it changed is then taken in (the entries read
        again) and saved, as one atomic save. Only the exchange layer calls this: it reads
        and writes whole tables, which nothing else here does."""
        with self._lock:
            if write:
                self._require_writable()
            connection = self._db.connection
            public_keys = {role: key for role, key in connection.execute("SELECT role, public_key FROM person")}
            result = work(connection, PrivateKeys(self._vault.personal_key, public_keys))
            if write:
                self._read_entries_again()
                self._save()
            return result

    def settle_conflict(self, group: str, key: str, values: Mapping[str, Any]) -> None:
        """Keep these values of a record's fields in conflict (raw, as the database holds
        them): an ordinary write, which travels with the next bundle."""
        if group == CHECKIN_GROUP:
            self._settle_rating(key, values)
            return
        with self._lock:
            self._require_writable(shared=True)
            connection = self._db.connection
            if group == ENTRY_GROUP and key in self._entries and self._entries[key].private:
                self._settle_private(key, values)
                return
            with connection:
                dot = next_dot(connection, replica_of(connection, self.role))
                settle_fields(connection, group, key, values, dot)
            if group == ENTRY_GROUP:
                self._read_entries_again()
            self._save()

    def _settle_rating(self, key: str, values: Mapping[str, Any]) -> None:
        """Keep one of concurrent ratings: the rater rates again, having seen them all."""
        meeting, person, statement = key.split("|", 2)
        if person != self.role:
            raise UsageError(f"A check-in rating is its rater's to settle: only the {person} can keep one.")
        self.record_checkin(int(meeting), {statement: int(values["rating"])})

    def _settle_private(self, entry_id: str, values: Mapping[str, Any]) -> None:
        """The same for one of this person's private entries, whose versions are sealed."""
        connection = self._db.connection
        key = self._vault.personal_key
        sealed, sealed_as, sealed_to, sync = connection.execute(
            "SELECT sealed, sealed_as, sealed_to, sync FROM sealed_entry WHERE id = ?", (entry_id,)
        ).fetchone()
        payload = open_private(key, crypto.SealingKey(key), entry_id, sealed, sealed_as, sealed_to)
        if payload is None:
            raise UsageError("That entry is not yours to change.")
        with connection:
            dot = next_dot(connection, replica_of(connection, self.role))
            payload.update(values)
            payload.setdefault("_v", {}).update({name: list(dot) for name in values})
            for name in values:
                payload.get("_c", {}).pop(name, None)
            if not payload.get("_c"):
                payload.pop("_c", None)
            outer = RowVersions.decode(sync)
            outer = RowVersions(with_dot(outer.vector, dot), outer.dots)
            connection.execute(
                "UPDATE sealed_entry SET sealed = ?, sync = ?, sealed_as = NULL, sealed_to = NULL WHERE id = ?",
                (seal_private(key, entry_id, payload), outer.encode(), entry_id),
            )
        self._read_entries_again()
        self._save()

    def pair_key(self, purpose: str) -> bytes:
        """A key for one purpose that only this pair's laptops can derive (bundles)."""
        return self._vault.pair_key(purpose)

    def key_slots(self) -> bytes:
        """The vault's key slots as the file holds them (each sealed under a passphrase or
        recovery code), for a pairing invite."""
        return self._vault.header.to_bytes()

    def image(self) -> bytes:
        """The whole database, for a bundle or an invite (both sealed before they leave)."""
        with self._lock:
            return self._db.image()
