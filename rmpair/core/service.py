"""The one door to a pair's vault, for the CLI and the TUI alike.

A ``PairService`` is one person's unlocked view of the vault. It decides what that person
may see (their own private entries and everything shared; in review-together mode only
what is shared), and it saves after every change. A save that fails leaves the change in
memory and raises a ``VaultWriteFailed`` the caller shows; ``retry_save`` tries again.
If it never succeeds, ``hold_unsaved`` seals what is not on disk for the next unlock
(``rmpair.core.held_changes``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import literal_column
from sqlmodel import Session, select

from rmpair.core import crypto, held_changes
from rmpair.core.crypto import KdfParams
from rmpair.core.database import Database
from rmpair.core.entry_reader import open_database
from rmpair.core.entry_store import load_entries, private_payload
from rmpair.core.errors import RmpairError, UsageError, VaultWriteFailed
from rmpair.core.held_changes import HeldChanges, PendingChanges
from rmpair.core.private_seal import PrivateKeys, is_padded, open_private, seal_private
from rmpair.core.pair_reader import PairReader, check_meeting
from rmpair.core.record_versions import ENTRY_GROUP, RowVersions, attach, next_dot, replica_of, settle_fields, stamp
from rmpair.core.sealed_checkins import CHECKIN_GROUP, NO_RATINGS, SealedRatings, own_ratings, publish, seal_ratings, withdraw, write_copies
from rmpair.core.versions import with_dot
from rmpair.core.models import (
    ENTRY_KINDS,
    HIDDEN_TIME,
    MEETING_COUNT,
    RACE_TAGS,
    ROLES,
    Action,
    AgendaItem,
    Checkin,
    Entry,
    Goal,
    GoalScore,
    Meeting,
    Pair,
    Person,
    SealedEntry,
    new_id,
    now,
)
from rmpair.core.vault import Vault
from rmpair.core.vocabulary import GOAL_SCORE_FIELDS, GOAL_SCORE_POINTS, NAME_REFUSES
from rmpair.core.views import (
    ActionView,
    AgendaItemView,
    EntryView,
    GoalView,
    MeetingView,
)

T = TypeVar("T")

# Entries whose first draft is usually not for the partner's eyes.
PRIVATE_BY_DEFAULT = frozenset({"talking-point", "reflection", "observation"})

AgendaTemplates = Mapping[int, Sequence[tuple[str, int | None]]]


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UsageError(f"'{role}' is not a role; use mentor or mentee.")
    return role


def check_kind(kind: str) -> str:
    if kind not in ENTRY_KINDS:
        raise UsageError(f"'{kind}' is not a kind of entry; use one of {', '.join(ENTRY_KINDS)}.")
    return kind


def check_race_tags(tags: Iterable[str], known: Iterable[str] = RACE_TAGS) -> tuple[str, ...]:
    known_set = list(known)
    cleaned = []
    for tag in tags:
        tag = tag.strip().lower()
        if not tag:
            continue
        if tag not in known_set:
            raise UsageError(f"'{tag}' is not a RACE category; use {', '.join(known_set)}.")
        if tag not in cleaned:
            cleaned.append(tag)
    return tuple(cleaned)


def check_rating(rating: int) -> int:
    if not 1 <= rating <= 5:
        raise UsageError(f"A rating is 1 to 5, not {rating}.")
    return rating


class PairService(PairReader):
    """One person's unlocked session on a vault: every change, and saving after it
    (``unlock``, ``close`` and every read come from ``PairReader``)."""

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

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        *,
        role: str,
        name: str,
        passphrase: str,
        programme_start: date | None = None,
        cadence_weeks: int = 4,
        kdf: KdfParams | None = None,
        agendas: AgendaTemplates | None = None,
    ) -> tuple[PairService, str]:
        """A new vault with its first person; returns the session and their recovery code.

        ``agendas`` are each meeting's starting agenda as (text, minutes) pairs, from the
        programme's content pack (``ContentPack.agenda_templates``); without them the
        meetings start with empty agendas. The core never reads the content itself."""
        check_role(role)
        name = _check_name(name)
        _check_passphrase(passphrase)
        if not 1 <= cadence_weeks <= 26:
            raise UsageError("Meet every 1 to 26 weeks; the cadence is in weeks.")
        start = programme_start or date.today()
        templates = agendas or {}
        database = Database.new()
        person = Person(role=role, name=name)
        with versioned_session(database, role) as session:
            session.add(Pair(programme_start=start, cadence_weeks=cadence_weeks))
            session.add(person)
            for number in range(1, MEETING_COUNT + 1):
                planned = start + timedelta(weeks=cadence_weeks * (number - 1))
                session.add(Meeting(number=number, planned_date=planned))
                for position, (text, minutes) in enumerate(templates.get(number, ())):
                    session.add(
                        AgendaItem(meeting_number=number, position=position, text=text, minutes=minutes)
                    )
            session.commit()
            person_id = person.id
        vault, recovery_code = Vault.create(path, person_id, passphrase, kdf)
        database.connection.execute(
            "UPDATE person SET public_key = ? WHERE id = ?", (crypto.public_key_of(vault.personal_key), person_id)
        )
        database.connection.commit()
        try:
            vault.save(database.image())
        except BaseException:
            vault.close()
            raise
        return cls(vault, database), recovery_code

    @classmethod
    def adopt(
        cls,
        path: Path,
        header_bytes: bytes,
        image: bytes,
        passphrase: str,
        prepare: Callable[[sqlite3.Connection], None],
    ) -> PairService:
        """This laptop's own vault made from another laptop's (a pairing invite): its key
        slots and database, ``prepare`` giving it its own identity before the first save."""
        vault = Vault.adopt(path, header_bytes, passphrase)
        try:
            database = Database.from_image(image)
            prepare(database.connection)
            vault.save(database.image())
        except BaseException:
            vault.close()
            raise
        return cls._from_open_vault(vault, database)

    @classmethod
    def restore_backup(cls, path: Path, generation: int, passphrase: str) -> Path | None:
        """Put a backup back as the vault (``rmpair.core.vault.restore_backup``), then give
        the vault a new identity: the change numbers it had used since that backup may already
        be on the other laptop, where they stand for other writes. Returns the kept file."""
        from rmpair.core.record_versions import take_new_identity
        from rmpair.core.vault import restore_backup

        kept = restore_backup(path, generation, passphrase)
        service = cls.unlock(path, passphrase)
        try:
            with service._lock:
                with service._db.connection as connection:
                    take_new_identity(connection)
                service._save()
        finally:
            service.close()
        return kept

    @classmethod
    def recover(cls, path: Path, recovery_code: str, new_passphrase: str) -> PairService:
        _check_passphrase(new_passphrase)
        vault, image = Vault.open_with_recovery_code(path, recovery_code)
        database = open_database(vault, image)
        del image
        service = cls._from_open_vault(vault, database)
        try:
            service.change_passphrase(new_passphrase)
        except BaseException:
            service.close()
            raise
        return service

    # -- saving -------------------------------------------------------------------------------

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
                        (seal_private(sealing, entry_id, payload), _stored(HIDDEN_TIME), entry_id),
                    )
            self._padding_checked = True

    def retry_save(self) -> None:
        with self._lock:
            if self.unsaved:
                self._save()

    # -- changes a failed save left in memory -------------------------------------------------

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
        return held_changes.describe(changes, self._vault.personal_key)

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
            self._loaded_entries = load_entries(self._db.connection, self._vault.personal_key, self.stored_problems)
            if held.file is not None:
                self._held_files_put_back.append(held)
            self._save()

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

    # -- people -------------------------------------------------------------------------------

    def join(self, *, role: str, name: str, passphrase: str, kdf: KdfParams | None = None) -> str:
        """Add the partner; returns their recovery code."""
        check_role(role)
        name = _check_name(name)
        _check_passphrase(passphrase)
        with self._lock:
            if self.partner is not None:
                raise UsageError("This vault already has both people; a pair is two.")
            if role == self.role:
                raise UsageError(f"This vault already has a {role}; the partner joins as the other role.")
            personal_key = crypto.random_key()
            person = Person(role=role, name=name, public_key=crypto.public_key_of(personal_key))
            # The key slots first: the vault refuses a passphrase already in use here, and
            # then no person without a way in may reach the database.
            slots_before = list(self._vault.header.slots)
            # The partner's row stamps this laptop's version counter too; a failed save
            # undoes both, so nothing is left pending.
            tables_before = held_changes.remember_tables(self._db.connection, ("person", "replica"))
            code = self._vault.add_person(person.id, passphrase, kdf, personal_key)
            try:
                with self._session() as session:
                    session.add(person)
                    session.commit()
            except BaseException:
                self._vault.header.slots = slots_before
                raise

            def undo() -> None:
                self._vault.header.slots = slots_before
                held_changes.put_tables_back(self._db.connection, tables_before)

            self._save_or_undo(undo, "Your partner was not added")
            return code

    def change_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        """Set this person's new passphrase; the old one then opens nothing here, the
        backups included."""
        _check_passphrase(new_passphrase)
        with self._lock:
            self._vault.change_passphrase(new_passphrase, kdf)
            self._save()
            outdated = self._vault.outdated_generations
        if outdated:
            raise RmpairError(
                f"Your new passphrase is set, but {', '.join(outdated)} could not be updated, so "
                "the old passphrase still opens it; rmpair tries again each time the vault "
                "is opened to write."
            )

    def set_share_checkins(self, share: bool) -> None:
        """Share this person's check-in ratings with their partner, or stop: sharing shows
        every rating so far in the clear (as the seal holds it); stopping takes them out."""
        role = self.role
        key = crypto.SealingKey(self._vault.personal_key)

        def update(session: Session) -> None:
            person = session.get(Person, self._me_id)
            if bool(person.share_checkins) == share:
                return
            person.share_checkins = share
            person.updated_at = now()
            session.add(person)
            connection = _raw_connection(session)
            if share:
                label = _stored(now())
                for meeting, ratings in own_ratings(connection, key, role)[0].items():
                    publish(connection, meeting, role, ratings, label, new_id)
            else:
                withdraw(connection, role)

        self._change(update)

    def set_name(self, name: str) -> None:
        name = _check_name(name)

        def update(session: Session) -> None:
            person = session.get(Person, self._me_id)
            person.name = name
            person.updated_at = now()
            session.add(person)

        self._change(update)

    # -- meetings and agendas --------------------------------------------------------------

    def set_meeting_date(self, number: int, planned: date) -> MeetingView:
        check_meeting(number)

        def update(session: Session) -> None:
            meeting = _meeting_row(session, number)
            meeting.planned_date = planned
            meeting.updated_at = now()
            session.add(meeting)

        self._change(update)
        return self.meeting(number)

    def mark_held(self, number: int, held_on: date | None = None) -> MeetingView:
        check_meeting(number)

        def update(session: Session) -> None:
            meeting = _meeting_row(session, number)
            meeting.status = "held"
            meeting.held_date = held_on or date.today()
            meeting.updated_at = now()
            session.add(meeting)

        self._change(update)
        return self.meeting(number)

    def mark_planned(self, number: int) -> MeetingView:
        check_meeting(number)

        def update(session: Session) -> None:
            meeting = _meeting_row(session, number)
            meeting.status = "planned"
            meeting.held_date = None
            meeting.updated_at = now()
            session.add(meeting)

        self._change(update)
        return self.meeting(number)

    def add_agenda_item(self, number: int, text: str, minutes: int | None = None) -> AgendaItemView:
        check_meeting(number)
        text = _check_text(text, "An agenda item")

        def add(session: Session) -> AgendaItem:
            last = session.exec(
                select(AgendaItem).where(AgendaItem.meeting_number == number).order_by(AgendaItem.position.desc())
            ).first()
            item = AgendaItem(
                meeting_number=number, position=(last.position + 1) if last else 0, text=text, minutes=minutes
            )
            session.add(item)
            return item

        return _agenda_view(self._change(add))

    def set_agenda_item_done(self, item_id: str, done: bool = True) -> AgendaItemView:
        def update(session: Session) -> AgendaItem:
            item = _agenda_row(session, item_id)
            item.done = done
            item.updated_at = now()
            session.add(item)
            return item

        return _agenda_view(self._change(update, shared=True))

    def edit_agenda_item(self, item_id: str, text: str, minutes: int | None = None) -> AgendaItemView:
        text = _check_text(text, "An agenda item")

        def update(session: Session) -> AgendaItem:
            item = _agenda_row(session, item_id)
            item.text, item.minutes, item.updated_at = text, minutes, now()
            session.add(item)
            return item

        return _agenda_view(self._change(update))

    def remove_agenda_item(self, item_id: str) -> None:
        def remove(session: Session) -> None:
            item = _agenda_row(session, item_id)
            session.delete(item)

        self._change(remove)

    # -- entries (reading them: EntryReader) ------------------------------------------------

    def add_entry(
        self,
        *,
        kind: str,
        body: str,
        title: str = "",
        meeting: int | None = None,
        race_tags: Iterable[str] = (),
        private: bool | None = None,
        template_id: str | None = None,
        goal_id: str | None = None,
        on_agenda: bool = False,
    ) -> EntryView:
        check_kind(kind)
        check_meeting(meeting)
        _check_unicode(title, "The title")
        _check_unicode(body, "The text")
        tags = check_race_tags(race_tags, self.known_race_tags)
        goal_id = self._check_goal_link(goal_id)
        if private is None:
            private = kind in PRIVATE_BY_DEFAULT
        if self.review_mode and private:
            raise UsageError("In review-together mode only shared entries can be written.")
        stamp = now()
        view = EntryView(
            id=new_id(),
            kind=kind,
            author=self.role,
            private=private,
            meeting=meeting,
            race_tags=tags,
            title=title.strip(),
            body=body,
            template_id=template_id,
            on_agenda=on_agenda,
            goal_id=goal_id,
            created_at=stamp,
            updated_at=stamp,
        )
        try:
            self._write_entry(view, previous=None)
        except VaultWriteFailed as error:
            # The entry exists in memory and will be saved by a retry: tell the caller
            # which one, so a second attempt updates it instead of writing a copy.
            error.entry = view
            raise
        return view

    def update_entry(self, ref: str, **changes: Any) -> EntryView:
        """Change fields of one of this person's entries (title, body, meeting, race_tags,
        private, kind, goal_id, on_agenda). Shared entries either person may edit."""
        with self._lock:
            current = self.entry(ref)
            if current.private and current.author != self.role:
                raise UsageError("That entry is not yours to change.")
            allowed = {"title", "body", "meeting", "race_tags", "private", "kind", "goal_id", "on_agenda", "template_id"}
            unknown = set(changes) - allowed
            if unknown:
                raise UsageError(f"An entry has no field {', '.join(sorted(unknown))}.")
            if "kind" in changes:
                check_kind(changes["kind"])
            if "meeting" in changes:
                check_meeting(changes["meeting"])
            if "race_tags" in changes:
                changes["race_tags"] = check_race_tags(changes["race_tags"], self.known_race_tags)
            if "goal_id" in changes:
                changes["goal_id"] = self._check_goal_link(changes["goal_id"])
            if "title" in changes:
                changes["title"] = _check_unicode(changes["title"], "The title").strip()
            if "body" in changes:
                _check_unicode(changes["body"], "The text")
            if changes.get("private") and current.author != self.role:
                raise UsageError("Only its author can make a shared entry private again.")
            if self.review_mode and changes.get("private", current.private):
                raise UsageError("In review-together mode only shared entries can be changed.")
            updated = _replace(current, updated_at=now(), **changes)
            if updated == _replace(current, updated_at=updated.updated_at):
                return current
            self._write_entry(updated, previous=current)
            return updated

    def share_entry(self, ref: str) -> EntryView:
        return self.update_entry(ref, private=False)

    def move_to_agenda(self, ref: str, meeting: int | None = None) -> EntryView:
        """Put a talking point on a meeting's agenda. That shares it: the agenda is the pair's."""
        with self._lock:
            entry = self.entry(ref)
            target = meeting or entry.meeting or (self.next_meeting().number if self.next_meeting() else MEETING_COUNT)
            updated = self.update_entry(entry.id, private=False, on_agenda=True, meeting=target)
            self.add_agenda_item(target, updated.display_title)
            return updated

    def delete_entry(self, ref: str) -> None:
        with self._lock:
            current = self.entry(ref)
            if current.private and current.author != self.role:
                raise UsageError("That entry is not yours to delete.")

            def remove(session: Session) -> None:
                row = session.get(SealedEntry if current.private else Entry, current.id)
                if row is not None:
                    session.delete(row)

            self._change(remove, after_commit=lambda: self._remember_entry(current.id, None))

    def _write_entry(self, view: EntryView, previous: EntryView | None) -> None:
        key = self._vault.personal_key

        def write(session: Session) -> None:
            # A record changing form (shared <-> private) keeps its versions: the new row
            # is added before the old one goes, so the change is not taken for a removal.
            old_form = None
            if previous is not None and previous.private != view.private:
                old_form = session.get(SealedEntry if previous.private else Entry, previous.id)
            if view.private:
                row = session.get(SealedEntry, view.id)
                dot = stamp(session).dot()
                versions: dict[str, Any] = {"_v": {"*": list(dot)}}
                if row is not None and previous is not None:
                    outer = RowVersions.decode(row.sync)
                    outer = RowVersions(with_dot(outer.vector, dot), outer.dots)
                    before, after = private_payload(previous), private_payload(view)
                    changed = [name for name in after if name != "updated_at" and after[name] != before[name]]
                    versions = self._sealed_versions(row)
                    versions["_v"].update({name: list(dot) for name in changed})
                    for name in changed:  # a write to a field in conflict settles it
                        versions.get("_c", {}).pop(name, None)
                    if not versions.get("_c"):
                        versions.pop("_c", None)
                elif old_form is not None:
                    outer = RowVersions.decode(old_form.sync).rewritten(dot)
                else:
                    outer = RowVersions.fresh(dot)
                sealed = seal_private(key, view.id, private_payload(view) | versions)
                row = row or SealedEntry(id=view.id, sealed=sealed)
                # No clear time: it would say when its author wrote; the real times are sealed inside.
                row.sealed, row.updated_at, row.sync = sealed, HIDDEN_TIME, outer.encode()
                row.sealed_as = row.sealed_to = None  # sealed afresh, by its author, under its own id
            else:
                row = session.get(Entry, view.id)
                if row is None:
                    row = Entry(id=view.id, kind=view.kind, author=view.author)
                    if old_form is not None:
                        row.sync = old_form.sync
                row.kind = view.kind
                row.author = view.author
                row.meeting = view.meeting
                row.race_tags = ",".join(view.race_tags)
                row.title = view.title
                row.body = view.body
                row.template_id = view.template_id
                row.on_agenda = view.on_agenda
                row.goal_id = view.goal_id
                row.created_at = view.created_at
                row.updated_at = view.updated_at
            session.add(row)
            if old_form is not None:
                session.delete(old_form)

        def remember() -> None:
            # A write to a field in conflict settles it: whether any conflict is left is
            # read back, not guessed.
            still = view.conflicted and self._still_conflicted(view)
            self._remember_entry(view.id, _replace(view, conflicted=still) if still != view.conflicted else view)

        # add_entry and update_entry refuse private writes in review mode before this.
        self._change(write, shared=not view.private, after_commit=remember)

    def _remember_entry(self, entry_id: str, view: EntryView | None) -> None:
        """Keep the decoded entries in step with a write (None: removed). Not yet decoded,
        they will be read with the write in them."""
        if self._loaded_entries is None:
            return
        if view is None:
            self._loaded_entries.pop(entry_id, None)
        else:
            self._loaded_entries[entry_id] = view

    def _still_conflicted(self, view: EntryView) -> bool:
        connection = self._db.connection
        if not view.private:
            found = connection.execute(
                "SELECT 1 FROM conflict WHERE record_group = 'entry' AND record_key = ? LIMIT 1", (view.id,)
            ).fetchone()
            return found is not None
        row = connection.execute(
            "SELECT sealed, sealed_as, sealed_to FROM sealed_entry WHERE id = ?", (view.id,)
        ).fetchone()
        key = self._vault.personal_key
        payload = open_private(key, crypto.SealingKey(key), view.id, *row) if row else None
        return bool(payload and payload.get("_c"))

    def _sealed_versions(self, row: SealedEntry) -> dict[str, Any]:
        """The versions kept inside one of this person's private entries: the dot of the
        write that last set each field (``_v``) and concurrent versions (``_c``)."""
        key = self._vault.personal_key
        payload = open_private(key, crypto.SealingKey(key), row.id, row.sealed, row.sealed_as, row.sealed_to) or {}
        return {"_v": dict(payload.get("_v", {})), **({"_c": dict(payload["_c"])} if payload.get("_c") else {})}

    # -- actions ----------------------------------------------------------------------------------

    def add_action(self, text: str, *, owner: str | None = None, due_meeting: int | None = None) -> ActionView:
        text = _check_text(text, "An action")
        owner = check_role(owner) if owner else self.role
        check_meeting(due_meeting)
        action = Action(owner=owner, text=text, due_meeting=due_meeting)
        self._change(lambda session: session.add(action), shared=True)
        return _action_view(action)

    def set_action_done(self, ref: str, done: bool = True) -> ActionView:
        action_id = self.action(ref).id

        def update(session: Session) -> Action:
            row = session.get(Action, action_id)
            row.done = done
            row.done_at = now() if done else None
            row.updated_at = now()
            session.add(row)
            return row

        return _action_view(self._change(update, shared=True))

    def carry_forward(self, ref: str, to_meeting: int) -> ActionView:
        """An action not done by its meeting moves to a later one, remembering where it was due."""
        check_meeting(to_meeting)
        action_id = self.action(ref).id

        def update(session: Session) -> Action:
            row = session.get(Action, action_id)
            if row.due_meeting is not None and to_meeting <= row.due_meeting:
                raise UsageError("Carry an action forward to a later meeting than the one it was due at.")
            row.carried_from = row.due_meeting
            row.due_meeting = to_meeting
            row.updated_at = now()
            session.add(row)
            return row

        return _action_view(self._change(update, shared=True))

    # -- check-ins ----------------------------------------------------------------------------------

    def record_checkin(self, meeting: int, ratings: Mapping[str, int]) -> None:
        """This person's ratings of the check-in statements after one meeting: sealed with
        their personal key, and shown in the clear too while they share them."""
        check_meeting(meeting)
        for rating in ratings.values():
            check_rating(rating)
        role = self.role
        key = crypto.SealingKey(self._vault.personal_key)
        sharing = self.me.share_checkins

        def write(session: Session) -> None:
            connection = _raw_connection(session)
            current: SealedRatings = own_ratings(connection, key, role)[0].get(meeting, NO_RATINGS)
            updated = current.rated(ratings, stamp(session).dot)
            if updated is None:
                return
            write_copies(connection, meeting, role, [(seal_ratings(key, meeting, role, updated), updated.vector)])
            if sharing:
                publish(connection, meeting, role, updated, _stored(now()), new_id)

        self._change(write)

    # -- goals --------------------------------------------------------------------------------------

    def _check_goal_link(self, goal_ref: str | None) -> str | None:
        """The full id of the goal an entry is linked to as evidence (None: no goal)."""
        if goal_ref is None or not goal_ref.strip():
            return None
        return self.goal(goal_ref).id

    # Goals are the pair's, set and scored together: either person may change them, and
    # review-together mode allows it, since nothing about them is private.

    def add_goal(
        self,
        text: str,
        baseline_score: int | None = None,
        *,
        owner: str = "mentee",
        looks_like: Sequence[str] | None = None,
    ) -> GoalView:
        """A goal of the mentee's (the programme's first purpose) or the mentor's, with what
        1 to 5 look like; ``baseline_score`` is this person's own score now."""
        text = _check_text(text, "A goal")
        check_role(owner)
        levels = _check_levels(looks_like)
        if baseline_score is not None:
            check_rating(baseline_score)
        goal = Goal(text=text, owner=owner, looks_like=levels)
        role = self.role

        def add(session: Session) -> None:
            session.add(goal)
            if baseline_score is not None:
                session.add(GoalScore(goal_id=goal.id, person=role, point="start", score=baseline_score))

        self._change(add, shared=True)
        # No entry can be evidence for a goal made just now, so none is decoded to say so.
        return next(view for view in self._goal_views({}) if view.id == goal.id)

    def update_goal(self, goal_id: str, text: str) -> GoalView:
        text = _check_text(text, "A goal")
        return self._change_goal(goal_id, text=text)

    def describe_goal_levels(self, goal_id: str, looks_like: Sequence[str]) -> GoalView:
        """Write (or rewrite) what 1 to 5 look like for a goal: five texts, "" for any left out."""
        return self._change_goal(goal_id, looks_like=_check_levels(looks_like))

    def score_goal(self, goal_id: str, score: int | None, point: str = "end") -> GoalView:
        """This person's own score of a goal, 1-5, at one of GOAL_SCORE_POINTS (None clears
        it). Their partner sees it only once they have scored that point too."""
        if point not in GOAL_SCORE_POINTS:
            raise UsageError(f"A goal is scored at {', '.join(GOAL_SCORE_POINTS)}, not {point}.")
        if score is not None:
            check_rating(score)
        goal_id = self.goal(goal_id).id
        role = self.role

        def write(session: Session) -> None:
            if session.get(Goal, goal_id) is None:
                raise UsageError("That goal no longer exists.")
            row = session.get(GoalScore, (goal_id, role, point))
            if row is None:
                if score is None:
                    return
                row = GoalScore(goal_id=goal_id, person=role, point=point)
            row.score, row.updated_at = score, now()
            session.add(row)

        self._change(write, shared=True)
        return self.goal(goal_id)

    def _change_goal(self, goal_id: str, **values: Any) -> GoalView:
        goal_id = self.goal(goal_id).id

        def update(session: Session) -> None:
            goal = session.get(Goal, goal_id)
            if goal is None:
                raise UsageError("That goal no longer exists.")
            for name, value in values.items():
                setattr(goal, name, value)
            goal.updated_at = now()
            session.add(goal)

        self._change(update, shared=True)
        return self.goal(goal_id)

    def delete_goal(self, goal_id: str) -> None:
        """Remove a goal. Entries linked to it stay, no longer linked: a private entry of the
        partner's cannot be opened here, so every reader ignores links to a removed goal."""
        goal_id = self.goal(goal_id).id

        def delete(session: Session) -> None:
            goal = session.get(Goal, goal_id)
            if goal is None:
                raise UsageError("That goal no longer exists.")
            session.delete(goal)
            for score in session.exec(select(GoalScore).where(GoalScore.goal_id == goal_id)):
                session.delete(score)

        self._change(delete, shared=True)
        for entry in self.entries(goal_id=goal_id):
            if not entry.private or entry.author == self.role:
                self.update_entry(entry.id, goal_id=None)

    # -- two laptops (rmpair.exchange drives these) ------------------------------------------------

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
                self._loaded_entries = load_entries(connection, self._vault.personal_key, self.stored_problems)
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
                self._loaded_entries = load_entries(connection, self._vault.personal_key, self.stored_problems)
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
        self._loaded_entries = load_entries(connection, self._vault.personal_key, self.stored_problems)
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

    # -- what needs doing -------------------------------------------------------------------------

    def to_do(self) -> list[str]:
        """Plain-language nudges for the home screen."""
        hints = []
        meetings = self.meetings()
        role = self.role
        # One pass over the entries, unsorted: this runs on every refresh of home.
        with self._lock:
            mine = [e for e in self._entries.values() if e.author == role and not (e.private and self.review_mode)]
        reflected = {e.meeting for e in mine if e.kind == "reflection"}
        prepared = {e.meeting for e in mine if e.kind == "talking-point"}
        for meeting in meetings:
            if meeting.held and meeting.number not in reflected:
                hints.append(f"No reflection from you for meeting {meeting.number} yet.")
        upcoming = next((m for m in meetings if m.status == "planned"), None)
        if upcoming is not None and role == "mentor" and upcoming.number not in prepared:
            hints.append(f"No talking points for meeting {upcoming.number} yet.")
        if self.partner is None:
            hints.append("Your partner has not joined yet: hand them the keyboard and choose 'Add partner'.")
        overdue = [
            a for a in self.actions(done=False)
            if a.due_meeting is not None and meetings[a.due_meeting - 1].held
        ]
        if overdue:
            hints.append(f"{len(overdue)} action(s) were due at a meeting already held.")
        conflicts = self.conflict_count()
        if conflicts:
            # First: until someone chooses, the pair's record says two things at once.
            hints.insert(0,
                f"{conflicts} thing(s) were changed differently on the two laptops: both versions wait "
                "for you in Exchange (press x)."
            )
        return hints


# -- helpers --------------------------------------------------------------------------------------


def _stored(moment: datetime) -> str:
    """A time as the ORM stores it in SQLite (UTC, no offset)."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _raw_connection(session: Session) -> sqlite3.Connection:
    """The session's own sqlite3 connection, for writes the ORM does not describe (sealed
    ratings and their clear projection): they join the session's transaction."""
    return session.connection().connection.dbapi_connection


def versioned_session(database: Database, role: str) -> Session:
    return attach(Session(database.engine, expire_on_commit=False), role)


def _check_unicode(text: str, what: str) -> str:
    """Refuse text that cannot be stored exactly: bytes that were not UTF-8 reach Python
    as lone surrogates (from the command line, say), and SQLite cannot encode them."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(
            f"{what} has bytes that are not UTF-8 text, perhaps pasted from another program; "
            "nothing was saved. Paste it again as plain text, or save it as UTF-8 and use --file."
        ) from None
    return text


def _check_name(name: str) -> str:
    name = _check_unicode(name, "The name").strip()
    if not name:
        raise UsageError("Give a name; a first name is enough.")
    if len(name) > 200:
        raise UsageError("That name is longer than 200 characters; shorten it.")
    if NAME_REFUSES.search(name):
        # A name is shown on every screen and in every heading, as a label: it is kept to
        # plain letters and punctuation, so it can never be read as formatting or reorder
        # the text around it.
        raise UsageError(
            "A name cannot contain control characters, text-direction marks or square brackets; "
            "type it as plain text."
        )
    return name


MIN_PASSPHRASE_LENGTH = 8


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise UsageError(
            f"A passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters; a few unrelated "
            "words make a strong one that is easy to remember."
        )


GOAL_LEVELS = 5
MAX_LEVEL_LENGTH = 300


def _check_levels(looks_like: Sequence[str] | None) -> str | None:
    """What 1 to 5 look like, stored as JSON; None when none is written."""
    if looks_like is None:
        return None
    levels = [_check_unicode(str(level), "What a score looks like").strip() for level in looks_like]
    if len(levels) > GOAL_LEVELS:
        raise UsageError("A goal is scored 1 to 5: say what at most five scores look like.")
    if any(len(level) > MAX_LEVEL_LENGTH for level in levels):
        raise UsageError(f"Say what a score looks like in at most {MAX_LEVEL_LENGTH} characters.")
    if not any(levels):
        return None
    import json

    return json.dumps(levels + [""] * (GOAL_LEVELS - len(levels)))


def _check_text(text: str, what: str) -> str:
    text = _check_unicode(text, what).strip()
    if not text:
        raise UsageError(f"{what} needs some text.")
    return text


def _meeting_row(session: Session, number: int) -> Meeting:
    # The first record for the meeting, as the readers show it; a copy that lost the record
    # altogether gets it back, as the readers already showed it: planned, with no date.
    row = session.exec(select(Meeting).where(Meeting.number == number).order_by(literal_column("rowid"))).first()
    return row if row is not None else Meeting(number=number)


def _agenda_row(session: Session, item_id: str) -> AgendaItem:
    row = session.get(AgendaItem, item_id)
    if row is None:
        raise UsageError("That agenda item no longer exists.")
    return row


def _agenda_view(row: AgendaItem) -> AgendaItemView:
    return AgendaItemView(row.id, row.meeting_number, row.position, row.text, row.minutes, row.done)


def _action_view(row: Action) -> ActionView:
    return ActionView(
        row.id, row.owner, row.text, row.due_meeting, row.done, row.carried_from, row.created_at, row.done_at
    )


def _replace(view: EntryView, **changes: Any) -> EntryView:
    from dataclasses import replace

    if "race_tags" in changes:
        changes["race_tags"] = tuple(changes["race_tags"])
    return replace(view, **changes)
