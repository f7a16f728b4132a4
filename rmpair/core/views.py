"""What the service hands to the CLI and the TUI: plain, immutable values.

The UI never sees a database row or a key, only these.
"""

from __future__ import annotations

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
    id: str
    owner: str
    text: str
    baseline_score: int | None
    final_score: int | None
    evidence: tuple[str, ...] = field(default=())  # ids of entries linked to the goal
    midway_score: int | None = None

    def score_at(self, point: str) -> int | None:
        """The score at one of GOAL_SCORE_POINTS: "start", "midway" or "end"."""
        return getattr(self, GOAL_SCORE_FIELDS[point])

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
