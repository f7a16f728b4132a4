"""The core of a session: opening upkeep, saving, and changes a failed save left in memory."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from sqlmodel import Session

from rmpair.core import crypto, held_changes
from rmpair.core.database import Database
from rmpair.core.entry_store import load_entries
from rmpair.core.errors import UsageError, VaultWriteFailed
from rmpair.core.held_changes import HeldChanges, PendingChanges
from rmpair.core.private_seal import is_padded, open_private, seal_private
from rmpair.core.pair_reader import PairReader
from rmpair.core.sealed_checkins import own_ratings, seal_ratings, withdraw, write_copies
from rmpair.core.models import (
    HIDDEN_TIME,
    Person,
)
from rmpair.core.vault import Vault
from rmpair.core.service.checks import (
    T,
    stored_moment,
    versioned_session,
)


class ServiceCore(PairReader):
    """One person's unlocked session: opening upkeep, saving after every change, and what
    a failed save leaves in memory. The parts of ``PairService`` build on it."""

    def __init__(self, vault: Vault, database: Database) -> None:
        super().__init__(vault, database)
        self.unsaved = False
        held_changes.track_changes(database.connection)
        self._held_files_put_back: list[HeldChanges] = []
        self._padding_checked = False
        if vault.writable:
            self._give_me_a_public_key()
            self._seal_my_clear_checkins()

    def _give_me_a_public_key(self) -> None:
        """A vault from before two laptops has no public keys: each person's is set the
        first time they open it to write (a merge may need to seal a private copy for them)."""
        row = self._db.connection.execute("SELECT public_key FROM person WHERE id = ?", (self._me_id,)).fetchone()
        if row is not None and row[0] is None:
            public_key = crypto.public_key_of(self._vault.personal_key)

            def update(session: Session) -> None:
                person = session.get(Person, self._me_id)
                person.public_key = public_key
                session.add(person)

            self._change(update)

    def _seal_my_clear_checkins(self) -> None:
        """Ratings an rmpair before sealed ratings wrote in the clear: this person's are sealed
        now (only they can), and their clear rows removed unless they share. The partner's
        wait for the partner's own unlock; until then they stay as they are."""
        role = self.role
        key = crypto.SealingKey(self._vault.personal_key)
        with self._lock:
            connection = self._db.connection
            mine, unsealed = own_ratings(connection, key, role)
            sharing = self.me.share_checkins
            has_clear = connection.execute("SELECT 1 FROM checkin WHERE person = ? LIMIT 1", (role,)).fetchone()
            if not unsealed and (sharing or has_clear is None):
                return
            with connection:
                for meeting in sorted(unsealed):
                    ratings = mine[meeting]
                    write_copies(connection, meeting, role, [(seal_ratings(key, meeting, role, ratings), ratings.vector)])
                if not sharing:
                    withdraw(connection, role)
            self._save()


    # -- saving ----------------------------------------------------------------------

    def _save(self) -> None:
        self.unsaved = True
        if not self._padding_checked:
            self._pad_own_sealed_entries()
        self._vault.save(self._db.image())
        held_changes.saved(self._db.connection)
        self.unsaved = False
        # Files a closed terminal left go only once what they held is on disk.
        for held in self._held_files_put_back:
            held_changes.remove_held_file(held)
        self._held_files_put_back.clear()

    def _pad_own_sealed_entries(self) -> None:
        """Re-seal, padded, under their own ids and with no clear time, this person's private
        entries that an rmpair before padding sealed to their exact length (or that a merge
        sealed for them another way). Only their author can: the partner's wait for the
        partner's own save. The payload, versions included, stays as it is. Once a session."""
        with self._lock:
            key = self._vault.personal_key
            sealing = crypto.SealingKey(key)
            rows = self._db.connection.execute("SELECT id, sealed, sealed_as, sealed_to FROM sealed_entry").fetchall()
            for entry_id, sealed, sealed_as, sealed_to in rows:
                # Told by its size and columns alone, so a save opens no entry already in order.
                if is_padded(sealed) and sealed_as is None and sealed_to is None:
                    continue
                payload = open_private(key, sealing, entry_id, sealed, sealed_as, sealed_to)
                if payload is None:
                    continue  # the partner's
                with self._db.connection as connection:
                    connection.execute(
                        "UPDATE sealed_entry SET sealed = ?, sealed_as = NULL, sealed_to = NULL, updated_at = ? "
                        "WHERE id = ?",
                        (seal_private(sealing, entry_id, payload), stored_moment(HIDDEN_TIME), entry_id),
                    )
            self._padding_checked = True

    def retry_save(self) -> None:
        with self._lock:
            if self.unsaved:
                self._save()

    # -- changes a failed save left in memory ----------------------------------------

    def unsaved_changes(self) -> PendingChanges | None:
        """What is in memory but not on disk, or None if nothing is."""
        with self._lock:
            if not self.unsaved:
                return None
            return held_changes.pending_changes(self._db.connection)

    def hold_unsaved(self) -> HeldChanges | None:
        """What is not on disk, sealed with this person's own key, to carry past a lock:
        only their passphrase or recovery code opens it again. None if nothing is unsaved."""
        with self._lock:
            changes = self.unsaved_changes()
            if changes is None:
                return None
            return held_changes.seal_changes(self._vault.personal_key, self._vault.person_id, changes)

    def open_held(self, held: HeldChanges) -> PendingChanges | None:
        """Held changes if this person made them; None if not (the partner's stay sealed)."""
        return held_changes.open_held(self._vault.personal_key, self._vault.person_id, held)

    def held_files(self) -> list[HeldChanges]:
        """Sealed changes a closed terminal left for this vault, whoever made them."""
        return held_changes.find_held_files(self.path)

    def describe_changes(self, changes: PendingChanges) -> list[str]:
        """The changes in plain lines; in review together, nothing private is named."""
        return held_changes.describe(changes, self._vault.personal_key, hide_private=self.review_mode)

    def put_back(self, held: HeldChanges) -> None:
        """Write held changes this person made back into the vault, and save.

        Raises ``VaultWriteFailed`` like any change when the save fails; the changes are
        then in memory, unsaved, as if just made (and a file they came from stays until a
        save succeeds)."""
        with self._lock:
            changes = self.open_held(held)
            if changes is None:
                raise UsageError("These changes were made by someone else; only they can put them back.")
            self._require_writable()
            try:
                held_changes.apply_changes(self._db.connection, changes)
            except sqlite3.Error as error:
                raise UsageError(
                    f"These changes no longer fit this vault ({type(error).__name__}); they are "
                    "still kept. Run 'rmpair check', and tell whoever looks after rmpair."
                ) from error
            self._read_entries_again()
            if held.file is not None:
                self._held_files_put_back.append(held)
            self._save()

    def _read_entries_again(self) -> None:
        """Decode the entries afresh after a change written to whole tables (changes put
        back, a merge, a settled conflict), which ``_remember_entry`` cannot follow."""
        self._loaded_entries = load_entries(self._db.connection, self._vault.personal_key, self.stored_problems)

    def discard_held(self, held: HeldChanges) -> None:
        """Drop held changes for good, on this person's deliberate say-so."""
        if self.open_held(held) is None:
            raise UsageError("These changes were made by someone else; only they can discard them.")
        held_changes.remove_held_file(held)

    def _save_or_undo(self, undo: Callable[[], None], what_failed: str) -> None:
        """Save a change that must not outlive a failed save, and undo it if the save fails:
        a partner's person row carried past a lock without their key slots (which
        ``hold_unsaved`` does not carry) would be a partner who can never unlock."""
        try:
            self._save()
        except VaultWriteFailed as error:
            undo()
            if held_changes.pending_changes(self._db.connection) is None:
                self.unsaved = False  # memory matches the disk again
            cause = error.__cause__
            reason = cause.strerror if isinstance(cause, OSError) and cause.strerror else "it could not be written"
            raise VaultWriteFailed(
                f"{what_failed}: the vault could not be saved ({reason.lower()}). Nothing was "
                "changed; try again once it can be saved."
            ) from error

    def _change(
        self,
        work: Callable[[Session], T],
        *,
        shared: bool = False,
        after_commit: Callable[[], None] | None = None,
    ) -> T:
        """Run one change in a transaction, then save the vault.

        ``shared``: the change is to something both people see (a shared entry, an action,
        a goal's score, an agenda tick), so review-together mode allows it.
        ``after_commit`` updates in-memory state only once the database holds the change,
        so a failed transaction cannot leave a phantom behind; a failed *save* keeps it,
        because the change is then in the database and a retry will write it.
        """
        with self._lock:
            self._require_writable(shared)
            with self._session() as session:
                result = work(session)
                session.commit()
            if after_commit is not None:
                after_commit()
            self._save()
            return result

    def _session(self) -> Session:
        """A session whose every write carries versions, written by this person here."""
        return versioned_session(self._db, self.role)

    def _require_writable(self, shared: bool = False) -> None:
        if self.review_mode and not shared:
            raise UsageError("Nothing can be changed in review-together mode, except what is shared.")

    @property
    def writable(self) -> bool:
        return self._vault.writable
