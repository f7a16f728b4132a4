"""The export as one self-contained HTML page, for a web browser or for printing.

Nothing on the page reaches beyond it: inline CSS, no scripts, no images or fonts fetched
from anywhere, a Content-Security-Policy that forbids them even if a bug let one through,
and every piece of text the pair wrote escaped. Entry bodies are Markdown rendered by
markdown-it-py with raw HTML off, so ``<script>`` in an entry shows as text, links with
``javascript:`` or ``data:`` URLs stay plain text (markdown-it's ``validateLink``), and an
image becomes a link the reader may choose to follow.

No UI import here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from rmpair.core.views import ActionView, AgendaItemView, CheckinView, EntryView, GoalView
from rmpair.core.moments import local_minute
from rmpair.core.vocabulary import kind_word
from rmpair.reports.export.document import ExportDocument
from rmpair.reports.export.walk import (
    AGENDA,
    CHECKIN_COLUMNS,
    NO_RACE_TAGS,
    NO_TEXT,
    Part,
    SectionWriter,
    visible_text,
    walk,
)

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


def _mark(done: bool) -> str:
    return "☑" if done else "☐"


_TABLE_HEAD = "<thead><tr>" + "".join(f"<th>{c}</th>" for c in CHECKIN_COLUMNS) + "</tr></thead>"
# How each list opens and closes; the pair's list and a goal list are plain bullets.
_LIST_OPEN = {
    "agenda": f'<h4>{AGENDA}</h4>\n<ul class="agenda">',
    "actions": '<ul class="actions">',
    "checkins": f"<table>\n{_TABLE_HEAD}\n<tbody>",
}
_LIST_CLOSE = {"checkins": "</tbody>\n</table>"}


class HtmlWriter(SectionWriter):
    """The page as lines: each section, meeting and entry an element of its own."""

    def __init__(self) -> None:
        self._md = _markdown_renderer()
        self._lines: list[str] = []
        self._authors: dict[str, str] = {}

    def text(self) -> str:
        return "\n".join(self._lines) + "\n"

    def title(self, title: str, scope: str, warning: str) -> None:
        self._lines += (
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title>",
            f"<style>\n{_CSS}\n</style>",
            "</head>",
            "<body>",
            "<main>",
            f"<h1>{title}</h1>",
            f'<p class="note">{_h(scope)}</p>',
            f'<p class="warning">{warning}</p>',
        )

    def section(self, part: Part, heading: str) -> None:
        self._lines += (f'<section id="{part}">', f"<h2>{heading}</h2>")

    def end_section(self, part: Part) -> None:
        self._lines.append("</section>")

    def begin_list(self, part: Part) -> None:
        self._lines.append(_LIST_OPEN.get(part, "<ul>"))

    def end_list(self, part: Part) -> None:
        self._lines.append(_LIST_CLOSE.get(part, "</ul>"))

    def nothing(self, words: str) -> None:
        self._lines.append(f"<p>{words}</p>")

    def person(self, label: str, name: str) -> None:
        self._lines.append(f"<li>{label}: <bdi>{_h(name)}</bdi></li>")

    def fact(self, words: str) -> None:
        self._lines.append(f"<li>{words}</li>")

    def meeting(self, number: int | None, heading: str) -> None:
        self._lines += (
            f'<section class="meeting" id="meeting-{"none" if number is None else number}">',
            f"<h3>{_h(heading)}</h3>",
        )

    def agenda_item(self, item: AgendaItemView, minutes: str) -> None:
        state = "done" if item.done else "not done"
        self._lines.append(
            f'<li><span aria-label="{state}">{_mark(item.done)}</span> '
            f'<span dir="auto">{_h(item.text)}</span>{minutes}</li>'
        )

    def entry(self, entry: EntryView, author: str, visibility: str) -> None:
        label = self._authors.get(author)
        if label is None:
            label = self._authors[author] = _h(author)
        tags = "".join(f'<span class="tag">{_h(t)}</span>' for t in entry.race_tags) or NO_RACE_TAGS
        body = visible_text(entry.body)
        rendered = _render_body(self._md, body) if body.strip() else f"<p><em>{NO_TEXT}</em></p>\n"
        self._lines += (
            f'<article class="entry {visibility}" id="entry-{_h(entry.id)}">',
            f'<h4 dir="auto">{_h(entry.display_title)}</h4>',
            f'<p class="meta">{_h(kind_word(entry.kind))}, by <bdi>{label}</bdi>, '
            f"{visibility}, written {_h(local_minute(entry.created_at))}. {tags}</p>",
            f'<div class="body" dir="auto">\n{rendered}</div>',
            "</article>",
        )

    def end_meeting(self) -> None:
        self._lines.append("</section>")

    def action(self, action: ActionView, state: str) -> None:
        self._lines.append(f'<li>{_mark(action.done)} <span dir="auto">{_h(action.text)}</span> ({_h(state)})</li>')

    def goal(self, goal: GoalView, scores: str, evidence: Sequence[tuple[str, str]]) -> None:
        self._lines.append(f'<li><span dir="auto">{_h(goal.text)}</span> ({_h(scores)})')
        if evidence:
            self._lines.append("<ul>")
            self._lines += (
                f'<li>evidence: <a href="#entry-{_h(entry_id)}" dir="auto">{_h(title)}</a></li>'
                for entry_id, title in evidence
            )
            self._lines.append("</ul>")
        self._lines.append("</li>")

    def checkin(self, checkin: CheckinView, statement: str) -> None:
        self._lines.append(
            f"<tr><td>{checkin.meeting}</td><td>{_h(checkin.person)}</td>"
            f"<td>{_h(statement)}</td><td>{checkin.rating} of 5</td></tr>"
        )

    def end(self) -> None:
        self._lines += ("</main>", "</body>", "</html>")


def render_html(doc: ExportDocument) -> str:
    writer = HtmlWriter()
    walk(doc, writer)
    return writer.text()
