"""What the service accepts, checked before anything is written, and the small row helpers its
parts share. Every rule a person can break is said here in one place, in words."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, TypeVar

from sqlalchemy import literal_column
from sqlmodel import Session, select

from rmpair.core.database import Database
from rmpair.core.errors import UsageError
from rmpair.core.record_versions import attach
from rmpair.core.models import (
    ENTRY_KINDS,
    RACE_TAGS,
    ROLES,
    Action,
    AgendaItem,
    Meeting,
)
from rmpair.core.vocabulary import NAME_REFUSES
from rmpair.core.views import (
    ActionView,
    AgendaItemView,
    EntryView,
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



def stored_moment(moment: datetime) -> str:
    """A time as the ORM stores it in SQLite (UTC, no offset)."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def raw_connection(session: Session) -> sqlite3.Connection:
    """The session's own sqlite3 connection, for writes the ORM does not describe (sealed
    ratings and their clear projection): they join the session's transaction."""
    return session.connection().connection.dbapi_connection


def versioned_session(database: Database, role: str) -> Session:
    return attach(Session(database.engine, expire_on_commit=False), role)


def check_unicode(text: str, what: str) -> str:
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


def check_name(name: str) -> str:
    name = check_unicode(name, "The name").strip()
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


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise UsageError(
            f"A passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters; a few unrelated "
            "words make a strong one that is easy to remember."
        )


GOAL_LEVELS = 5
MAX_LEVEL_LENGTH = 300


def check_levels(looks_like: Sequence[str] | None) -> str | None:
    """What 1 to 5 look like, stored as JSON; None when none is written."""
    if looks_like is None:
        return None
    levels = [check_unicode(str(level), "What a score looks like").strip() for level in looks_like]
    if len(levels) > GOAL_LEVELS:
        raise UsageError("A goal is scored 1 to 5: say what at most five scores look like.")
    if any(len(level) > MAX_LEVEL_LENGTH for level in levels):
        raise UsageError(f"Say what a score looks like in at most {MAX_LEVEL_LENGTH} characters.")
    if not any(levels):
        return None
    import json

    return json.dumps(levels + [""] * (GOAL_LEVELS - len(levels)))


def check_text(text: str, what: str) -> str:
    text = check_unicode(text, what).strip()
    if not text:
        raise UsageError(f"{what} needs some text.")
    return text


def meeting_row(session: Session, number: int) -> Meeting:
    # The first record for the meeting, as the readers show it; a copy that lost the record
    # altogether gets it back, as the readers already showed it: planned, with no date.
    row = session.exec(select(Meeting).where(Meeting.number == number).order_by(literal_column("rowid"))).first()
    return row if row is not None else Meeting(number=number)


def agenda_row(session: Session, item_id: str) -> AgendaItem:
    row = session.get(AgendaItem, item_id)
    if row is None:
        raise UsageError("That agenda item no longer exists.")
    return row


def agenda_view(row: AgendaItem) -> AgendaItemView:
    return AgendaItemView(row.id, row.meeting_number, row.position, row.text, row.minutes, row.done)


def action_view(row: Action) -> ActionView:
    return ActionView(
        row.id, row.owner, row.text, row.due_meeting, row.done, row.carried_from, row.created_at, row.done_at
    )


def replace_view(view: EntryView, **changes: Any) -> EntryView:
    from dataclasses import replace

    if "race_tags" in changes:
        changes["race_tags"] = tuple(changes["race_tags"])
    return replace(view, **changes)
