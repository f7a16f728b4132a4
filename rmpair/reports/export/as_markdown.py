"""The export as Markdown: plain text that reads well as it is and renders anywhere.

The record is a run of blocks with one blank line between them (a heading, a list, an
entry); the pair's words in headings, lists and tables are escaped where Markdown would
misread them as markup, and entry bodies stay the Markdown their author wrote.

Fast at ten thousand entries: an entry is one string piece, each author's label is
escaped once, and escaping is a translate table.

No UI import here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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
from rmpair.reports.markdown_table import table_head, table_row

# Characters that start emphasis, code, links, HTML or table cells anywhere in a line,
# and what starts a block (a list, a quote, a heading) at its beginning.
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~#"})
_MD_LIST_OR_QUOTE = ("-", "+", ">")
_MD_NUMBERED = re.compile(r"^(\d+)([.)])")


def md_inline(text: str) -> str:
    """One line of the pair's text, escaped where Markdown would misread it as markup."""
    escaped = " ".join(visible_text(text).split()).translate(_MD_SPECIAL)
    if escaped.startswith(_MD_LIST_OR_QUOTE):
        escaped = "\\" + escaped
    # The pattern is tried only where it can match: the line starts with a digit.
    return _MD_NUMBERED.sub(r"\1\\\2", escaped) if escaped[:1].isdecimal() else escaped


def _check(done: bool) -> str:
    return "[x]" if done else "[ ]"


class MarkdownWriter(SectionWriter):
    """Blocks of text with one blank line between them; a list's items make one block."""

    def __init__(self) -> None:
        self._blocks: list[str] = []
        self._add_block = self._blocks.append
        self._items: list[str] = []
        self._authors: dict[str, str] = {}

    def text(self) -> str:
        return "\n\n".join(self._blocks) + "\n"

    def title(self, title: str, scope: str, warning: str) -> None:
        self._blocks += (f"# {title}", f"{scope}\n{warning}")

    def section(self, part: Part, heading: str) -> None:
        self._blocks.append(f"## {heading}")

    def end_section(self, part: Part) -> None:
        pass

    def begin_list(self, part: Part) -> None:
        self._items = []
        if part == "agenda":
            self._blocks.append(f"{AGENDA}:")
        elif part == "checkins":
            self._items += table_head(CHECKIN_COLUMNS)

    def end_list(self, part: Part) -> None:
        self._blocks.append("\n".join(self._items))

    def nothing(self, words: str) -> None:
        self._blocks.append(words)

    def person(self, label: str, name: str) -> None:
        self._items.append(f"- {label}: {md_inline(name)}")

    def fact(self, words: str) -> None:
        self._items.append(f"- {words}")

    def meeting(self, number: int | None, heading: str) -> None:
        self._blocks.append(f"### {heading}")

    def agenda_item(self, item: AgendaItemView, minutes: str) -> None:
        self._items.append(f"- {_check(item.done)} {md_inline(item.text)}{minutes}")

    def entry(self, entry: EntryView, author: str, visibility: str) -> None:
        label = self._authors.get(author)
        if label is None:
            label = self._authors[author] = md_inline(author)
        tags = ", ".join(entry.race_tags) if entry.race_tags else NO_RACE_TAGS
        body = visible_text(entry.body).strip("\n") or f"*{NO_TEXT}*"
        # One piece per entry: thousands of entries, five lines each.
        self._add_block(
            f"#### {md_inline(entry.display_title)}\n\n"
            f"*{kind_word(entry.kind)}, by {label}, {visibility}, {tags}; written {local_minute(entry.created_at)}*\n\n{body}"
        )

    def end_meeting(self) -> None:
        pass

    def action(self, action: ActionView, state: str) -> None:
        self._items.append(f"- {_check(action.done)} {md_inline(action.text)} ({state})")

    def goal(self, goal: GoalView, scores: str, evidence: Sequence[tuple[str, str]]) -> None:
        self._items.append(f"- {md_inline(goal.text)} ({scores})")
        self._items += (f"  - evidence: {md_inline(title)}" for _, title in evidence)

    def checkin(self, checkin: CheckinView, statement: str) -> None:
        cells = (checkin.meeting, checkin.person, md_inline(statement), f"{checkin.rating} of 5")
        self._items.append(table_row(cells))

    def end(self) -> None:
        pass


def render_markdown(doc: ExportDocument) -> str:
    writer = MarkdownWriter()
    walk(doc, writer)
    return writer.text()
