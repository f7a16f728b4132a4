"""One person's unlocked vault, for reading everything in it: the session without the ORM.

``EntryReader`` reads the entries; this adds the people, meetings and agendas, actions,
check-ins and goals, each read with ``sqlite3`` alone. ``PairService`` builds on it to
change things. Commands that only read (export, summary, show) use it alone: importing
SQLModel, SQLAlchemy and pydantic cost such a command about as long as the key derivation.

What each person may see is decided here for every read, the same for the service:
check-in ratings only of people who share them (and one's own, except in review-together
mode), goal evidence only among the entries this person can see.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import TypeVar

from rmpair.core.database import Database
from rmpair.core.entry_reader import EntryReader
from rmpair.core.entry_store import MIN_ID_PREFIX, stored_time
from rmpair.core.errors import RmpairError, UsageError
from rmpair.core.vault import Vault
from rmpair.core.views import ActionView, AgendaItemView, CheckinView, GoalView, MeetingView, PairView, PersonView
from rmpair.core.vocabulary import MEETING_COUNT, RACE_TAGS

Found = TypeVar("Found", ActionView, GoalView)


def check_meeting(number: int | None) -> int | None:
    if number is None:
        return None
    if not 1 <= number <= MEETING_COUNT:
        raise UsageError(f"Meeting {number} does not exist; meetings are numbered 1 to {MEETING_COUNT}.")
    return number


def find_by_prefix(items: list[Found], ref: str, *, what: str, missing: str) -> Found:
    """The one item whose id starts with ``ref``, as the listing commands show ids;
    ``missing`` says so when none does (``{ref}`` stands for what was given)."""
    ref = ref.strip().lower()
    if len(ref) < MIN_ID_PREFIX:
        raise UsageError(f"Give at least {MIN_ID_PREFIX} characters of the {what}'s id.")
    matches = [item for item in items if item.id.startswith(ref)]
    if not matches:
        raise UsageError(missing.format(ref=ref))
    if len(matches) > 1:
        raise UsageError(f"More than one {what} starts with {ref}; give more of the id.")
    return matches[0]


class PairReader(EntryReader):
    """Everything one person may see in an unlocked vault, read without the ORM."""

    def __init__(self, vault: Vault, database: Database) -> None:
        super().__init__(vault, database)
        self.known_race_tags: tuple[str, ...] = RACE_TAGS
        self._meetings: tuple[int, list[MeetingView]] | None = None

    @property
    def revision(self) -> int:
        """A number that goes up with every change to the database, so a screen (or a
        cache here) can tell whether what it shows is still current."""
        return self._db.connection.total_changes

    def _rows(self, sql: str, parameters: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.connection.execute(sql, parameters).fetchall()

    # -- people -------------------------------------------------------------------------------

    @property
    def me(self) -> PersonView:
        rows = self._rows("SELECT role, name, share_checkins FROM person WHERE id = ?", (self._me_id,))
        if not rows:
            raise RmpairError("A person in this vault is missing. Restore a backup with 'rmpair restore'.")
        return _person_view(rows[0])

    @property
    def role(self) -> str:
        return self.me.role

    @property
    def partner(self) -> PersonView | None:
        rows = self._rows("SELECT role, name, share_checkins FROM person WHERE id != ? LIMIT 1", (self._me_id,))
        return _person_view(rows[0]) if rows else None

    def pair(self) -> PairView:
        rows = self._rows("SELECT programme_start, cadence_weeks, id FROM pair")
        if len(rows) != 1:
            raise RmpairError("The vault's pair record is damaged. Restore a backup with 'rmpair restore'.")
        programme_start, cadence_weeks, pair_id = rows[0]
        people = {row[0]: _person_view(row) for row in self._rows("SELECT role, name, share_checkins FROM person")}
        return PairView(
            date.fromisoformat(programme_start), cadence_weeks, people.get("mentor"), people.get("mentee"), pair_id
        )

    # -- meetings and agendas --------------------------------------------------------------

    def meetings(self) -> list[MeetingView]:
        # The home screen asks several times per refresh (timeline, next meeting, to-do);
        # the six meetings are read again only after something in the database changed.
        with self._lock:
            changes = self.revision
            if self._meetings is None or self._meetings[0] != changes:
                self._meetings = (changes, _meeting_views(self._db.connection))
            return list(self._meetings[1])

    def meeting(self, number: int) -> MeetingView:
        check_meeting(number)
        return self.meetings()[number - 1]

    def next_meeting(self) -> MeetingView | None:
        """The first meeting not yet held, which is the one to prepare for."""
        return next((m for m in self.meetings() if m.status == "planned"), None)

    # -- actions ----------------------------------------------------------------------------------

    def actions(self, *, owner: str | None = None, done: bool | None = None) -> list[ActionView]:
        rows = self._rows(
            "SELECT id, owner, text, due_meeting, done, carried_from, created_at, done_at "
            "FROM action ORDER BY created_at, id"
        )
        views = [
            ActionView(action_id, who, text, due, bool(finished), carried, stored_time(created),
                       stored_time(done_at) if done_at else None)
            for action_id, who, text, due, finished, carried, created, done_at in rows
        ]
        return [a for a in views if (owner is None or a.owner == owner) and (done is None or a.done == done)]

    def action(self, ref: str) -> ActionView:
        return find_by_prefix(
            self.actions(), ref, what="action", missing="No action has the id {ref}. 'rmpair action list' shows the ids."
        )

    # -- check-ins ----------------------------------------------------------------------------------

    def checkins(self, meeting: int | None = None) -> list[CheckinView]:
        """Ratings this person may see: their own, and the partner's if the partner shares them."""
        sharing = {p.role for p in (self.me, self.partner) if p is not None and p.share_checkins}
        me = self.role
        rows = self._rows(
            "SELECT meeting, person, statement_id, rating FROM checkin ORDER BY meeting, person, statement_id"
        )
        return [
            CheckinView(number, person, statement_id, rating)
            for number, person, statement_id, rating in rows
            if (meeting is None or number == meeting)
            and (person in sharing or (person == me and not self.review_mode))
        ]

    # -- two laptops --------------------------------------------------------------------------------

    def conflict_count(self) -> int:
        """Records with fields two laptops changed differently that this person may see:
        shared records, and (outside review together) their own private entries."""
        shared = self._rows("SELECT COUNT(DISTINCT record_group || '|' || record_key) FROM conflict")[0][0]
        if self.review_mode:
            return shared
        with self._lock:
            private = sum(1 for e in self._entries.values() if e.private and e.conflicted)
        return shared + private

    # -- goals --------------------------------------------------------------------------------------

    def goals(self) -> list[GoalView]:
        """The mentee's goals, oldest first, each with the ids of the entries this person
        can see that are linked to it (a partner's private evidence stays out of sight)."""
        evidence: dict[str, list[str]] = {}
        for entry in self.entries():
            if entry.goal_id:
                evidence.setdefault(entry.goal_id, []).append(entry.id)
        rows = self._rows(
            "SELECT id, owner, text, baseline_score, final_score, midway_score FROM goal ORDER BY created_at, id"
        )
        return [
            GoalView(goal_id, owner, text, baseline, final, tuple(evidence.get(goal_id, ())), midway_score=midway)
            for goal_id, owner, text, baseline, final, midway in rows
        ]

    def goal(self, ref: str) -> GoalView:
        """A goal by id or by the first few characters of it, as ``goal list`` shows them."""
        return find_by_prefix(
            self.goals(), ref, what="goal", missing="There is no goal with the id {ref}. 'rmpair goal list' shows the ids."
        )


def _person_view(row: tuple[str, str, int]) -> PersonView:
    role, name, share_checkins = row
    return PersonView(role, name, bool(share_checkins))


def _meeting_views(connection: sqlite3.Connection) -> list[MeetingView]:
    items: dict[int, list[AgendaItemView]] = {}
    for item_id, number, position, text, minutes, done in connection.execute(
        "SELECT id, meeting_number, position, text, minutes, done FROM agenda_item ORDER BY meeting_number, position"
    ):
        items.setdefault(number, []).append(AgendaItemView(item_id, number, position, text, minutes, bool(done)))
    return [
        MeetingView(number, _stored_date(planned), _stored_date(held), status, tuple(items.get(number, ())))
        for number, planned, held, status in connection.execute(
            "SELECT number, planned_date, held_date, status FROM meeting ORDER BY number"
        )
    ]


def _stored_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


