"""The items a content pack is made of: RACE categories, prompts, agendas, observation and
reflection templates, check-in statements, the programme file, guidance pages and glossary
terms, and the problems found reading them. Plain frozen dataclasses, read from TOML by
``readers`` and gathered into a ``ContentPack``; nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROLES = ("mentor", "mentee")
ROLE_WORDS = ("mentor", "mentee", "both")
MEETING_NUMBERS = range(1, 7)
FIELD_KINDS = ("text", "choice", "checklist", "sbi", "scale")
MEETING_MINUTES = 60
# The programme file's contacts, in the order they are shown.
PROGRAMME_CONTACTS = ("lead", "lead_contact", "speak_up", "peer_group", "urgent_support")
PROGRAMME_TEXTS = ("name", *PROGRAMME_CONTACTS, "feedback")


@dataclass(frozen=True)
class RaceCategory:
    id: str
    name: str
    mentor_description: str
    mentee_description: str
    order: int
    source: Path | None = None

    def description_for(self, role: str) -> str:
        return self.mentee_description if role == "mentee" else self.mentor_description


@dataclass(frozen=True)
class Prompt:
    id: str
    category: str
    roles: tuple[str, ...]
    meetings: tuple[int, ...]
    title: str
    text: str
    hint: str = ""
    source: Path | None = None
    start_here: bool = False
    """One of the prompts to try first at its meetings, for its role."""

    @property
    def role_label(self) -> str:
        """"mentor", "mentee" or "both", as a person writes it in the file."""
        return "both" if set(self.roles) == set(ROLES) else self.roles[0]

    def fits(
        self,
        role: str | None = None,
        meeting: int | None = None,
        category: str | None = None,
    ) -> bool:
        if role is not None and role not in self.roles:
            return False
        if meeting is not None and meeting not in self.meetings:
            return False
        if category is not None and category != self.category:
            return False
        return True


@dataclass(frozen=True)
class AgendaItem:
    text: str
    minutes: int


@dataclass(frozen=True)
class Agenda:
    meeting: int
    title: str
    purpose: str
    items: tuple[AgendaItem, ...]
    source: Path | None = None
    length: int = MEETING_MINUTES
    """How long the meeting is; the items' minutes leave the rest as slack."""

    @property
    def total_minutes(self) -> int:
        return sum(item.minutes for item in self.items)

    @property
    def slack_minutes(self) -> int:
        return self.length - self.total_minutes


@dataclass(frozen=True)
class TemplateField:
    id: str
    label: str
    kind: str
    help: str = ""
    options: tuple[str, ...] = ()
    required: bool = False
    min_entries: int = 0
    max_entries: int = 1


@dataclass(frozen=True)
class ObservationTemplate:
    id: str
    title: str
    intro: str
    fields: tuple[TemplateField, ...]
    default: bool = False
    source: Path | None = None

    def field(self, field_id: str) -> TemplateField | None:
        return next((f for f in self.fields if f.id == field_id), None)


@dataclass(frozen=True)
class ReflectionSection:
    id: str
    heading: str
    question: str


@dataclass(frozen=True)
class ReflectionTemplate:
    id: str
    title: str
    intro: str
    sections: tuple[ReflectionSection, ...]
    default: bool = False
    roles: tuple[str, ...] = ROLES
    closing: str = ""
    source: Path | None = None
    show_contacts: bool = False
    """Show the programme's contacts after the closing words (the mentor debrief does)."""

    def fits(self, role: str | None = None) -> bool:
        return role is None or role in self.roles


@dataclass(frozen=True)
class CheckinStatement:
    id: str
    text: str
    source: Path | None = None
    roles: tuple[str, ...] = ROLES
    """Who is asked it: each role has statements of its own."""

    def fits(self, role: str | None = None) -> bool:
        return role is None or role in self.roles


@dataclass(frozen=True)
class Programme:
    """The programme file: its name, who to contact, where feedback goes, and which
    optional packs are on. An empty text is one the programme has not filled in."""

    name: str = ""
    lead: str = ""
    lead_contact: str = ""
    speak_up: str = ""
    peer_group: str = ""
    urgent_support: str = ""
    feedback: str = ""
    optional_packs: tuple[str, ...] = ()
    source: Path | None = None

    def text(self, field_name: str) -> str:
        return str(getattr(self, field_name))

    def layered(self, newer: Programme) -> Programme:
        """This file with a later folder's filled-in values over it, field by field."""
        changes: dict[str, Any] = {name: newer.text(name) for name in PROGRAMME_TEXTS if newer.text(name)}
        if newer.optional_packs:
            changes["optional_packs"] = newer.optional_packs
        return replace(self, source=newer.source or self.source, **changes)


@dataclass(frozen=True)
class Guide:
    """A page of guidance (what to do about a disclosure, say), shown in the app and by
    ``rmpair help``; with ``show_contacts`` the programme's contacts follow it."""

    id: str
    title: str
    text: str
    show_contacts: bool = False
    source: Path | None = None


@dataclass(frozen=True)
class Term:
    """A glossary entry: a word a pair may not share, explained in a few plain words."""

    id: str
    term: str
    meaning: str
    also: tuple[str, ...] = ()
    """Other forms the term appears in (plurals, short forms)."""
    source: Path | None = None

    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.also)


@dataclass(frozen=True)
class ContentProblem:
    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class LayerSummary:
    """What one content folder contributed, before later folders override it."""

    directory: Path
    files: int
    counts: Mapping[str, int]

