"""One person's unlocked vault, for reading entries: the part of a session that needs no ORM.

``PairService`` builds on it to change things and to read everything else. Commands that
only read entries (search, list) use it alone: the service is built on SQLModel, and
importing that took such a command about as long as the key derivation.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TypeVar

from rmpair.core.database import Database
from rmpair.core.entry_store import check_person, find_entry, load_entries, search_text, select_entries
from rmpair.core.stored_values import StoredProblems
from rmpair.core.vault import Vault
from rmpair.core.views import EntryView

Reader = TypeVar("Reader", bound="EntryReader")


def open_database(vault: Vault, image: bytes) -> Database:
    """The database inside an opened vault; closes the vault if it is not readable."""
    try:
        return Database.from_image(image)
    except BaseException:
        vault.close()
        raise


class EntryReader:
    """The entries one person may see, decrypted once at unlock and held in memory."""

    def __init__(self, vault: Vault, database: Database) -> None:
        self._vault = vault
        self._db = database
        self._lock = threading.RLock()
        self.review_mode = False
        """In review-together mode only what is shared may be seen."""
        self.stored_problems = StoredProblems()
        """Records the readers left out or showed with defaults; see ``rmpair.stored_values``."""
        self._me_id = check_person(database.connection, vault.person_id)
        self._loaded_entries: dict[str, EntryView] | None = None

    @property
    def _entries(self) -> dict[str, EntryView]:
        """Every entry this person may see, by id, decrypted and decoded the first time any
        is read: a command that only writes (adds an entry, ticks an action, sets a goal or
        a meeting) decodes none of the thousands already there."""
        if self._loaded_entries is None:
            self._loaded_entries = load_entries(
                self._db.connection, self._vault.personal_key, self.stored_problems
            )
        return self._loaded_entries

    @classmethod
    def unlock(
        cls: type[Reader], path: Path, passphrase: str, *, write: bool = True, entries_now: bool = True
    ) -> Reader:
        """``entries_now``: decode the entries before returning (the app does it in its
        unlock worker, so home does not wait for them); otherwise on first use."""
        vault, image = Vault.open(path, passphrase, write=write)
        database = open_database(vault, image)
        del image  # SQLite has its own copy; loading the entries next is the memory peak
        reader = cls._from_open_vault(vault, database)
        if entries_now:
            try:
                reader._entries
            except BaseException:
                reader.close()
                raise
        return reader

    @classmethod
    def _from_open_vault(cls: type[Reader], vault: Vault, database: Database) -> Reader:
        try:
            return cls(vault, database)
        except BaseException:
            database.close()
            vault.close()
            raise

    def close(self) -> None:
        """Drop the keys, the database and every decrypted entry."""
        with self._lock:
            if self._loaded_entries is not None:
                self._loaded_entries.clear()
            self._loaded_entries = {}
            self._vault.close()
            self._db.close()

    @property
    def path(self) -> Path:
        return self._vault.path

    def entries(
        self,
        *,
        meeting: int | None = None,
        kind: str | None = None,
        author: str | None = None,
        race: str | None = None,
        text: str | None = None,
        private: bool | None = None,
        goal_id: str | None = None,
    ) -> list[EntryView]:
        """What this person may see, oldest first: their own private entries and
        everything shared; in review-together mode, only what is shared."""
        with self._lock:
            entries = list(self._entries.values())
        return select_entries(
            entries, hide_private=self.review_mode, meeting=meeting, kind=kind, author=author,
            race=race, text=text, private=private, goal_id=goal_id,
        )

    def search(self, text: str) -> list[EntryView]:
        return self.entries(text=search_text(text))

    def entry(self, ref: str) -> EntryView:
        """An entry by id or by the first few characters of it, as ``list`` shows them."""
        return find_entry(self.entries(), ref)
