"""What the service hands to the CLI and the TUI: plain, immutable values.

The UI never sees a database row or a key, only these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from rmpair.core.vocabulary import GOAL_SCORE_FIELDS


@dataclass(frozen=True)
class PersonView:
    role: str
    name: str
    share_checkins: bool = False


@dataclass(frozen=True)
class AgendaItemView:
    id: str
    meeting: int
    position: int
    text: str
    minutes: int | None
    done: bool


@dataclass(frozen=True)
class MeetingView:
    number: int
    planned_date: date | None
    held_date: date | None
    status: str
    agenda: tuple[AgendaItemView, ...] = ()

    @property
    def held(self) -> bool:
        return self.status == "held"


@dataclass(frozen=True)
class EntryView:
    id: str
    kind: str
    author: str
    private: bool
    meeting: int | None
    race_tags: tuple[str, ...]
    title: str
    body: str
    template_id: str | None
    on_agenda: bool
    goal_id: str | None
    created_at: datetime
    updated_at: datetime
    conflicted: bool = False
    """Two laptops changed one of its fields without seeing each other's change: both
    versions wait for someone to choose (rmpair.exchange.conflicts)."""

    @property
    def short_id(self) -> str:
        return self.id[:8]

    @property
    def display_title(self) -> str:
        if self.title.strip():
            return self.title.strip()
        first_line = self.body.strip().splitlines()[0] if self.body.strip() else ""
        return first_line[:80] or "(untitled)"

    def matches(self, needle: str) -> bool:
        folded = needle.casefold()
        return folded in self.title.casefold() or folded in self.body.casefold()


@dataclass(frozen=True)
class ActionView:
    id: str
    owner: str
    text: str
    due_meeting: int | None
    done: bool
    carried_from: int | None
    created_at: datetime
    done_at: datetime | None

    @property
    def short_id(self) -> str:
        return self.id[:8]


@dataclass(frozen=True)
class CheckinView:
    meeting: int
    person: str
    statement_id: str
    rating: int


@dataclass(frozen=True)
class GoalView:
    """A goal of the mentee's or the mentor's. Each person scores it on their own; the
    three score fields are its owner's, ``partner_scores`` the other person's, each only as
    far as the person looking may see (a score stays hidden from the other person until they
    have scored that point too: ``hidden``)."""

    id: str
    owner: str
    text: str
    baseline_score: int | None
    final_score: int | None
    evidence: tuple[str, ...] = field(default=())  # ids of entries linked to the goal
    midway_score: int | None = None
    partner_scores: Mapping[str, int] = field(default_factory=dict)  # point -> the non-owner's score
    looks_like: tuple[str, ...] = ()  # what 1 to 5 look like, "" where not written
    hidden: frozenset[tuple[str, str]] = frozenset()  # (role, point): scored, not shown to the viewer yet

    def score_at(self, point: str) -> int | None:
        """The owner's score at one of GOAL_SCORE_POINTS: "start", "midway" or "end"."""
        return getattr(self, GOAL_SCORE_FIELDS[point])

    @property
    def partner(self) -> str:
        """The role that scores this goal without owning it."""
        return "mentor" if self.owner == "mentee" else "mentee"

    def score_of(self, role: str, point: str) -> int | None:
        return self.score_at(point) if role == self.owner else self.partner_scores.get(point)

    def is_hidden(self, role: str, point: str) -> bool:
        return (role, point) in self.hidden

    def level(self, score: int) -> str:
        """What ``score`` looks like for this goal, as written when it was set ("" if not)."""
        return self.looks_like[score - 1] if 1 <= score <= len(self.looks_like) else ""

    @property
    def short_id(self) -> str:
        return self.id[:8]


@dataclass(frozen=True)
class PairView:
    programme_start: date
    cadence_weeks: int
    mentor: PersonView | None
    mentee: PersonView | None
    id: str = ""
    """The pair's id: the same on both laptops, and random, so it says nothing about the pair."""

    def names(self) -> dict[str, str]:
        """Each role's name, or the role itself for someone who has not joined yet."""
        return {
            "mentor": self.mentor.name if self.mentor else "mentor",
            "mentee": self.mentee.name if self.mentee else "mentee",
        }
