"""``--json``: what every read command prints for other programs, in a documented shape.

Each shape is declared once here, key by key with what the value is, and every object is
built through its shape, which refuses a key it does not declare or a declared key left out.
So ``rmpair help json`` (printed from these declarations) can never drift from the output.
The shapes are stable: a key keeps its meaning, and a new key may be added, never removed.

Times are ISO 8601 in UTC to the second (``2026-01-05T10:12:33+00:00``), dates
``YYYY-MM-DD``, roles ``"mentor"`` or ``"mentee"``, kinds ``"talking-point"``,
``"reflection"``, ``"observation"`` or ``"note"``. Text is exactly as stored.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from rmpair.core.views import ActionView, AgendaItemView, EntryView, GoalView, MeetingView


@dataclass(frozen=True)
class Shape:
    """One kind of JSON object: its name in the documentation and each key's meaning."""

    name: str
    keys: Mapping[str, str]

    def make(self, **values: Any) -> dict[str, Any]:
        if set(values) != set(self.keys):
            missing, extra = set(self.keys) - set(values), set(values) - set(self.keys)
            raise AssertionError(f"{self.name}: missing {sorted(missing)}, undeclared {sorted(extra)}")
        return {key: values[key] for key in self.keys}

    def describe(self) -> str:
        width = max(len(key) for key in self.keys)
        lines = [f"{self.name}:"]
        lines += [f"  {key.ljust(width)}  {meaning}" for key, meaning in self.keys.items()]
        return "\n".join(lines)


def moment(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def emit(data: Mapping[str, Any]) -> None:
    """One JSON document on standard output, characters as they are (not \\u-escaped)."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# -- the pair's records ----------------------------------------------------------------------------

ENTRY = Shape("entry", {
    "id": "the entry's id (commands take its first 8 characters, or more)",
    "kind": "talking-point, reflection, observation or note",
    "author": "the role of whoever wrote it",
    "private": "true: only its author can read it",
    "meeting": "the meeting it belongs to, 1 to 6, or null",
    "race_tags": "its RACE categories, a list of ids",
    "title": "its title as written (may be empty)",
    "display_title": "the title, else the first line of the text, as lists show it",
    "body": "its text, Markdown",
    "template_id": "the template or prompt it was started from, or null",
    "on_agenda": "true: put on its meeting's agenda",
    "goal_id": "the goal it is evidence for, or null",
    "created_at": "when it was written",
    "updated_at": "when it last changed",
})


def entry_json(entry: EntryView) -> dict[str, Any]:
    return ENTRY.make(
        id=entry.id, kind=entry.kind, author=entry.author, private=entry.private, meeting=entry.meeting,
        race_tags=list(entry.race_tags), title=entry.title, display_title=entry.display_title, body=entry.body,
        template_id=entry.template_id, on_agenda=entry.on_agenda, goal_id=entry.goal_id,
        created_at=moment(entry.created_at), updated_at=moment(entry.updated_at),
    )


ACTION = Shape("action", {
    "id": "the action's id",
    "owner": "the role of whoever will do it",
    "text": "what will be done",
    "due_meeting": "the meeting it is due at, or null",
    "done": "true once done",
    "carried_from": "the meeting it was due at before it was carried forward, or null",
    "created_at": "when it was added",
    "done_at": "when it was done, or null",
})


def action_json(action: ActionView) -> dict[str, Any]:
    return ACTION.make(
        id=action.id, owner=action.owner, text=action.text, due_meeting=action.due_meeting, done=action.done,
        carried_from=action.carried_from, created_at=moment(action.created_at), done_at=moment(action.done_at),
    )


GOAL = Shape("goal", {
    "id": "the goal's id",
    "owner": "the role whose goal it is",
    "text": "the goal",
    "baseline_score": "its owner's own score at the start (meeting 1), 1 to 5, or null",
    "midway_score": "its owner's own score midway (meeting 4), or null",
    "final_score": "its owner's own score at the end (meeting 6), or null",
    "partner_scores": "the other person's scores as far as you may see them: {start|midway|end: 1 to 5}",
    "scores_hidden": "[role, point] pairs scored but not shown to you until you score that point too",
    "looks_like": "what 1 to 5 look like, five strings (\"\" where not written), or an empty list",
    "evidence": "ids of the entries you can see that count as evidence for it",
})


def goal_json(goal: GoalView) -> dict[str, Any]:
    return GOAL.make(
        id=goal.id, owner=goal.owner, text=goal.text, baseline_score=goal.baseline_score,
        midway_score=goal.midway_score, final_score=goal.final_score, partner_scores=dict(goal.partner_scores),
        scores_hidden=[list(pair) for pair in sorted(goal.hidden)], looks_like=list(goal.looks_like),
        evidence=list(goal.evidence),
    )


AGENDA_ITEM = Shape("agenda item", {
    "number": "its place on the agenda, from 1: what --done K and --remove K take",
    "id": "the item's id",
    "text": "the item",
    "minutes": "the minutes set aside for it, or null",
    "done": "true once ticked",
})


def agenda_item_json(number: int, item: AgendaItemView) -> dict[str, Any]:
    return AGENDA_ITEM.make(number=number, id=item.id, text=item.text, minutes=item.minutes, done=item.done)


MEETING = Shape("meeting", {
    "number": "1 to 6",
    "status": "planned, held or cancelled",
    "planned_date": "the date it is planned for, or null",
    "held_date": "the date it was held, or null",
    "next": "true for the first meeting not yet held",
    "agenda_done": "how many agenda items are ticked",
    "agenda_total": "how many agenda items there are",
})


def meeting_json(meeting: MeetingView, next_number: int | None) -> dict[str, Any]:
    return MEETING.make(
        number=meeting.number, status=meeting.status, planned_date=day(meeting.planned_date),
        held_date=day(meeting.held_date), next=meeting.number == next_number,
        agenda_done=sum(item.done for item in meeting.agenda), agenda_total=len(meeting.agenda),
    )


CHECKIN = Shape("check-in", {
    "meeting": "the meeting rated",
    "you": "your role",
    "you_share": "true: your partner can see your ratings",
    "partner": "your partner's role, or null before they join",
    "partner_shares": "true: your partner shares their ratings with you (null before they join)",
    "statements": "a list of check-in statement objects, yours then those only your partner is asked, in the programme's order",
})

CHECKIN_STATEMENT = Shape("check-in statement", {
    "number": "its place among the statements you are asked, from 1: what --rate K=SCORE takes; null for one only your partner is asked",
    "id": "the statement's id",
    "text": "the statement",
    "yours": "your rating, 1 (strongly disagree) to 5 (strongly agree), or null (not rated, or not asked of you)",
    "partners": "your partner's rating, or null (not rated, not shared, or not asked of them)",
})


# -- the whole progress view -----------------------------------------------------------------------

PROGRESS = Shape("progress", {
    "review_together": "true with --review: only what is shared is counted or shown",
    "meetings": "a list of meeting progress objects",
    "race_coverage": "a list of RACE coverage objects, one per category",
    "actions": "a list of actions-by-owner objects, mentor first",
    "checkins": "a list of rating series objects",
    "ratings_not_shared": "roles whose ratings you may not see because they keep them private",
    "goals": "a list of goal progress objects",
})

MEETING_PROGRESS = Shape("meeting progress", {
    "number": "1 to 6",
    "status": "planned, held or cancelled",
    "planned_date": "date or null",
    "held_date": "date or null",
    "agenda_done": "agenda items ticked",
    "agenda_total": "agenda items",
    "shared_entries": "shared entries for this meeting, by kind: {kind: count}",
    "actions_due": "actions due at this meeting",
    "actions_due_done": "of those, how many are done",
})

RACE_COVERAGE = Shape("RACE coverage", {
    "category": "the category's id",
    "name": "its name",
    "by_meeting": "six counts of shared entries tagged with it, meetings 1 to 6",
    "without_meeting": "shared entries tagged with it and no meeting",
    "total": "all of those",
    "gaps": "meetings already held where nothing shared touched it",
})

OWNER_ACTIONS = Shape("actions by owner", {
    "owner": "a role",
    "open": "a list of action objects not yet done",
    "done": "a list of action objects done",
    "carried_forward": "how many of them were carried to a later meeting",
})

RATING_SERIES = Shape("rating series", {
    "person": "whose ratings",
    "statement_id": "the statement's id",
    "statement": "the statement",
    "ratings": "six ratings, meetings 1 to 6, each 1 to 5 or null",
    "average": "the average of the ratings given, or null",
})

GOAL_PROGRESS = Shape("goal progress", {
    "goal": "a goal object",
    "change": "the end score less the start score, or null",
    "evidence": "a list of entry objects linked to it that you can see",
})


# -- two laptops --------------------------------------------------------------------------------

CONFLICT = Shape("conflict", {
    "id": "what 'rmpair conflicts show ID' and 'resolve ID' take",
    "record": "the kind of record: entry, action, goal, agenda_item, meeting, checkin, person or pair",
    "what": "the record in words",
    "fields": "{field: [version, version]}, this laptop's version first",
})

CONFLICT_VERSION = Shape("conflict version", {
    "value": "the field's value in this version",
    "by": "the role that wrote it",
    "here": "true: written on this laptop",
})


# -- the programme content, settings and places -----------------------------------------------------

PROMPT = Shape("prompt", {
    "id": "the prompt's id: what 'rmpair add --prompt ID' takes",
    "category": "its RACE category's id",
    "roles": "who it is for: a list of roles",
    "meetings": "the meetings it fits, 1 to 6",
    "title": "its title",
    "text": "the prompt",
    "hint": "a hint for answering it (may be empty)",
})

CATEGORY = Shape("category", {
    "id": "the category's id",
    "name": "its name",
    "for_mentor": "what it means for the mentor",
    "for_mentee": "what it means for the mentee",
})

TEMPLATE = Shape("template", {
    "id": "the template's id: what 'rmpair add --template ID' takes",
    "kind": "reflection or observation: the kind of entry it writes",
    "title": "its title",
    "roles": "who it is offered to: a list of roles",
    "default": "true for the one the app opens first",
    "intro": "what it is for",
    "questions": "a list of template question objects",
    "closing": "words it ends with (may be empty)",
})

TEMPLATE_QUESTION = Shape("template question", {
    "id": "the section's or field's id",
    "heading": "its heading in the entry",
    "question": "what it asks",
    "kind": "text, choice, checklist, sbi or scale",
    "options": "the options to choose or tick (empty for text)",
    "needed": "true where the form asks for an answer",
})

SETTINGS = Shape("settings", {
    "theme": "the app's colour palette",
    "idle_minutes": "minutes without a key press before the app locks itself",
    "themes": "the palettes there are: a list of names",
    "file": "where the settings are kept",
    "problems": "sentences about a settings file that could not be used as it is",
})

PLACES = Shape("places", {
    "vault": "the vault file this command would open",
    "vault_exists": "true if it is there",
    "backups": "the backup files beside it (backup 1 is the newest), whether there or not",
    "lock": "the file that says a writer has the vault open",
    "settings": "the app's settings file",
    "prompts": "the folders of programme content, shipped first, then the programme's own",
    "drafts": "where --edit keeps a draft while the editor is open",
    "drafts_in_memory": "true if that is memory-backed storage",
})


COMMANDS: dict[str, str] = {
    "list, search": '{"entries": [entry]}',
    "show ID": '{"entry": entry, "goal": goal or null}',
    "action list": '{"actions": [action]}',
    "goal list": '{"goals": [goal]}',
    "meetings": '{"meetings": [meeting]}',
    "agenda N": '{"meeting": N, "items": [agenda item]}',
    "checkin N": "check-in",
    "progress [--review]": "progress",
    "conflicts": '{"conflicts": [conflict]}',
    "conflicts show ID": '{"conflict": conflict}',
    "prompts list": '{"prompts": [prompt]}',
    "prompts show ID": '{"prompt": prompt, "category": category or null}',
    "templates list": '{"templates": [template]}',
    "templates show ID": '{"template": template}',
    "settings": "settings",
    "where": "places",
}

SHAPES = (
    ENTRY, ACTION, GOAL, MEETING, AGENDA_ITEM, CHECKIN, CHECKIN_STATEMENT, PROGRESS, MEETING_PROGRESS,
    RACE_COVERAGE, OWNER_ACTIONS, RATING_SERIES, GOAL_PROGRESS, CONFLICT, CONFLICT_VERSION, PROMPT,
    CATEGORY, TEMPLATE, TEMPLATE_QUESTION, SETTINGS, PLACES,
)


def documentation() -> str:
    """What ``rmpair help json`` prints: each command's document, then each object."""
    width = max(len(command) for command in COMMANDS)
    lines = [
        "Every command that reads adds --json to print one JSON document instead of text.",
        "Keys keep their meaning; later versions may add keys, never remove them. Times are",
        "ISO 8601 in UTC to the second, dates YYYY-MM-DD, text exactly as stored.",
        "",
        "What each command prints:",
    ]
    lines += [f"  rmpair {command.ljust(width)}  {document}" for command, document in COMMANDS.items()]
    for shape in SHAPES:
        lines += ["", shape.describe()]
    return "\n".join(lines)


def listing(key: str, items: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {key: list(items)}
