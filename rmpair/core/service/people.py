"""The two people: joining, passphrases, names and the choice to share check-ins."""

from __future__ import annotations


from sqlmodel import Session

from rmpair.core import crypto, held_changes
from rmpair.core.crypto import KdfParams
from rmpair.core.errors import RmpairError, UsageError
from rmpair.core.sealed_checkins import own_ratings, publish, withdraw
from rmpair.core.models import (
    Person,
    new_id,
    now,
)
from rmpair.core.service.checks import (
    check_role,
    stored_moment,
    raw_connection,
    check_name,
    check_passphrase,
)
from rmpair.core.service.core import ServiceCore


class PeopleChanges(ServiceCore):
    """The two people: joining, passphrases, names and the choice to share check-ins."""

    def join(self, *, role: str, name: str, passphrase: str, kdf: KdfParams | None = None) -> str:
        """Add the partner; returns their recovery code."""
        check_role(role)
        name = check_name(name)
        check_passphrase(passphrase)
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
        check_passphrase(new_passphrase)
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
            connection = raw_connection(session)
            if share:
                label = stored_moment(now())
                for meeting, ratings in own_ratings(connection, key, role)[0].items():
                    publish(connection, meeting, role, ratings, label, new_id)
            else:
                withdraw(connection, role)

        self._change(update)

    def set_name(self, name: str) -> None:
        name = check_name(name)

        def update(session: Session) -> None:
            person = session.get(Person, self._me_id)
            person.name = name
            person.updated_at = now()
            session.add(person)

        self._change(update)
