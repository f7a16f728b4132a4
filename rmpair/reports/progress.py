"""How the programme is going, as plain values for the progress view.

Everything here is worked out through a ``PairReader`` (the ``PairService`` is one) and
nothing else, so it can only ever show what the unlocked person may see. Counts that both
people look at together (entries per meeting, the RACE grid in review together, the
programme summary) use SHARED entries only: a count of private entries would tell the
partner that private work exists, and when, and on what. Alone, a person's RACE grid may
count their own private preparation too (``own_private``): only they see it.

These are the one place the programme is counted: the programme summary
(``rmpair.reports.summary``) reduces the same counts to numbers for the programme lead.

No UI import here: the TUI, the CLI and the tests all use these functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from rmpair.core.vocabulary import ENTRY_KINDS, MEETING_COUNT, ROLES
from rmpair.core.views import ActionView, CheckinView, EntryView, GoalView

if TYPE_CHECKING:
    from rmpair.content import CheckinStatement
    from rmpair.core.pair_reader import PairReader

MEETING_NUMBERS = tuple(range(1, MEETING_COUNT + 1))

# A meeting with no rating (not held yet, or skipped) must still take a column, or a
# person's ratings would slide the later meetings left and misdate them.
GAP_MARK = "·"


# -- meetings --------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingProgress:
    """What happened at one meeting, as far as both people can see."""

    number: int
    status: str
    planned_date: date | None
    held_date: date | None
    agenda_done: int
    agenda_total: int
    shared_entries: Mapping[str, int]  # kind -> count of SHARED entries for this meeting
    actions_due: int
    actions_due_done: int

    @property
    def held(self) -> bool:
        return self.status == "held"

    @property
    def shared_entry_total(self) -> int:
        return sum(self.shared_entries.values())

    @property
    def actions_due_open(self) -> int:
        return self.actions_due - self.actions_due_done


def meeting_progress(service: PairReader) -> tuple[MeetingProgress, ...]:
    shared = service.entries(private=False)
    actions = service.actions()
    result = []
    for meeting in service.meetings():
        by_kind = {kind: 0 for kind in ENTRY_KINDS}
        for entry in shared:
            if entry.meeting == meeting.number:
                by_kind[entry.kind] = by_kind.get(entry.kind, 0) + 1
        due = [a for a in actions if a.due_meeting == meeting.number]
        result.append(
            MeetingProgress(
                number=meeting.number,
                status=meeting.status,
                planned_date=meeting.planned_date,
                held_date=meeting.held_date,
                agenda_done=sum(1 for item in meeting.agenda if item.done),
                agenda_total=len(meeting.agenda),
                shared_entries=by_kind,
                actions_due=len(due),
                actions_due_done=sum(1 for a in due if a.done),
            )
        )
    return tuple(result)


# -- RACE coverage ---------------------------------------------------------------------


@dataclass(frozen=True)
class RaceCoverage:
    """How many entries carry each RACE tag at each meeting.

    ``counts[(category, meeting)]`` is the number of counted entries for that meeting
    tagged with that category; ``unplaced[category]`` counts those with the tag but no
    meeting. Shared entries are always counted; the reader's own private entries only when
    ``own_private`` (their own view), and the partner's private entries never.
    """

    categories: tuple[str, ...]
    meetings: tuple[int, ...]
    counts: Mapping[tuple[str, int], int]
    unplaced: Mapping[str, int]
    held: frozenset[int] = field(default_factory=frozenset)
    own_private: bool = False
    """True when the reader's own private entries are among those counted."""

    def count(self, category: str, meeting: int) -> int:
        return self.counts.get((category, meeting), 0)

    def row(self, category: str) -> tuple[int, ...]:
        return tuple(self.count(category, m) for m in self.meetings)

    def total(self, category: str) -> int:
        return sum(self.row(category)) + self.unplaced.get(category, 0)

    def gaps(self) -> tuple[tuple[str, int], ...]:
        """Cells of meetings already held where nothing counted touched the category."""
        return tuple(
            (c, m) for c in self.categories for m in self.meetings if m in self.held and self.count(c, m) == 0
        )

    def untouched(self) -> tuple[str, ...]:
        """Categories no counted entry has touched yet, at any meeting."""
        return tuple(c for c in self.categories if self.total(c) == 0)


def race_coverage(
    service: PairReader, categories: Sequence[str] | None = None, *, own_private: bool = False
) -> RaceCoverage:
    """The grid of RACE categories by meeting, over shared entries, and over the reader's
    own private entries too when ``own_private``.

    ``own_private`` is for a person's own view of their preparation; whatever both people
    (or the programme) look at passes False. In review together the service hides every
    private entry, so the grid is of shared writing whatever is asked.

    ``categories`` gives the rows in order (the content pack's order, say); by default the
    tags the service knows. A tag found on an entry but not listed gets a row at the end,
    so nothing counted goes unseen.
    """
    rows = list(categories) if categories is not None else list(service.known_race_tags)
    counts: dict[tuple[str, int], int] = {}
    unplaced: dict[str, int] = {}
    for entry in service.entries(private=None if own_private else False):
        # The filter above already leaves these out; a grid must never count one.
        if entry.private and not (own_private and entry.author == service.role):
            continue
        for tag in entry.race_tags:
            if tag not in rows:
                rows.append(tag)
            if entry.meeting is None:
                unplaced[tag] = unplaced.get(tag, 0) + 1
            else:
                counts[(tag, entry.meeting)] = counts.get((tag, entry.meeting), 0) + 1
    held = frozenset(m.number for m in service.meetings() if m.held)
    counted_private = own_private and not service.review_mode
    return RaceCoverage(tuple(rows), MEETING_NUMBERS, counts, unplaced, held, counted_private)


# -- actions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnerActions:
    """One person's actions: open, done, and the ones carried to a later meeting."""

    owner: str
    open: tuple[ActionView, ...]
    done: tuple[ActionView, ...]

    @property
    def carried_forward(self) -> tuple[ActionView, ...]:
        return tuple(a for a in self.open + self.done if a.carried_from is not None)

    @property
    def total(self) -> int:
        return len(self.open) + len(self.done)


def actions_by_owner(service: PairReader) -> tuple[OwnerActions, ...]:
    """Mentor first, then mentee; an owner outside the two roles would still get a group."""
    actions = service.actions()
    owners = list(ROLES) + sorted({a.owner for a in actions} - set(ROLES))
    return tuple(
        OwnerActions(
            owner=owner,
            open=tuple(a for a in actions if a.owner == owner and not a.done),
            done=tuple(a for a in actions if a.owner == owner and a.done),
        )
        for owner in owners
    )


# -- check-ins -------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingSeries:
    """One person's ratings of one statement, one slot per meeting (``None``: no rating)."""

    person: str
    statement_id: str
    statement_text: str
    ratings: tuple[int | None, ...]

    @property
    def rated(self) -> tuple[int, ...]:
        return tuple(r for r in self.ratings if r is not None)

    @property
    def average(self) -> float | None:
        rated = self.rated
        return sum(rated) / len(rated) if rated else None


@dataclass(frozen=True)
class CheckinProgress:
    series: tuple[RatingSeries, ...]
    # People whose ratings this person may not see because they chose not to share them.
    not_shared: tuple[str, ...] = ()

    def for_person(self, person: str) -> tuple[RatingSeries, ...]:
        return tuple(s for s in self.series if s.person == person)


def checkin_progress(
    service: PairReader, statements: Sequence[CheckinStatement] | None = None
) -> CheckinProgress:
    """Ratings across the six meetings for each statement and each person shown.

    Only the ratings ``service.checkins()`` returns appear, so a partner who does not share
    their ratings gets no series at all; they are named in ``not_shared`` instead, so the
    view can say why their line is missing rather than leave it looking forgotten.
    """
    if statements is None:
        from rmpair.content import load_content

        statements = load_content().checkin_statements
    visible = service.checkins()
    texts = {s.id: s.text for s in statements}
    order = statement_order(statements, visible)
    people = [p for p in ROLES if any(c.person == p for c in visible)]
    grid = {(c.person, c.statement_id, c.meeting): c.rating for c in visible}
    series = tuple(
        RatingSeries(
            person=person,
            statement_id=statement_id,
            statement_text=texts.get(statement_id, statement_id),
            ratings=tuple(grid.get((person, statement_id, m)) for m in MEETING_NUMBERS),
        )
        for person in people
        for statement_id in order
    )
    return CheckinProgress(series, _not_shared(service))


def statement_order(statements: Sequence[CheckinStatement], checkins: Iterable[CheckinView]) -> list[str]:
    """The ids of the statements in the content pack's order, then of any other statement
    rated (one the pack no longer has), sorted, so no rating goes unshown."""
    order = [s.id for s in statements]
    return order + sorted({c.statement_id for c in checkins} - set(order))


def _not_shared(service: PairReader) -> tuple[str, ...]:
    hidden = []
    partner = service.partner
    if partner is not None and not partner.share_checkins:
        hidden.append(partner.role)
    me = service.me
    if service.review_mode and not me.share_checkins:
        hidden.append(me.role)
    return tuple(sorted(hidden, key=lambda r: ROLES.index(r) if r in ROLES else len(ROLES)))


# -- goals -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalProgress:
    """A goal with the entries linked to it that this person can see."""

    goal: GoalView
    evidence: tuple[EntryView, ...]

    @property
    def reflections(self) -> tuple[EntryView, ...]:
        return tuple(e for e in self.evidence if e.kind == "reflection")

    @property
    def change(self) -> int | None:
        if self.goal.baseline_score is None or self.goal.final_score is None:
            return None
        return self.goal.final_score - self.goal.baseline_score


def goal_progress(service: PairReader) -> tuple[GoalProgress, ...]:
    """The mentee's goals, each with the entries linked to it as evidence, oldest first."""
    return tuple(GoalProgress(goal, tuple(service.entries(goal_id=goal.id))) for goal in service.goals())


# -- all of it -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressReport:
    meetings: tuple[MeetingProgress, ...]
    coverage: RaceCoverage
    actions: tuple[OwnerActions, ...]
    checkins: CheckinProgress
    goals: tuple[GoalProgress, ...]


def progress_report(
    service: PairReader,
    *,
    categories: Sequence[str] | None = None,
    statements: Sequence[CheckinStatement] | None = None,
    own_private: bool = False,
) -> ProgressReport:
    """Everything the progress view shows, in one call (for one worker).

    ``own_private``: the RACE grid counts the reader's own private entries too (see
    ``race_coverage``)."""
    return ProgressReport(
        meetings=meeting_progress(service),
        coverage=race_coverage(service, categories, own_private=own_private),
        actions=actions_by_owner(service),
        checkins=checkin_progress(service, statements),
        goals=goal_progress(service),
    )
