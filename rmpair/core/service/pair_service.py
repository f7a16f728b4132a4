"""``PairService``: the one door, made of its parts, and how a vault is opened."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path


from rmpair.core import crypto
from rmpair.core.crypto import KdfParams
from rmpair.core.database import Database
from rmpair.core.entry_reader import open_database
from rmpair.core.errors import UsageError
from rmpair.core.models import (
    MEETING_COUNT,
    AgendaItem,
    Meeting,
    Pair,
    Person,
)
from rmpair.core.vault import Vault
from rmpair.core.service.checks import (
    AgendaTemplates,
    check_role,
    check_name,
    check_passphrase,
    versioned_session,
)
from rmpair.core.service.people import PeopleChanges
from rmpair.core.service.meetings import MeetingChanges
from rmpair.core.service.entries import EntryChanges
from rmpair.core.service.actions import ActionChanges
from rmpair.core.service.checkins import CheckinChanges
from rmpair.core.service.goals import GoalChanges
from rmpair.core.service.exchange_door import ExchangeDoor


class PairService(PeopleChanges, MeetingChanges, EntryChanges, ActionChanges, CheckinChanges, GoalChanges, ExchangeDoor):
    """One person's unlocked session on a vault: every change, and saving after it
    (``unlock``, ``close`` and every read come from ``PairReader``). Each kind of change
    lives in its own part; this class opens vaults and says what needs doing."""

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
        name = check_name(name)
        check_passphrase(passphrase)
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
        check_passphrase(new_passphrase)
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

    # -- what needs doing ------------------------------------------------------------

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
