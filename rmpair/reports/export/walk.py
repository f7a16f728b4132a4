"""The one walk of an export's sections, and the words every readable format shows.

Markdown and HTML show the same record in the same order: the title, the pair, each
meeting with its agenda and its entries (then the entries tied to no meeting), the
actions, the goals with their evidence, the check-ins. ``walk`` owns that order, what
counts as empty and the words said then, and every label worked out from the document
(a meeting's state, an author's name and role, an action's state, a goal's scores). A
format is a ``SectionWriter``: it only says how each part looks.

Control characters (a terminal escape such as ESC ``[31m``) reach a writer as they are;
a writer shows them through ``visible_text``, as their visible Unicode pictures (``␛``),
so opening or printing an export in a terminal can never drive the terminal.

No UI import here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal, Protocol, TypeVar

from rmpair.core.moments import local_minute
from rmpair.core.views import ActionView, AgendaItemView, CheckinView, EntryView, GoalView, MeetingView
from rmpair.core.visible_text import visible
from rmpair.core.vocabulary import ROLES
from rmpair.reports.export.document import ExportDocument

Part = Literal["pair", "meetings", "agenda", "actions", "goals", "checkins"]
Item = TypeVar("Item")

TITLE = "Reverse mentoring: the pair's record"
NOT_ENCRYPTED = "This file is not encrypted."
AGENDA = "Agenda"
CHECKIN_COLUMNS = ("Meeting", "Person", "Statement", "Rating")
NO_RACE_TAGS = "no RACE tags"
NO_TEXT = "(no text)"


class SectionWriter(Protocol):
    """How one format writes each part of the walk; ``walk`` calls these in order."""

    def title(self, title: str, scope: str, warning: str) -> None:
        """The beginning: the export's title, what it holds, and that it is unencrypted."""

    def section(self, part: Part, heading: str) -> None:
        """A top-level section begins: the pair, meetings, actions, goals or check-ins."""

    def end_section(self, part: Part) -> None: ...

    def begin_list(self, part: Part) -> None:
        """Items follow (never called for an empty list: ``nothing`` is called instead)."""

    def end_list(self, part: Part) -> None: ...

    def nothing(self, words: str) -> None:
        """What stands where a list or a meeting's entries would be, when empty."""

    def person(self, label: str, name: str) -> None:
        """An item of the pair: one person who has joined, by ``label`` (their role)."""

    def fact(self, words: str) -> None:
        """An item of the pair in rmpair's own words (no text of the pair in it)."""

    def meeting(self, number: int | None, heading: str) -> None:
        """A meeting's part begins; ``None`` for the entries tied to no meeting."""

    def agenda_item(self, item: AgendaItemView, minutes: str) -> None: ...

    def entry(self, entry: EntryView, author: str, visibility: str) -> None: ...

    def end_meeting(self) -> None: ...

    def action(self, action: ActionView, state: str) -> None: ...

    def goal(self, goal: GoalView, scores: str, evidence: Sequence[tuple[str, str]]) -> None:
        """A goal; ``evidence`` is (entry id, entry title) for each linked entry."""

    def checkin(self, checkin: CheckinView, statement: str) -> None: ...

    def end(self) -> None:
        """The end of the export."""


def walk(doc: ExportDocument, writer: SectionWriter) -> None:
    """Write ``doc`` through ``writer``, section by section, in the one order."""
    writer.title(TITLE, scope_line(doc), NOT_ENCRYPTED)

    writer.section("pair", "The pair")
    writer.begin_list("pair")
    for role in ROLES:
        name = _name(doc, role)
        if name:
            writer.person(role.capitalize(), name)
        else:
            writer.fact(f"{role.capitalize()}: (not joined yet)")
    writer.fact(f"Programme start: {doc.pair.programme_start.isoformat()}")
    writer.fact(f"Meets every {doc.pair.cadence_weeks} weeks")
    writer.end_list("pair")
    writer.end_section("pair")

    writer.section("meetings", "Meetings")
    # Thousands of entries share two authors: work each label out once.
    authors: dict[str, str] = {}
    write_entry = writer.entry
    for meeting, entries in meeting_groups(doc):
        if meeting is None:
            writer.meeting(None, "Not tied to a meeting")
        else:
            writer.meeting(meeting.number, f"Meeting {meeting.number}: {meeting_state(meeting)}")
            _list(writer, "agenda", meeting.agenda, "No agenda items.", lambda i: writer.agenda_item(i, _minutes(i)))
            if not entries:
                writer.nothing("No entries for this meeting.")
        for entry in entries:
            author = authors.get(entry.author)
            if author is None:
                author = authors[entry.author] = person_label(doc, entry.author)
            write_entry(entry, author, "private" if entry.private else "shared")
        writer.end_meeting()
    writer.end_section("meetings")

    writer.section("actions", "Actions")
    _list(writer, "actions", doc.actions, "No actions yet.", lambda a: writer.action(a, action_state(a)))
    writer.end_section("actions")

    writer.section("goals", "Goals")
    evidence = {i for goal in doc.goals for i in goal.evidence}
    titles = {e.id: e.display_title for e in doc.entries if e.id in evidence}
    _list(
        writer, "goals", doc.goals, "No goals yet.",
        lambda g: writer.goal(g, goal_scores(g), tuple((i, titles.get(i, i)) for i in g.evidence)),
    )
    writer.end_section("goals")

    writer.section("checkins", "Check-ins")
    _list(
        writer, "checkins", doc.checkins, "No check-in ratings to show.",
        lambda c: writer.checkin(c, doc.statement_text(c.statement_id)),
    )
    writer.end_section("checkins")
    writer.end()


def _list(
    writer: SectionWriter, part: Part, items: Sequence[Item], empty: str, write: Callable[[Item], None]
) -> None:
    if not items:
        writer.nothing(empty)
        return
    writer.begin_list(part)
    for item in items:
        write(item)
    writer.end_list(part)


# -- the words worked out from the document ----------------------------------------------


def visible_text(text: str) -> str:
    """The text with line ends made ``\\n`` and control characters made visible and inert."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return visible(text)


def scope_line(doc: ExportDocument) -> str:
    scope = "shared entries and your own private entries" if doc.include_private else "shared entries only"
    return f"Exported {local_minute(doc.exported_at)} by the {doc.exported_by}; {scope}."


def _name(doc: ExportDocument, role: str) -> str:
    person = getattr(doc.pair, role, None)
    return person.name if person is not None else ""


def person_label(doc: ExportDocument, role: str) -> str:
    name = _name(doc, role)
    return f"{name} ({role})" if name else role


def meeting_groups(doc: ExportDocument) -> list[tuple[MeetingView | None, tuple[EntryView, ...]]]:
    """Each meeting with its entries, then (``None``) the entries of no known meeting."""
    groups: list[tuple[MeetingView | None, tuple[EntryView, ...]]] = [
        (m, doc.entries_for(m.number)) for m in doc.meetings
    ]
    known = {m.number for m in doc.meetings}
    loose = tuple(e for e in doc.entries if e.meeting is None or e.meeting not in known)
    if loose:
        groups.append((None, loose))
    return groups


def meeting_state(meeting: MeetingView) -> str:
    if meeting.held:
        return f"held {meeting.held_date.isoformat()}" if meeting.held_date else "held"
    if meeting.status == "cancelled":
        return "cancelled"
    return f"planned {meeting.planned_date.isoformat()}" if meeting.planned_date else "not planned yet"


def _minutes(item: AgendaItemView) -> str:
    return f" ({item.minutes} min)" if item.minutes else ""


def action_state(action: ActionView) -> str:
    parts = ["done" if action.done else "open", f"owner {action.owner}"]
    parts.append(f"due at meeting {action.due_meeting}" if action.due_meeting else "no meeting")
    if action.carried_from:
        parts.append(f"carried forward from meeting {action.carried_from}")
    return ", ".join(parts)


def goal_scores(goal: GoalView) -> str:
    """The owner's scores, then the other person's where they gave any: a score given but
    not yet shown to the exporter (until they score that point too) says so."""

    def shown(role: str, point: str) -> str:
        if goal.is_hidden(role, point):
            return "hidden until you score it"
        score = goal.score_of(role, point)
        return "-" if score is None else str(score)

    words = (
        f"owner {goal.owner}, score at start {shown(goal.owner, 'start')}, "
        f"midway {shown(goal.owner, 'midway')}, at close {shown(goal.owner, 'end')}"
    )
    partner = goal.partner
    if goal.partner_scores or any(role == partner for role, _ in goal.hidden):
        words += (
            f"; the {partner}'s score at start {shown(partner, 'start')}, "
            f"midway {shown(partner, 'midway')}, at close {shown(partner, 'end')}"
        )
    return words
