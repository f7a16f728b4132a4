"""The export as JSON: every value exactly as stored, for other programs.

JSON keeps every character exactly (the JSON encoder writes control characters as
``\\u001b``), so it is the lossless format. It does not go through the walk that
Markdown and HTML share: that walk is a reading order with words worked out for a reader
(entries grouped under their meetings, states and labels in sentences), while JSON mirrors
the records themselves (entries in one flat list in the document's order, ids for links,
raw values), so a plain structure builder says it directly.

JSON structure (``"format": "rmpair-export"``, ``"version": 1``); keys appear in this order
and new keys may be added in later versions, but these never change meaning::

    {
      "format": "rmpair-export",
      "version": 1,
      "exported_at": "2026-03-01T10:00:00+00:00",   # ISO 8601, UTC
      "exported_by": "mentor" | "mentee",
      "includes_private": false,                   # true: the exporter's own private entries too
      "pair": {"programme_start": "2026-01-05", "cadence_weeks": 4,
               "mentor": {"name": str} | null, "mentee": {"name": str} | null},
      "meetings": [{"number": 1, "status": "planned" | "held" | "cancelled",
                    "planned_date": "YYYY-MM-DD" | null, "held_date": "YYYY-MM-DD" | null,
                    "agenda": [{"id": str, "position": int, "text": str,
                                "minutes": int | null, "done": bool}]}],
      "entries": [{"id": str, "kind": str, "author": "mentor" | "mentee", "private": bool,
                   "meeting": int | null, "race_tags": [str], "title": str,
                   "body": str (Markdown), "template_id": str | null, "on_agenda": bool,
                   "goal_id": str | null, "created_at": ISO 8601, "updated_at": ISO 8601}],
      "actions": [{"id": str, "owner": "mentor" | "mentee", "text": str,
                   "due_meeting": int | null, "done": bool, "carried_from": int | null,
                   "created_at": ISO 8601, "done_at": ISO 8601 | null}],
      "goals": [{"id": str, "owner": str, "text": str, "baseline_score": int | null,
                 "midway_score": int | null, "final_score": int | null,   # the owner's own
                 "partner_scores": {"start" | "midway" | "end": int},   # the other person's
                 "scores_hidden": [[role, point]],   # given, not shown until the exporter scores too
                 "looks_like": [str] * 5 | [],   # what 1 to 5 look like, "" where not written
                 "evidence": [entry id]}],   # only ids in "entries"
      "checkins": [{"meeting": int, "person": "mentor" | "mentee", "statement_id": str,
                    "statement": str, "rating": 1..5}]
    }

No UI import here.
"""

from __future__ import annotations

import json
from typing import Any

from rmpair.reports.export.document import ExportDocument, iso

EXPORT_FORMAT_NAME = "rmpair-export"
EXPORT_FORMAT_VERSION = 1


def export_data(doc: ExportDocument) -> dict[str, Any]:
    """The JSON structure described in the module docstring, as Python values."""

    def person(role: str) -> dict[str, str] | None:
        found = getattr(doc.pair, role, None)
        return {"name": found.name} if found is not None else None

    return {
        "format": EXPORT_FORMAT_NAME,
        "version": EXPORT_FORMAT_VERSION,
        "exported_at": iso(doc.exported_at),
        "exported_by": doc.exported_by,
        "includes_private": doc.include_private,
        "pair": {
            "programme_start": iso(doc.pair.programme_start),
            "cadence_weeks": doc.pair.cadence_weeks,
            "mentor": person("mentor"),
            "mentee": person("mentee"),
        },
        "meetings": [
            {
                "number": m.number,
                "status": m.status,
                "planned_date": iso(m.planned_date),
                "held_date": iso(m.held_date),
                "agenda": [
                    {"id": i.id, "position": i.position, "text": i.text, "minutes": i.minutes, "done": i.done}
                    for i in m.agenda
                ],
            }
            for m in doc.meetings
        ],
        "entries": [
            {
                "id": e.id,
                "kind": e.kind,
                "author": e.author,
                "private": e.private,
                "meeting": e.meeting,
                "race_tags": list(e.race_tags),
                "title": e.title,
                "body": e.body,
                "template_id": e.template_id,
                "on_agenda": e.on_agenda,
                "goal_id": e.goal_id,
                "created_at": iso(e.created_at),
                "updated_at": iso(e.updated_at),
            }
            for e in doc.entries
        ],
        "actions": [
            {
                "id": a.id,
                "owner": a.owner,
                "text": a.text,
                "due_meeting": a.due_meeting,
                "done": a.done,
                "carried_from": a.carried_from,
                "created_at": iso(a.created_at),
                "done_at": iso(a.done_at),
            }
            for a in doc.actions
        ],
        "goals": [
            {
                "id": g.id,
                "owner": g.owner,
                "text": g.text,
                "baseline_score": g.baseline_score,
                "midway_score": g.midway_score,
                "final_score": g.final_score,
                "partner_scores": dict(g.partner_scores),
                "scores_hidden": [list(pair) for pair in sorted(g.hidden)],
                "looks_like": list(g.looks_like),
                "evidence": list(g.evidence),
            }
            for g in doc.goals
        ],
        "checkins": [
            {
                "meeting": c.meeting,
                "person": c.person,
                "statement_id": c.statement_id,
                "statement": doc.statement_text(c.statement_id),
                "rating": c.rating,
            }
            for c in doc.checkins
        ],
    }


# ensure_ascii=False keeps names and emoji readable; the encoder still writes every
# control character as \\uXXXX, so the file is safe to print in a terminal. Without an
# indent, so the C encoder writes it: with one, Python 3.11 falls back to its pure-Python
# encoder, which took two thirds of a 5,000-entry export.
_encode = json.JSONEncoder(ensure_ascii=False).encode


def render_json(doc: ExportDocument) -> str:
    """One top-level key a line, and each record of a list on a line of its own: readable
    and easy to compare line by line, while every record is written by the C encoder."""
    lines = []
    for key, value in export_data(doc).items():
        if isinstance(value, list) and value:
            records = ",\n    ".join(map(_encode, value))
            lines.append(f"  {_encode(key)}: [\n    {records}\n  ]")
        else:
            lines.append(f"  {_encode(key)}: {_encode(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"
