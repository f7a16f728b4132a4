"""Entries as the vault's database holds them, and the decrypted set a session reads from.

A shared entry is a row in ``entry``; a private one is a ``sealed_entry`` whose JSON payload
is sealed with its author's personal key. Unlocking reads both tables with ``sqlite3``
alone: building ORM objects for thousands of rows cost more than decrypting them, and
commands that only read (search, list, show) then never import the ORM at all.

Either copy of rmpair may have written a row (see ``rmpair.stored_values``). An entry
without a usable id, author or time is left out: it could not be found again to change,
and its place among the others is unknown. Any other value rmpair cannot use is replaced
for display (a kind it does not know shows as a note, a meeting out of range as no
meeting, unknown RACE tags are dropped); text is never replaced, only left out whole when
it is not UTF-8, so nothing a person wrote can be lost by saving the entry again.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from typing import Any

from rmpair.core import crypto
from rmpair.core.private_seal import open_private
from rmpair.core.errors import RmpairError, UsageError
from rmpair.core.stored_values import (
    Fields,
    StoredProblems,
    Unreadable,
    optional,
    stored_choice,
    stored_flag,
    stored_id,
    stored_number,
    stored_time,
    tolerant_rows,
)
from rmpair.core.views import EntryView
from rmpair.core.vocabulary import ENTRY_KINDS, MEETING_COUNT, RACE_TAGS, ROLES

MIN_ID_PREFIX = 4

_SHARED_COLUMNS = (
    "id, kind, author, meeting, race_tags, title, body, template_id, on_agenda, goal_id, created_at, updated_at"
)


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


_KINDS = frozenset(ENTRY_KINDS)
_ROLES = frozenset(ROLES)
# A content pack may add RACE categories, so a tag is any id a pack could give one.
_TAG = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_USUAL_TAGS = frozenset(RACE_TAGS)


def _entry_view(
    entry_id: Any, private: bool, kind: Any, author: Any, meeting: Any, race_tags: Any, title: Any, body: Any,
    template_id: Any, on_agenda: Any, goal_id: Any, created_at: Any, updated_at: Any, problems: StoredProblems,
    conflicted: bool = False,
) -> EntryView | None:
    """The view of one entry as stored (a row, or a private payload's values), or None when
    it is left out; either way a value rmpair cannot use is noted in ``problems``."""
    # Thousands of entries are read at every unlock, nearly all exactly as rmpair wrote
    # them: those are taken as they are, and only the rest read value by value.
    if (
        type(entry_id) is str and entry_id
        and type(kind) is str and kind in _KINDS
        and type(author) is str and author in _ROLES
        and (meeting is None or (type(meeting) is int and 1 <= meeting <= MEETING_COUNT))
        and type(title) is str and type(body) is str
        and (type(race_tags) is str or type(race_tags) is list)
        and (template_id is None or (type(template_id) is str and template_id))
        and (goal_id is None or (type(goal_id) is str and goal_id))
        and type(on_agenda) in (int, bool) and on_agenda in (0, 1)
    ):
        tags = (race_tags.split(",") if race_tags else []) if type(race_tags) is str else race_tags
        if all(type(tag) is str and tag in _USUAL_TAGS for tag in tags) and len(set(tags)) == len(tags):
            try:
                return EntryView(
                    entry_id, kind, author, private, meeting, tuple(tags), title, body, template_id,
                    bool(on_agenda), goal_id, stored_time(created_at), stored_time(updated_at), conflicted,
                )
            except Unreadable:
                pass
    return _entry_view_value_by_value(
        entry_id, private, kind, author, meeting, race_tags, title, body, template_id, on_agenda, goal_id,
        created_at, updated_at, problems, conflicted,
    )


def _entry_view_value_by_value(
    entry_id: Any, private: bool, kind: Any, author: Any, meeting: Any, race_tags: Any, title: Any, body: Any,
    template_id: Any, on_agenda: Any, goal_id: Any, created_at: Any, updated_at: Any, problems: StoredProblems,
    conflicted: bool,
) -> EntryView | None:
    """``_entry_view`` for an entry with a value rmpair would not have written: each value
    is read on its own, so the bad one is replaced, or the entry left out, and noted."""
    return problems.read("entry", entry_id, lambda fields: EntryView(
        id=fields.required(stored_id, entry_id),
        kind=fields.defaulted(stored_choice, kind, _KINDS, default="note"),
        author=fields.required(stored_choice, author, _ROLES),
        private=private,
        meeting=fields.defaulted(optional, meeting, stored_number, 1, MEETING_COUNT, default=None),
        race_tags=_race_tags(race_tags, fields),
        title=fields.text(title),
        body=fields.text(body),
        template_id=fields.defaulted(optional, template_id, stored_id, default=None),
        on_agenda=fields.defaulted(stored_flag, on_agenda, default=False),
        goal_id=fields.defaulted(optional, goal_id, stored_id, default=None),
        created_at=fields.required(stored_time, created_at),
        updated_at=fields.required(stored_time, updated_at),
        conflicted=conflicted,
    ))


def _race_tags(value: Any, fields: Fields) -> tuple[str, ...]:
    """A shared row keeps its tags comma-separated, a private payload as a list."""
    if type(value) is str:
        found = value.split(",") if value else []
    elif type(value) is list:
        found = value
    else:
        found = []
        if value is not None:
            fields.replaced = True
    tags = []
    for tag in found:
        if type(tag) is str and _TAG.fullmatch(tag) and tag not in tags:
            tags.append(tag)
        elif tag != "":
            fields.replaced = True
    return tuple(tags)


def check_person(connection: sqlite3.Connection, person_id: str) -> str:
    """The id of the person the vault's key slot names, once it is known to be inside with
    a role: everything a person sees and writes depends on it, so no default will do."""
    rows = tolerant_rows(connection, "SELECT role FROM person WHERE id = ?", (person_id,))
    if not rows:
        raise RmpairError(
            "The vault opened, but the person it names is missing inside it. "
            "Restore a backup with 'rmpair check' and 'rmpair restore --backup N'."
        )
    if rows[0][0] not in _ROLES:
        raise RmpairError(
            "The vault opened, but your own record in it is damaged: it does not say whether you "
            "are the mentor or the mentee. Restore a backup with 'rmpair check' and 'rmpair restore --backup N'."
        )
    return person_id


def load_entries(
    connection: sqlite3.Connection, personal_key: bytes, problems: StoredProblems | None = None
) -> dict[str, EntryView]:
    """Every shared entry, and the private entries this personal key opens, by id; entries
    that cannot be read are left out and noted in ``problems``."""
    problems = problems if problems is not None else StoredProblems()
    entries: dict[str, EntryView] = {}
    conflicted = {key for (key,) in tolerant_rows(
        connection, "SELECT DISTINCT record_key FROM conflict WHERE record_group = 'entry'")}
    for row in tolerant_rows(connection, f"SELECT {_SHARED_COLUMNS} FROM entry"):
        (entry_id, kind, author, meeting, race_tags, title, body, template_id, on_agenda, goal_id,
         created_at, updated_at) = row
        view = _entry_view(entry_id, False, kind, author, meeting, race_tags, title, body, template_id,
                           on_agenda, goal_id, created_at, updated_at, problems, entry_id in conflicted)
        if view is not None:
            entries[view.id] = view
    key = crypto.SealingKey(personal_key)
    for entry_id, sealed, sealed_as, sealed_to in tolerant_rows(
        connection, "SELECT id, sealed, sealed_as, sealed_to FROM sealed_entry"
    ):
        view = _opened_private_entry(personal_key, key, entry_id, sealed, sealed_as, sealed_to, problems)
        if view is not None:
            entries[view.id] = view
    return entries


def open_private_entry(
    personal_key: bytes, entry_id: str, sealed: bytes, sealed_as: str | None = None, sealed_to: str | None = None
) -> EntryView | None:
    """A private entry's content, or None if ``personal_key`` is not its author's (or it is
    not an entry rmpair could have written)."""
    return _opened_private_entry(
        personal_key, crypto.SealingKey(personal_key), entry_id, sealed, sealed_as, sealed_to, StoredProblems()
    )


def _opened_private_entry(
    personal_key: bytes, key: crypto.SealingKey, entry_id: Any, sealed: Any, sealed_as: Any, sealed_to: Any,
    problems: StoredProblems,
) -> EntryView | None:
    """One ``sealed_entry`` row opened with this person's key; None when it is not theirs,
    and None (noted in ``problems``) when it is theirs but not an entry rmpair wrote."""
    try:
        payload = open_private(personal_key, key, entry_id, sealed, sealed_as, sealed_to)
    except TypeError:
        return None  # not a sealed blob at all: nobody's to read
    except (ValueError, RecursionError):
        # It opened with this key, so it is this person's, but it is not a payload
        # rmpair wrote (not UTF-8, not JSON).
        problems.left_out("entry", entry_id)
        return None
    if payload is None:
        return None  # the partner's: not ours to read, not even to count
    return _private_entry_view(entry_id, payload, problems)


def _private_entry_view(entry_id: str, data: Any, problems: StoredProblems) -> EntryView | None:
    if type(data) is not dict:
        problems.left_out("entry", entry_id)
        return None
    get = data.get
    return _entry_view(
        entry_id, True, get("kind"), get("author"), get("meeting"), get("race_tags"), get("title"), get("body"),
        get("template_id"), get("on_agenda", False), get("goal_id"), get("created_at"), get("updated_at"), problems,
        bool(get("_c")),
    )


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
