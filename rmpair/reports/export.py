"""Exporting what the pair wrote to one unencrypted file: Markdown, HTML or JSON.

An export holds only what is shared, unless the person exporting asks for their own
private entries too (``include_private``). The partner's private entries are never in it:
the service cannot even decrypt them, and ``build_export`` checks anyway.

The HTML is one self-contained page: inline CSS, no scripts, no images or fonts fetched
from anywhere, a Content-Security-Policy that forbids them even if a bug let one through,
and every piece of text the pair wrote escaped. Entry bodies are Markdown rendered by
markdown-it-py with raw HTML off, so ``<script>`` in an entry shows as text, and links with
``javascript:`` or ``data:`` URLs stay plain text (markdown-it's ``validateLink``).

Control characters (a terminal escape such as ESC ``[31m``) are shown as their visible
Unicode pictures (``␛``) in Markdown and HTML, so opening or printing an export in a
terminal can never drive the terminal. JSON keeps every character exactly (the JSON
encoder writes them as ``\\u001b``), so it is the lossless format.

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
                 "midway_score": int | null, "final_score": int | null,
                 "evidence": [entry id]}],   # only ids in "entries"
      "checkins": [{"meeting": int, "person": "mentor" | "mentee", "statement_id": str,
                    "statement": str, "rating": 1..5}]
    }

No UI import here.
"""

from __future__ import annotations

import errno
import html
import json
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rmpair.core.errors import RmpairError
from rmpair.core.views import ActionView, CheckinView, EntryView, GoalView, MeetingView, PairView
from rmpair.core.visible_text import visible

if TYPE_CHECKING:
    from rmpair.content import ContentPack
    from rmpair.core.pair_reader import PairReader

FORMATS = ("markdown", "html", "json")
FORMAT_SUFFIXES = {"markdown": ".md", "html": ".html", "json": ".json"}
EXPORT_FORMAT_NAME = "rmpair-export"
EXPORT_FORMAT_VERSION = 1
EXPORT_FILE_MODE = 0o600

UNENCRYPTED_WARNING = (
    "The export will NOT be encrypted: anyone who can open the file can read everything in it. "
    "Keep it somewhere only you can reach, and delete it when you no longer need it."
)


class ExportError(RmpairError):
    """An export could not be written; nothing was left behind."""


class ExportFileExists(ExportError):
    """The file to write already exists and replacing it was not asked for."""


class ExportFolderMissing(ExportError):
    """The folder the file should go in does not exist; we never create folders unasked."""


# -- the document ------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportDocument:
    """Everything one export holds, already filtered to what may leave the vault."""

    exported_at: datetime
    exported_by: str
    include_private: bool
    pair: PairView
    meetings: tuple[MeetingView, ...]
    entries: tuple[EntryView, ...]
    actions: tuple[ActionView, ...]
    goals: tuple[GoalView, ...]
    checkins: tuple[CheckinView, ...]
    statements: Mapping[str, str] = field(default_factory=dict)  # check-in statement id -> text

    def entries_for(self, meeting: int | None) -> tuple[EntryView, ...]:
        return tuple(e for e in self.entries if e.meeting == meeting)

    def statement_text(self, statement_id: str) -> str:
        return self.statements.get(statement_id, statement_id)


def build_export(
    service: PairReader,
    *,
    include_private: bool,
    content: ContentPack | None = None,
    exported_at: datetime | None = None,
) -> ExportDocument:
    """What an export by the unlocked person holds.

    Shared entries always; with ``include_private``, also this person's own private
    entries, never the partner's. Check-in ratings of people who share them; with
    ``include_private``, this person's own too. Goal evidence lists only entries in the
    export, so a shared export does not even betray that a private entry exists.
    """
    me = service.me.role
    visible = service.entries()
    if any(e.private and e.author != me for e in visible):
        # The service cannot decrypt the partner's private entries, so this means a bug;
        # stop loudly rather than quietly decide what is safe to write.
        raise ExportError(
            "Your partner's private entry was visible to this export, which must never happen; "
            "nothing was exported. Please report this."
        )
    entries = tuple(e for e in visible if not e.private or (include_private and e.author == me))
    exported_ids = {e.id for e in entries}

    people = [p for p in (service.me, service.partner) if p is not None]
    sharing = {p.role for p in people if p.share_checkins}
    checkins = tuple(
        c for c in service.checkins() if c.person in sharing or (include_private and c.person == me)
    )
    goals = tuple(
        replace(goal, evidence=tuple(i for i in goal.evidence if i in exported_ids)) for goal in service.goals()
    )
    if content is None:
        from rmpair.content import load_content

        content = load_content()
    return ExportDocument(
        exported_at=exported_at or datetime.now(timezone.utc),
        exported_by=me,
        include_private=include_private,
        pair=service.pair(),
        meetings=tuple(service.meetings()),
        entries=entries,
        actions=tuple(service.actions()),
        goals=goals,
        checkins=checkins,
        statements={s.id: s.text for s in content.checkin_statements},
    )


# -- text helpers ------------------------------------------------------------------------

def visible_text(text: str) -> str:
    """The text with line ends made ``\\n`` and control characters made visible and inert."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return visible(text)


def _one_line(text: str) -> str:
    return " ".join(visible_text(text).split())


def iso(moment: datetime | date | None) -> str | None:
    """ISO 8601; a time without a zone is UTC (the service stores UTC)."""
    if moment is None:
        return None
    if isinstance(moment, datetime) and moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.isoformat()


def _name(doc: ExportDocument, role: str) -> str:
    person = getattr(doc.pair, role, None)
    return person.name if person is not None else ""


def _person_label(doc: ExportDocument, role: str) -> str:
    name = _name(doc, role)
    return f"{name} ({role})" if name else role


def _meeting_state(meeting: MeetingView) -> str:
    if meeting.held:
        return f"held {meeting.held_date.isoformat()}" if meeting.held_date else "held"
    if meeting.status == "cancelled":
        return "cancelled"
    return f"planned {meeting.planned_date.isoformat()}" if meeting.planned_date else "not planned yet"


def _action_state(action: ActionView) -> str:
    parts = ["done" if action.done else "open", f"owner {action.owner}"]
    parts.append(f"due at meeting {action.due_meeting}" if action.due_meeting else "no meeting")
    if action.carried_from:
        parts.append(f"carried forward from meeting {action.carried_from}")
    return ", ".join(parts)


def _meeting_groups(doc: ExportDocument) -> list[tuple[MeetingView | None, tuple[EntryView, ...]]]:
    groups: list[tuple[MeetingView | None, tuple[EntryView, ...]]] = [
        (m, doc.entries_for(m.number)) for m in doc.meetings
    ]
    known = {m.number for m in doc.meetings}
    loose = tuple(e for e in doc.entries if e.meeting is None or e.meeting not in known)
    if loose:
        groups.append((None, loose))
    return groups


def _title_line(doc: ExportDocument) -> str:
    scope = "shared entries and your own private entries" if doc.include_private else "shared entries only"
    return f"Exported {iso(doc.exported_at)} by the {doc.exported_by}; {scope}."


# -- Markdown -------------------------------------------------------------------------------

# Characters that start emphasis, code, links, HTML or table cells anywhere in a line,
# and what starts a block (a list, a quote, a heading) at its beginning.
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~#"})
_MD_LIST_OR_QUOTE = ("-", "+", ">")
_MD_NUMBERED = re.compile(r"^(\d+)([.)])")


def _md_inline(text: str) -> str:
    """One line of the pair's text, escaped where Markdown would misread it as markup."""
    escaped = _one_line(text).translate(_MD_SPECIAL)
    if escaped.startswith(_MD_LIST_OR_QUOTE):
        escaped = "\\" + escaped
    # The pattern is tried only where it can match: the line starts with a digit.
    return _MD_NUMBERED.sub(r"\1\\\2", escaped) if escaped[:1].isdecimal() else escaped


def render_markdown(doc: ExportDocument) -> str:
    out: list[str] = []
    add = out.append
    add("# Reverse mentoring: the pair's record")
    add("")
    add(_title_line(doc))
    add("This file is not encrypted.")
    add("")
    add("## The pair")
    add("")
    for role in ("mentor", "mentee"):
        name = _name(doc, role)
        add(f"- {role.capitalize()}: {_md_inline(name) if name else '(not joined yet)'}")
    add(f"- Programme start: {doc.pair.programme_start.isoformat()}")
    add(f"- Meets every {doc.pair.cadence_weeks} weeks")
    add("")
    add("## Meetings")
    # Thousands of entries share two authors: escape each label once.
    author_label = cache(lambda role: _md_inline(_person_label(doc, role)))
    for meeting, entries in _meeting_groups(doc):
        add("")
        if meeting is None:
            add("### Not tied to a meeting")
        else:
            add(f"### Meeting {meeting.number}: {_meeting_state(meeting)}")
            add("")
            if meeting.agenda:
                add("Agenda:")
                add("")
                for item in meeting.agenda:
                    minutes = f" ({item.minutes} min)" if item.minutes else ""
                    add(f"- [{'x' if item.done else ' '}] {_md_inline(item.text)}{minutes}")
            else:
                add("No agenda items.")
        for entry in entries:
            # One piece per entry, lines joined here: thousands of entries, seven lines each.
            tags = ", ".join(entry.race_tags) if entry.race_tags else "no RACE tags"
            visibility = "private" if entry.private else "shared"
            body = visible_text(entry.body).strip("\n") or "*(no text)*"
            add(
                f"\n#### {_md_inline(entry.display_title)}\n\n"
                f"*{entry.kind}, by {author_label(entry.author)}, {visibility}, {tags}; "
                f"written {iso(entry.created_at)}*\n\n{body}"
            )
        if meeting is not None and not entries:
            add("")
            add("No entries for this meeting.")
    add("")
    add("## Actions")
    add("")
    if not doc.actions:
        add("No actions yet.")
    for action in doc.actions:
        add(f"- [{'x' if action.done else ' '}] {_md_inline(action.text)} ({_action_state(action)})")
    add("")
    add("## Goals")
    add("")
    if not doc.goals:
        add("No goals yet.")
    titles = {e.id: e.display_title for e in doc.entries}
    for goal in doc.goals:
        add(f"- {_md_inline(goal.text)} ({_goal_scores(goal)})")
        for entry_id in goal.evidence:
            add(f"  - evidence: {_md_inline(titles.get(entry_id, entry_id))}")
    add("")
    add("## Check-ins")
    add("")
    if not doc.checkins:
        add("No check-in ratings to show.")
    else:
        add("| Meeting | Person | Statement | Rating |")
        add("| --- | --- | --- | --- |")
        for c in doc.checkins:
            add(f"| {c.meeting} | {c.person} | {_md_inline(doc.statement_text(c.statement_id))} | {c.rating} of 5 |")
    add("")
    return "\n".join(out)


def _goal_scores(goal: GoalView) -> str:
    def shown(score: int | None) -> str:
        return "-" if score is None else str(score)

    return (
        f"owner {goal.owner}, score at start {shown(goal.baseline_score)}, "
        f"midway {shown(goal.midway_score)}, at close {shown(goal.final_score)}"
    )


# -- HTML -----------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
body { font-family: Georgia, "Times New Roman", serif; line-height: 1.5; color: #1a1a1a;
       background: #fff; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3, h4 { font-family: system-ui, sans-serif; line-height: 1.25; }
h2 { border-bottom: 1px solid #999; padding-bottom: .2rem; margin-top: 2.5rem; }
.note { color: #444; font-size: .95rem; }
.warning { border-left: 4px solid #a33; padding: .3rem .8rem; background: #fbeeee; }
.meta { color: #444; font-size: .9rem; font-family: system-ui, sans-serif; }
.tag { display: inline-block; border: 1px solid #777; border-radius: .6rem; padding: 0 .45rem;
       font-size: .8rem; margin-right: .2rem; }
article.entry { border-top: 1px solid #ddd; padding-top: .5rem; margin-top: 1rem; }
article.private { border-left: 3px dashed #777; padding-left: .8rem; }
.body { overflow-wrap: anywhere; }
.body pre { white-space: pre-wrap; background: #f4f4f4; padding: .5rem; }
.body code { background: #f4f4f4; }
.body blockquote { border-left: 3px solid #bbb; margin-left: 0; padding-left: 1rem; color: #333; }
table { border-collapse: collapse; }
th, td { border: 1px solid #999; padding: .2rem .5rem; text-align: left; vertical-align: top; }
ul.agenda, ul.actions { list-style: none; padding-left: 0; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; color: #000; }
  .warning { background: none; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  article.entry, li, tr { break-inside: avoid; page-break-inside: avoid; }
  section.meeting { break-before: auto; }
  a { color: #000; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; }
}
""".strip()

# Belt and braces: even if rendered HTML ever carried a script, an image or a style sheet
# from elsewhere, the browser would refuse to run or fetch it.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def _markdown_renderer() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")

    def image(self: Any, tokens: Sequence[Any], idx: int, options: Any, env: Any) -> str:
        # An <img> would fetch from wherever its src points the moment the page opens;
        # show the alt text and, for a web address, a link the reader may choose to follow.
        token = tokens[idx]
        alt = html.escape(self.renderInlineAsText(token.children or [], options, env))
        src = token.attrGet("src") or ""
        label = f"[image: {alt}]" if alt else "[image]"
        if re.match(r"https?://", src, re.IGNORECASE):
            return f'<a href="{html.escape(src)}" rel="noopener noreferrer nofollow">{label}</a>'
        return f'<span class="image">{label}</span>'

    def link_open(self: Any, tokens: Sequence[Any], idx: int, options: Any, env: Any) -> str:
        tokens[idx].attrSet("rel", "noopener noreferrer nofollow")
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("image", image)
    md.add_render_rule("link_open", link_open)
    return md


def _render_body(md: Any, body: str) -> str:
    # An entry sits under an <h4>; its own headings go below that, so "# Idea" in a body
    # does not read as a new section of the export (or of the outline a screen reader gives).
    tokens = md.parse(body)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 4, 6)}"
    return md.renderer.render(tokens, md.options, {})


def _h(text: str) -> str:
    """The pair's words, made safe for HTML text and attribute values."""
    return html.escape(visible_text(text), quote=True)


def render_html(doc: ExportDocument) -> str:
    md = _markdown_renderer()
    out: list[str] = []
    add = out.append
    add("<!DOCTYPE html>")
    add('<html lang="en">')
    add("<head>")
    add('<meta charset="utf-8">')
    add(f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">')
    add('<meta name="referrer" content="no-referrer">')
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add("<title>Reverse mentoring: the pair's record</title>")
    add(f"<style>\n{_CSS}\n</style>")
    add("</head>")
    add("<body>")
    add("<main>")
    add("<h1>Reverse mentoring: the pair's record</h1>")
    add(f'<p class="note">{_h(_title_line(doc))}</p>')
    add('<p class="warning">This file is not encrypted.</p>')

    add('<section id="pair">')
    add("<h2>The pair</h2>")
    add("<ul>")
    for role in ("mentor", "mentee"):
        name = _name(doc, role)
        shown = f'<bdi>{_h(name)}</bdi>' if name else "(not joined yet)"
        add(f"<li>{role.capitalize()}: {shown}</li>")
    add(f"<li>Programme start: {doc.pair.programme_start.isoformat()}</li>")
    add(f"<li>Meets every {doc.pair.cadence_weeks} weeks</li>")
    add("</ul>")
    add("</section>")

    add('<section id="meetings">')
    add("<h2>Meetings</h2>")
    for meeting, entries in _meeting_groups(doc):
        if meeting is None:
            add('<section class="meeting" id="meeting-none">')
            add("<h3>Not tied to a meeting</h3>")
        else:
            add(f'<section class="meeting" id="meeting-{meeting.number}">')
            add(f"<h3>Meeting {meeting.number}: {_h(_meeting_state(meeting))}</h3>")
            if meeting.agenda:
                add("<h4>Agenda</h4>")
                add('<ul class="agenda">')
                for item in meeting.agenda:
                    mark = "☑" if item.done else "☐"
                    state = "done" if item.done else "not done"
                    minutes = f" ({item.minutes} min)" if item.minutes else ""
                    add(
                        f'<li><span aria-label="{state}">{mark}</span> '
                        f'<span dir="auto">{_h(item.text)}</span>{minutes}</li>'
                    )
                add("</ul>")
            else:
                add("<p>No agenda items.</p>")
            if not entries:
                add("<p>No entries for this meeting.</p>")
        for entry in entries:
            visibility = "private" if entry.private else "shared"
            add(f'<article class="entry {visibility}" id="entry-{_h(entry.id)}">')
            add(f'<h4 dir="auto">{_h(entry.display_title)}</h4>')
            tags = "".join(f'<span class="tag">{_h(t)}</span>' for t in entry.race_tags) or "no RACE tags"
            add(
                f'<p class="meta">{_h(entry.kind)}, by <bdi>{_h(_person_label(doc, entry.author))}</bdi>, '
                f"{visibility}, written {_h(iso(entry.created_at) or '')}. {tags}</p>"
            )
            body = visible_text(entry.body)
            rendered = _render_body(md, body) if body.strip() else "<p><em>(no text)</em></p>\n"
            add(f'<div class="body" dir="auto">\n{rendered}</div>')
            add("</article>")
        add("</section>")
    add("</section>")

    add('<section id="actions">')
    add("<h2>Actions</h2>")
    if not doc.actions:
        add("<p>No actions yet.</p>")
    else:
        add('<ul class="actions">')
        for action in doc.actions:
            mark = "☑" if action.done else "☐"
            add(f'<li>{mark} <span dir="auto">{_h(action.text)}</span> ({_h(_action_state(action))})</li>')
        add("</ul>")
    add("</section>")

    add('<section id="goals">')
    add("<h2>Goals</h2>")
    if not doc.goals:
        add("<p>No goals yet.</p>")
    else:
        titles = {e.id: e.display_title for e in doc.entries}
        add("<ul>")
        for goal in doc.goals:
            add(f'<li><span dir="auto">{_h(goal.text)}</span> ({_h(_goal_scores(goal))})')
            if goal.evidence:
                add("<ul>")
                for entry_id in goal.evidence:
                    add(
                        f'<li>evidence: <a href="#entry-{_h(entry_id)}" dir="auto">'
                        f"{_h(titles.get(entry_id, entry_id))}</a></li>"
                    )
                add("</ul>")
            add("</li>")
        add("</ul>")
    add("</section>")

    add('<section id="checkins">')
    add("<h2>Check-ins</h2>")
    if not doc.checkins:
        add("<p>No check-in ratings to show.</p>")
    else:
        add("<table>")
        add("<thead><tr><th>Meeting</th><th>Person</th><th>Statement</th><th>Rating</th></tr></thead>")
        add("<tbody>")
        for c in doc.checkins:
            add(
                f"<tr><td>{c.meeting}</td><td>{_h(c.person)}</td>"
                f"<td>{_h(doc.statement_text(c.statement_id))}</td><td>{c.rating} of 5</td></tr>"
            )
        add("</tbody>")
        add("</table>")
    add("</section>")
    add("</main>")
    add("</body>")
    add("</html>")
    return "\n".join(out) + "\n"


# -- JSON -----------------------------------------------------------------------------------


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


def render_json(doc: ExportDocument) -> str:
    # ensure_ascii=False keeps names and emoji readable; the encoder still writes every
    # control character as \\uXXXX, so the file is safe to print in a terminal.
    return json.dumps(export_data(doc), ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"markdown": render_markdown, "html": render_html, "json": render_json}


def render(doc: ExportDocument, format: str) -> str:
    try:
        renderer = RENDERERS[format]
    except KeyError:
        raise ExportError(f"'{format}' is not an export format; use {', '.join(FORMATS)}.") from None
    return renderer(doc)


def format_for_path(path: str | os.PathLike[str], default: str = "markdown") -> str:
    """The format a file name suggests (.md, .html, .json), else ``default``."""
    suffix = Path(path).suffix.lower()
    for format, suffixes in {"markdown": (".md", ".markdown"), "html": (".html", ".htm"), "json": (".json",)}.items():
        if suffix in suffixes:
            return format
    return default


# -- writing --------------------------------------------------------------------------------


def _exists(path: Path) -> ExportFileExists:
    return ExportFileExists(f"{path} already exists; nothing was written. Choose another path, or ask to replace it.")


def check_export_path(out_path: str | os.PathLike[str], *, force: bool) -> Path:
    """Refuse a path we would not write to, before any work (or passphrase) is spent."""
    path = Path(out_path).expanduser()
    if path.name in ("", ".", ".."):
        raise ExportError(f"{out_path} is not a file name; give a path such as pair-export.md.")
    parent = path.parent
    if not parent.is_dir():
        if parent.exists():
            raise ExportFolderMissing(f"{parent} is not a folder; choose a path inside a folder.")
        raise ExportFolderMissing(
            f"The folder {parent} does not exist; create it first or choose another path. Nothing was written."
        )
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name inside it, such as {path / 'pair-export.md'}.")
    if os.path.lexists(path) and not force:
        raise _exists(path)
    return path


def write_export(text: str, out_path: str | os.PathLike[str], *, force: bool) -> None:
    """Write ``text`` to exactly ``out_path``, readable by its owner only (mode 0600).

    The text goes to a temporary file in the same folder, which then takes the final name
    in one step, so a reader never sees half a file and a failure leaves nothing behind.
    Without ``force`` an existing file is never replaced, even one that appears while we
    write. A missing folder is an error: we do not create folders.
    """
    path = check_export_path(out_path, force=force)
    data = text.encode("utf-8")
    try:
        # mkstemp creates the file with mode 0600 and refuses to reuse an existing name.
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise ExportError(f"Cannot write in {path.parent} ({error.strerror}); nothing was written.") from error
    temp = Path(temp_name)
    try:
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temp, EXPORT_FILE_MODE)
            if force:
                os.replace(temp, path)
            else:
                _place_without_replacing(temp, path)
        except ExportError:
            raise
        except OSError as error:
            raise ExportError(f"Cannot write {path} ({error.strerror}); nothing was written.") from error
    finally:
        if temp.exists():
            temp.unlink()


def _place_without_replacing(temp: Path, path: Path) -> None:
    # A hard link takes the name only if it is free, in one step; where the file system
    # has no hard links, check and rename (a file appearing in between is then replaced).
    try:
        os.link(temp, path)
    except FileExistsError:
        raise _exists(path) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        if os.path.lexists(path):
            raise _exists(path) from None
        os.replace(temp, path)
    else:
        temp.unlink()


def default_file_name(format: str, today: date | None = None) -> str:
    day = (today or date.today()).isoformat()
    return f"rmpair-export-{day}{FORMAT_SUFFIXES.get(format, '.txt')}"


__all__ = [
    "EXPORT_FILE_MODE",
    "FORMATS",
    "UNENCRYPTED_WARNING",
    "ExportDocument",
    "ExportError",
    "ExportFileExists",
    "ExportFolderMissing",
    "build_export",
    "check_export_path",
    "default_file_name",
    "export_data",
    "format_for_path",
    "iso",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "visible_text",
    "write_export",
]
