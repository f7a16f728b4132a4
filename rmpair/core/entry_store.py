"""Entries as the vault's database holds them, and the decrypted set a session reads from.

A shared entry is a row in ``entry``; a private one is a ``sealed_entry`` whose JSON payload
is sealed with its author's personal key. Unlocking reads both tables with ``sqlite3``
alone: building ORM objects for thousands of rows cost more than decrypting them, and
commands that only read (search, list, show) then never import the ORM at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from rmpair.core import crypto
from rmpair.core.private_seal import open_private
from rmpair.core.errors import RmpairError, UsageError
from rmpair.core.views import EntryView

MIN_ID_PREFIX = 4

_SHARED_COLUMNS = (
    "id, kind, author, meeting, race_tags, title, body, template_id, on_agenda, goal_id, created_at, updated_at"
)


def stored_time(text: str) -> datetime:
    """A DATETIME column as the ORM writes it: UTC, without an offset in SQLite."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def private_payload(view: EntryView) -> dict[str, Any]:
    return {
        "kind": view.kind,
        "author": view.author,
        "meeting": view.meeting,
        "race_tags": list(view.race_tags),
        "title": view.title,
        "body": view.body,
        "template_id": view.template_id,
        "on_agenda": view.on_agenda,
        "goal_id": view.goal_id,
        "created_at": view.created_at.isoformat(),
        "updated_at": view.updated_at.isoformat(),
    }


def _private_entry_view(entry_id: str, data: dict[str, Any]) -> EntryView:
    return EntryView(
        id=entry_id,
        kind=data["kind"],
        author=data["author"],
        private=True,
        meeting=data["meeting"],
        race_tags=tuple(data["race_tags"]),
        title=data["title"],
        body=data["body"],
        template_id=data.get("template_id"),
        on_agenda=bool(data.get("on_agenda")),
        goal_id=data.get("goal_id"),
        created_at=datetime.fromisoformat(data["created_at"]),
        updated_at=datetime.fromisoformat(data["updated_at"]),
        conflicted=bool(data.get("_c")),
    )


def check_person(connection: sqlite3.Connection, person_id: str) -> str:
    """The id of the person the vault's key slot names, once it is known to be inside."""
    if connection.execute("SELECT 1 FROM person WHERE id = ?", (person_id,)).fetchone() is None:
        raise RmpairError(
            "The vault opened, but the person it names is missing inside it. "
            "Restore a backup with 'rmpair check' and 'rmpair restore --backup N'."
        )
    return person_id


def load_entries(connection: sqlite3.Connection, personal_key: bytes) -> dict[str, EntryView]:
    """Every shared entry, and the private entries this personal key opens, by id."""
    entries: dict[str, EntryView] = {}
    conflicted = {key for (key,) in connection.execute(
        "SELECT DISTINCT record_key FROM conflict WHERE record_group = 'entry'")}
    for (entry_id, kind, author, meeting, race_tags, title, body, template_id, on_agenda, goal_id,
         created_at, updated_at) in connection.execute(f"SELECT {_SHARED_COLUMNS} FROM entry"):
        entries[entry_id] = EntryView(
            id=entry_id,
            kind=kind,
            author=author,
            private=False,
            meeting=meeting,
            race_tags=tuple(t for t in race_tags.split(",") if t),
            title=title,
            body=body,
            template_id=template_id,
            on_agenda=bool(on_agenda),
            goal_id=goal_id,
            created_at=stored_time(created_at),
            updated_at=stored_time(updated_at),
            conflicted=entry_id in conflicted,
        )
    key = crypto.SealingKey(personal_key)
    for entry_id, sealed, sealed_as, sealed_to in connection.execute(
        "SELECT id, sealed, sealed_as, sealed_to FROM sealed_entry"
    ):
        payload = open_private(personal_key, key, entry_id, sealed, sealed_as, sealed_to)
        if payload is None:
            continue  # the partner's: not ours to read, not even to count
        entries[entry_id] = _private_entry_view(entry_id, payload)
    return entries


def open_private_entry(
    personal_key: bytes, entry_id: str, sealed: bytes, sealed_as: str | None = None, sealed_to: str | None = None
) -> EntryView | None:
    """A private entry's content, or None if ``personal_key`` is not its author's."""
    payload = open_private(personal_key, crypto.SealingKey(personal_key), entry_id, sealed, sealed_as, sealed_to)
    return None if payload is None else _private_entry_view(entry_id, payload)


def select_entries(
    entries: Iterable[EntryView],
    *,
    hide_private: bool = False,
    meeting: int | None = None,
    kind: str | None = None,
    author: str | None = None,
    race: str | None = None,
    text: str | None = None,
    private: bool | None = None,
    goal_id: str | None = None,
) -> list[EntryView]:
    """The entries that pass every filter given, oldest first."""
    found = []
    for entry in entries:
        if entry.private and hide_private:
            continue
        if meeting is not None and entry.meeting != meeting:
            continue
        if kind is not None and entry.kind != kind:
            continue
        if author is not None and entry.author != author:
            continue
        if race is not None and race not in entry.race_tags:
            continue
        if private is not None and entry.private != private:
            continue
        if goal_id is not None and entry.goal_id != goal_id:
            continue
        if text and not entry.matches(text):
            continue
        found.append(entry)
    found.sort(key=lambda e: (e.created_at, e.id))
    return found


def search_text(text: str) -> str:
    if not text.strip():
        raise UsageError("Give a word or phrase to search for.")
    return text.strip()


def find_entry(visible: Iterable[EntryView], ref: str) -> EntryView:
    """An entry by id or by the first few characters of it, as ``list`` shows them."""
    ref = ref.strip().lower()
    if len(ref) < MIN_ID_PREFIX:
        raise UsageError(f"Give at least {MIN_ID_PREFIX} characters of the entry's id.")
    matches = [e for e in visible if e.id.startswith(ref)]
    if not matches:
        raise UsageError(f"No entry you can see has the id {ref}. 'rmpair list' shows the ids.")
    if len(matches) > 1:
        raise UsageError(f"More than one entry starts with {ref}; give more of the id.")
    return matches[0]
