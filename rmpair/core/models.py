"""The tables inside the vault's database.

Every record has a stable random id and the time it last changed, so two copies of a
vault can later be merged record by record. A private entry is not a row in ``entry`` at
all: it is a ``sealed_entry`` whose whole content (kind, meeting, tags, title, body, and
its times) is sealed with its author's personal key and padded to a size bucket, so the
partner, who can open the database, sees only an opaque blob that does not even say whose
it is, how long it is to the byte, or when it was written.

The schema is created and changed only by ``rmpair.core.database`` migrations; these classes
describe the current version for queries.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timezone

from sqlalchemy.types import String, TypeDecorator
from sqlmodel import Field, SQLModel

from rmpair.core.vocabulary import ENTRY_KINDS, MEETING_COUNT, MEETING_STATUSES, RACE_TAGS, ROLES  # noqa: F401


class StoredDateTime(TypeDecorator):
    """A DATETIME column, written as SQLAlchemy writes one in SQLite (UTC, no offset), and
    read without trusting it: the partner's copy may have stored anything. A value that is
    not a time stays as it was instead of failing the whole change with a ValueError, and
    is written back unchanged unless the change sets it (the readers show it safely)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: object, dialect: object) -> object:
        if isinstance(value, datetime):
            return (
                f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
                f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"
            )
        return value

    def process_result_value(self, value: object, dialect: object) -> object:
        try:
            return datetime.fromisoformat(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return value


class StoredDate(TypeDecorator):
    """A DATE column, read as ``StoredDateTime`` reads times."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: object, dialect: object) -> object:
        if isinstance(value, date) and not isinstance(value, datetime):
            return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        return value

    def process_result_value(self, value: object, dialect: object) -> object:
        try:
            return date.fromisoformat(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return value


def new_id() -> str:
    return secrets.token_hex(16)


def now() -> datetime:
    return datetime.now(timezone.utc)


# The time written in the clear where the real one must not show: a sealed entry's (its
# real times are inside the seal) and an entry's deletion. The partner can read the
# database, and a time to the microsecond says when the other person wrote.
HIDDEN_TIME = datetime(1970, 1, 1, tzinfo=timezone.utc)


class Pair(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    programme_start: date = Field(sa_type=StoredDate)
    cadence_weeks: int = 4
    created_at: datetime = Field(default_factory=now, sa_type=StoredDateTime)
    updated_at: datetime = Field(default_factory=now, sa_type=StoredDateTime)
    sync: str | None = None  # versions for merging (rmpair.core.record_versions)


class Person(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    role: str
    name: str
    # Check-in ratings are private until their rater chooses to share them.
    share_checkins: bool = False
    created_at: datetime = Field(default_factory=now, sa_type=StoredDateTime)
    updated_at: datetime = Field(default_factory=now, sa_type=StoredDateTime)
    sync: str | None = None  # versions for merging (rmpair.core.record_versions)
    public_key: bytes | None = None  # X25519: lets a merge seal a private copy for this person


class Meeting(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    number: int
    planned_date: date | None = Field(default=None, sa_type=StoredDate)
    held_date: date | None = Field(default=None, sa_type=StoredDate)
    status: str = "planned"
    updated_at: datetime = Field(default_factory=now, sa_type=StoredDateTime)
    sync: str | None = None  # versions for merging (rmpair.core.record_versions)


class AgendaItem(SQLModel, table=True):
    __tablename__ = "agenda_item"

    id: str = Field(default_factory=new_id, primary_key=True)
    meeting_number: int
    position: int
    text: str
    minutes: int | None = None
    done: bool = False
    updated_at: datetime = Field(default_factory=now, sa_type=StoredDateTime)
    sync: str | None = None  # versions for merging (rmpair.core.record_versions)


class Entry(SQLModel, table=True):
    """A shared entry. Private ones live sealed in ``SealedEntry``."""

    id: str = Field(default_factory=new_id, primary_key=True)
    kind: str
    author: str
    meeting: int | None = None
    race_tags: str = ""
    title: str = ""
    body: str = ""
    template_id: str | None = None
    on_agenda: bool = False
    goal_id: str | None = None
    created_at: datetime = Field(default_factory=now, sa_type=StoredDateTime)
    updated_at: datetime = Field(default_factory=now, sa_type=StoredDateTime)
    sync: str | None = None  # versions for merging (rmpair.core.record_versions)


class SealedEntry(SQLModel, table=True):
    __tablename__ = "sealed_entry"

    id: str = Field(default_factory=new_id, primary_key=True)
    sealed: bytes
    updated_at: datetime = HIDDEN_TIME
    sync: str | None = None  # versions for merging (rmpair.core.record_versions)
    # A private copy a merge made for its author from another entry's writing: sealed
    # under that entry's id (sealed_as), or to the author's public key (sealed_to="public").
    sealed_as: str | None = None
    sealed_to: str | None = None


class Action(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    owner: str
    text: str
    due_meeting: int | None = None
    done: bool = False
    carried_from: int | None = None
    created_at: datetime = Field(default_factory=now, sa_type=StoredDateTime)
    updated_at: datetime = Field(default_factory=now, sa_type=StoredDateTime)
    done_at: datetime | None = Field(default=None, sa_type=StoredDateTime)
    sync: str | None = None  # versions for merging (rmpair.core.record_versions)


class Checkin(SQLModel, table=True):
    """One person's 1-5 rating of one statement after one meeting."""

    id: str = Field(default_factory=new_id, primary_key=True)
    meeting: int
    person: str
    statement_id: str
    rating: int
    updated_at: datetime = Field(default_factory=now, sa_type=StoredDateTime)
    sync: str | None = None  # versions for merging (rmpair.core.record_versions)


class Goal(SQLModel, table=True):
    """Added in schema 2: a goal of the mentee's or (schema 7) the mentor's, with what 1 to 5
    look like. Its scores are each person's own, in ``GoalScore``; the three score columns
    hold what a vault from before schema 7 scored together, and are no longer written."""

    id: str = Field(default_factory=new_id, primary_key=True)
    owner: str = "mentee"
    text: str
    baseline_score: int | None = None
    midway_score: int | None = None
    final_score: int | None = None
    looks_like: str | None = None  # JSON: what 1, 2, 3, 4 and 5 look like, "" where not written
    created_at: datetime = Field(default_factory=now, sa_type=StoredDateTime)
    updated_at: datetime = Field(default_factory=now, sa_type=StoredDateTime)
    sync: str | None = None  # versions for merging (rmpair.core.record_versions)


class GoalScore(SQLModel, table=True):
    """Schema 7: one person's own score of one goal at one point (start, midway, end);
    None once they clear it."""

    __tablename__ = "goal_score"

    goal_id: str = Field(primary_key=True)
    person: str = Field(primary_key=True)
    point: str = Field(primary_key=True)
    score: int | None = None
    updated_at: datetime = Field(default_factory=now, sa_type=StoredDateTime)
    sync: str | None = None  # versions for merging (rmpair.core.record_versions)


class Tombstone(SQLModel, table=True):
    """A removed record's key, and what its remover had seen: a merge removes the record
    from the other laptop only if it holds nothing the remover had not seen."""

    id: str = Field(primary_key=True)
    table_name: str
    deleted_at: datetime = Field(default_factory=now, sa_type=StoredDateTime)
    seen: str | None = None  # the vector of what the remover had seen
