"""One person's unlocked vault, for reading everything in it: the session without the ORM.

``EntryReader`` reads the entries; this adds the people, meetings and agendas, actions,
check-ins and goals, each read with ``sqlite3`` alone. ``PairService`` builds on it to
change things. Commands that only read (export, summary, show) use it alone: importing
SQLModel, SQLAlchemy and pydantic cost such a command about as long as the key derivation.

What each person may see is decided here for every read, the same for the service:
one's own check-in ratings from their seal (in review-together mode only if one shares
them), the partner's only from the clear rows of a partner who shares; goal evidence only
among the entries this person can see.

Every value is read as ``rmpair.stored_values`` describes, since the partner's copy may
have written anything. A record that cannot be placed or found again (an action with no
owner or time, a check-in rating that is not 1 to 5, an agenda item of no meeting) is
left out; other bad values show as a safe default (no date, no meeting, planned, a
default cadence); there are always exactly six meetings. Each is noted, for one sentence.

It stays one module past the usual length because each read here is the same three things
for one kind of record: a query, the rule for who may see its rows, and the checked turning
of those rows into views. Split by kind, the one rule and the one way of checking would be
copied into each part.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

from rmpair.core import crypto
from rmpair.core.database import Database
from rmpair.core.entry_reader import EntryReader
from rmpair.core.entry_store import MIN_ID_PREFIX
from rmpair.core.errors import RmpairError, UsageError
from rmpair.core.stored_values import (
    Fields,
    StoredProblems,
    Unreadable,
    optional,
    stored_choice,
    stored_date,
    stored_flag,
    stored_id,
    stored_number,
    stored_text,
    stored_time,
    tolerant_rows,
)
from rmpair.core.sealed_checkins import SealedRatings, own_ratings
from rmpair.core.vault import Vault
from rmpair.core.views import ActionView, AgendaItemView, CheckinView, GoalView, MeetingView, PairView, PersonView
from rmpair.core.vocabulary import GOAL_SCORE_POINTS, MEETING_COUNT, MEETING_STATUSES, NAME_REFUSES, RACE_TAGS, ROLES

DEFAULT_CADENCE_WEEKS = 4
MAX_CADENCE_WEEKS = 26
MAX_AGENDA_MINUTES = 24 * 60
_LARGEST = 2**63 - 1

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
        self._own_checkins: tuple[int, dict[int, SealedRatings]] | None = None

    def close(self) -> None:
        with self._lock:
            self._own_checkins = None
        super().close()

    @property
    def revision(self) -> int:
        """A number that goes up with every change to the database, so a screen (or a
        cache here) can tell whether what it shows is still current."""
        return self._db.connection.total_changes

    def _rows(self, sql: str, parameters: tuple = ()) -> list[tuple]:
        with self._lock:
            return tolerant_rows(self._db.connection, sql, parameters)

    def check_stored_values(self) -> str | None:
        """Read every record once, and say in one sentence (the first time only) what had
        to be left out or shown with a default; None when everything is as rmpair writes it."""
        self.pair()
        self.meetings()
        self.actions()
        self.checkins()
        self.goals()
        return self.stored_problems.untold()

    # -- people -------------------------------------------------------------------------------

    @property
    def me(self) -> PersonView:
        rows = self._rows("SELECT id, role, name, share_checkins FROM person WHERE id = ?", (self._me_id,))
        if not rows:
            raise RmpairError("A person in this vault is missing. Restore a backup with 'rmpair restore'.")
        # The role was checked at unlock; no default could stand in for it.
        return _person_view(rows[0], rows[0][1], self.stored_problems)

    @property
    def role(self) -> str:
        return self.me.role

    @property
    def partner(self) -> PersonView | None:
        rows = self._rows(
            "SELECT id, role, name, share_checkins FROM person WHERE id != ? ORDER BY rowid LIMIT 1", (self._me_id,)
        )
        # Whatever the partner's row says, they are the other one of the pair.
        return _person_view(rows[0], _other_role(self.role), self.stored_problems) if rows else None

    def pair(self) -> PairView:
        rows = self._rows("SELECT programme_start, cadence_weeks, id FROM pair ORDER BY rowid")
        fields = Fields()
        if len(rows) != 1:
            fields.replaced = True  # none, or more than one: the first, or defaults
        programme_start, cadence_weeks, pair_id = rows[0] if rows else (None, None, "")
        start = fields.defaulted(stored_date, programme_start, default=None)
        if start is None:
            fields.replaced = True
            start = self.meetings()[0].planned_date or date.today()
        cadence = fields.defaulted(stored_number, cadence_weeks, 1, MAX_CADENCE_WEEKS, default=DEFAULT_CADENCE_WEEKS)
        self.stored_problems.note("programme record", "pair", fields)
        me, partner = self.me, self.partner
        people = {person.role: person for person in (me, partner) if person is not None}
        return PairView(start, cadence, people.get("mentor"), people.get("mentee"), str(pair_id or ""))

    # -- meetings and agendas --------------------------------------------------------------

    def meetings(self) -> list[MeetingView]:
        # The home screen asks several times per refresh (timeline, next meeting, to-do);
        # the six meetings are read again only after something in the database changed.
        with self._lock:
            changes = self.revision
            if self._meetings is None or self._meetings[0] != changes:
                self._meetings = (changes, _meeting_views(self._db.connection, self.stored_problems))
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
        views = [view for row in rows if (view := _action_view(row, self.stored_problems)) is not None]
        return [a for a in views if (owner is None or a.owner == owner) and (done is None or a.done == done)]

    def action(self, ref: str) -> ActionView:
        return find_by_prefix(
            self.actions(), ref, what="action", missing="No action has the id {ref}. 'rmpair action list' shows the ids."
        )

    # -- check-ins ----------------------------------------------------------------------------------

    def checkins(self, meeting: int | None = None) -> list[CheckinView]:
        """Ratings this person may see: their own, opened from their seal (in review together
        only if they share them), and the partner's if the partner shares them."""
        me, partner = self.me, self.partner
        found = []
        if me.share_checkins or not self.review_mode:
            for number, ratings in self.own_checkins().items():
                found += [CheckinView(number, me.role, s, rating) for s, rating in ratings.values().items()]
        if partner is not None and partner.share_checkins:
            # The partner's clear rows are read as untrusted, like every row their copy wrote.
            rows = self._rows(
                "SELECT id, meeting, person, statement_id, rating FROM checkin WHERE person = ?", (partner.role,)
            )
            found += [view for row in rows if (view := _checkin_view(row, self.stored_problems)) is not None]
        return sorted(
            (c for c in found if meeting is None or c.meeting == meeting),
            key=lambda c: (c.meeting, c.person, c.statement_id),
        )

    def own_checkins(self) -> dict[int, SealedRatings]:
        """This person's sealed ratings by meeting (read again only after a change)."""
        with self._lock:
            changes = self.revision
            if self._own_checkins is None or self._own_checkins[0] != changes:
                key = crypto.SealingKey(self._vault.personal_key)
                mine, _ = own_ratings(self._db.connection, key, self.role)
                self._own_checkins = (changes, mine)
            return dict(self._own_checkins[1])

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
        """The goals, oldest first, each with the ids of the entries this person can see that
        are linked to it (a partner's private evidence stays out of sight), and the scores
        they may see: their own, and the other person's at each point they have scored too,
        so each scores on their own first and is not led by the other's score."""
        evidence: dict[str, list[str]] = {}
        for entry in self.entries():
            if entry.goal_id:
                evidence.setdefault(entry.goal_id, []).append(entry.id)
        return self._goal_views(evidence)

    def _goal_views(self, evidence: dict[str, list[str]]) -> list[GoalView]:
        given: dict[str, dict[tuple[str, str], int]] = {}
        for row in self._rows("SELECT goal_id, person, point, score FROM goal_score WHERE score IS NOT NULL"):
            score = _goal_score(row, self.stored_problems)
            if score is not None:
                goal_id, person, point, value = score
                given.setdefault(goal_id, {})[(person, point)] = value
        me = self.role
        rows = self._rows("SELECT id, owner, text, looks_like FROM goal ORDER BY created_at, id")
        views = []
        for view in (view for row in rows if (view := _goal_view(row, self.stored_problems)) is not None):
            scores = given.get(view.id, {})
            shown: dict[tuple[str, str], int] = {}
            hidden = set()
            for (person, point), score in scores.items():
                if person == me or (me, point) in scores:
                    shown[(person, point)] = score
                else:
                    hidden.add((person, point))
            owner = view.owner
            views.append(replace(
                view, baseline_score=shown.get((owner, "start")), final_score=shown.get((owner, "end")),
                midway_score=shown.get((owner, "midway")), evidence=tuple(evidence.get(view.id, ())),
                partner_scores={p: s for (r, p), s in shown.items() if r != owner}, hidden=frozenset(hidden),
            ))
        return views

    def goal(self, ref: str) -> GoalView:
        """A goal by id or by the first few characters of it, as ``goal list`` shows them."""
        return find_by_prefix(
            self.goals(), ref, what="goal", missing="There is no goal with the id {ref}. 'rmpair goal list' shows the ids."
        )


def _other_role(role: str) -> str:
    return ROLES[1] if role == ROLES[0] else ROLES[0]


def goal_levels(stored: Any) -> tuple[str, ...]:
    """What 1 to 5 look like for a goal, as the goal row stores them (JSON); () if never
    written. Raises ``Unreadable`` for anything rmpair would not have written there."""
    if stored is None or stored == "":
        return ()
    try:
        levels = json.loads(stored_text(stored))
    except ValueError as error:
        raise Unreadable("not JSON") from error
    if not isinstance(levels, list) or not all(type(level) is str for level in levels):
        raise Unreadable("not a list of text")
    return tuple(levels)[:5]


def _person_view(row: tuple[Any, ...], role: str, problems: StoredProblems) -> PersonView:
    person_id, stored_role, name, share_checkins = row
    fields = Fields()
    if stored_role != role:
        fields.replaced = True
    try:
        shown_name = fields.text(name).strip()
    except Unreadable:
        shown_name = ""
        fields.replaced = True
    if NAME_REFUSES.search(shown_name):
        # rmpair never stores such a name (see service._check_name): shown as a label, it
        # could read as formatting, or turn the text around it backwards.
        shown_name = ""
        fields.replaced = True
    if not shown_name:
        shown_name = role  # every screen names people; the role is what they are to each other
    # Not sure a person chose to share ratings: do not.
    sharing = fields.defaulted(stored_flag, share_checkins, default=False)
    problems.note("person", person_id, fields)
    return PersonView(role, shown_name, sharing)


def _meeting_views(connection: sqlite3.Connection, problems: StoredProblems) -> list[MeetingView]:
    items: dict[int, list[AgendaItemView]] = {}
    for row in tolerant_rows(
        connection,
        "SELECT id, meeting_number, position, text, minutes, done FROM agenda_item ORDER BY meeting_number, position",
    ):
        item = _agenda_item_view(row, problems)
        if item is not None:
            items.setdefault(item.meeting, []).append(item)
    found: dict[int, MeetingView] = {}
    for record_id, number, planned, held, status in tolerant_rows(
        connection, "SELECT id, number, planned_date, held_date, status FROM meeting ORDER BY number, rowid"
    ):
        fields = Fields()
        try:
            number = fields.required(stored_number, number, 1, MEETING_COUNT)
        except Unreadable:
            problems.left_out("meeting", record_id)
            continue
        if number in found:  # a second record for the same meeting: the first one stands
            problems.left_out("meeting", record_id)
            continue
        found[number] = MeetingView(
            number,
            fields.defaulted(stored_date, planned, default=None),
            fields.defaulted(stored_date, held, default=None),
            fields.defaulted(stored_choice, status, MEETING_STATUSES, default="planned"),
            tuple(items.get(number, ())),
        )
        problems.note("meeting", number, fields)
    for number in range(1, MEETING_COUNT + 1):
        if number not in found:  # the six meetings are the programme: a missing one is still there
            found[number] = MeetingView(number, None, None, "planned", tuple(items.get(number, ())))
            problems.defaulted("meeting", number)
    return [found[number] for number in range(1, MEETING_COUNT + 1)]


def _agenda_item_view(row: tuple[Any, ...], problems: StoredProblems) -> AgendaItemView | None:
    item_id, number, position, text, minutes, done = row
    return problems.read("agenda item", item_id, lambda fields: AgendaItemView(
        fields.required(stored_id, item_id),
        fields.required(stored_number, number, 1, MEETING_COUNT),
        fields.defaulted(stored_number, position, -_LARGEST, _LARGEST, default=0),
        fields.text(text),
        fields.defaulted(optional, minutes, stored_number, 0, MAX_AGENDA_MINUTES, default=None),
        fields.defaulted(stored_flag, done, default=False),
    ))


def _action_view(row: tuple[Any, ...], problems: StoredProblems) -> ActionView | None:
    action_id, owner, text, due, done, carried, created, done_at = row
    return problems.read("action", action_id, lambda fields: ActionView(
        fields.required(stored_id, action_id),
        fields.required(stored_choice, owner, ROLES),
        fields.text(text),
        fields.defaulted(optional, due, stored_number, 1, MEETING_COUNT, default=None),
        fields.defaulted(stored_flag, done, default=False),
        fields.defaulted(optional, carried, stored_number, 1, MEETING_COUNT, default=None),
        fields.required(stored_time, created),
        fields.defaulted(optional, done_at, stored_time, default=None),
    ))


def _checkin_view(row: tuple[Any, ...], problems: StoredProblems) -> CheckinView | None:
    record_id, meeting, person, statement_id, rating = row
    try:
        # A rating has no safe default: a wrong one would misreport how a meeting felt.
        return CheckinView(
            stored_number(meeting, 1, MEETING_COUNT),
            stored_choice(person, ROLES),
            stored_id(statement_id),
            stored_number(rating, 1, 5),
        )
    except Unreadable:
        problems.left_out("check-in rating", record_id)
        return None


def _goal_view(row: tuple[Any, ...], problems: StoredProblems) -> GoalView | None:
    """A goal without its scores: those are each person's own, in ``goal_score``."""
    goal_id, owner, text, looks_like = row
    return problems.read("goal", goal_id, lambda fields: GoalView(
        fields.required(stored_id, goal_id),
        fields.defaulted(stored_choice, owner, ROLES, default="mentee"),
        fields.text(text),
        None,
        None,
        looks_like=fields.defaulted(goal_levels, looks_like, default=()),
    ))


def _goal_score(row: tuple[Any, ...], problems: StoredProblems) -> tuple[str, str, str, int] | None:
    goal_id, person, point, score = row
    try:
        # A score has no safe default, like a rating: it is left out.
        return (
            stored_id(goal_id),
            stored_choice(person, ROLES),
            stored_choice(point, GOAL_SCORE_POINTS),
            stored_number(score, 1, 5),
        )
    except Unreadable:
        problems.left_out("goal score", (str(goal_id), str(person), str(point)))
        return None
