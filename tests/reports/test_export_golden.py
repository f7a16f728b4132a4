"""Every export format, byte for byte, for two fixed documents.

The golden files in ``golden/`` are what the renderers wrote for these documents when the
export was one module; the package that replaced it must write the same bytes. The rich
document reaches every branch of the walk (a meeting in each state, agendas with and
without minutes, entries of both people, private and shared, loose and at an unknown
meeting, goals with missing evidence, an unknown check-in statement) and every escape (Markdown
specials at the start of a line, HTML specials, control characters, carriage returns,
right-to-left text, raw HTML, script links and images in a body). The sparse one reaches
the words for what is missing.

A deliberate change to an export's bytes regenerates the files with
``python -m tests.reports.test_export_golden`` and shows the difference in review.
Markdown and HTML say times in the reader's time zone, so both run in UTC.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from rmpair.core.views import (
    ActionView,
    AgendaItemView,
    CheckinView,
    EntryView,
    GoalView,
    MeetingView,
    PairView,
    PersonView,
)
from rmpair.reports.export import FORMAT_SUFFIXES, FORMATS, ExportDocument, render

GOLDEN = Path(__file__).parent / "golden"
WRITTEN = datetime(2026, 2, 1, 9, 30, tzinfo=timezone.utc)


def _entry(id: str, meeting: int | None, title: str, body: str, **changes) -> EntryView:
    fields = dict(
        id=id, kind="talking-point", author="mentor", private=False, meeting=meeting,
        race_tags=("resistance",), title=title, body=body, template_id=None, on_agenda=False,
        goal_id=None, created_at=WRITTEN, updated_at=WRITTEN,
    )
    fields.update(changes)
    return EntryView(**fields)


BODY_WITH_MARKUP = (
    "# Idea\n\nA *stressed* word, **strong**, `code`, and a [safe link](https://example.org/a?b=1&c=2).\n\n"
    "- one\n- two\n\n"
    "[a script link](javascript:alert(1)) and ![a picture](https://example.org/p.png) "
    "and ![](data:image/png;base64,AAAA) and ![local](file:///etc/passwd)\n\n"
    "<script>alert('x')</script>\n\n"
    "| a | b |\n| --- | --- |\n| 1 | 2 |\n\n"
    "###### deepest\n\n> quoted\n\n```\nfenced \x07 bell\n```\n"
)

RICH = ExportDocument(
    exported_at=datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc),
    exported_by="mentee",
    include_private=True,
    pair=PairView(
        programme_start=date(2026, 1, 5),
        cadence_weeks=4,
        mentor=PersonView("mentor", "Ada *Lovelace* <b>&amp; | [x]"),
        mentee=PersonView("mentee", "عائشة \x1b[31mred\x1b[0m"),
    ),
    meetings=(
        MeetingView(1, date(2026, 1, 5), date(2026, 1, 6), "held", (
            AgendaItemView("a1", 1, 0, "Ground rules", 10, True),
            AgendaItemView("a2", 1, 1, "Stories *we* bring | <pipes> & more", None, False),
        )),
        MeetingView(2, date(2026, 2, 2), None, "held"),
        MeetingView(3, date(2026, 3, 2), None, "cancelled", (AgendaItemView("a3", 3, 0, "- dash first", 5, False),)),
        MeetingView(4, date(2026, 4, 1), None, "planned"),
        MeetingView(5, None, None, "planned"),
        MeetingView(6, date(2026, 6, 1), None, "planned", (AgendaItemView("a4", 6, 0, "1. numbered", 0, True),)),
    ),
    entries=(
        _entry("e1", 1, "- starts like a list", BODY_WITH_MARKUP, race_tags=("resistance", "compassion")),
        _entry(
            "e2", 2, "", "First line serves as title\r\nthen a Windows line\rand a lone return \x1b[2J cleared",
            kind="reflection", author="mentee", private=True, race_tags=(),
            created_at=datetime(2026, 2, 3, 8, 0),  # no zone: the service stores UTC
        ),
        _entry("e3", None, "1) numbered title", "", kind="note", race_tags=()),
        _entry("e4", 9, "#hash `tick` [link] <tag> ~tilde~ _under_ \\back", "   ", kind="observation"),
        _entry("e5", 1, "+ plus\tand tab", "\n\nPadded with blank lines\n\n", author="mentee"),
        _entry('e6"<&>', 2, "مرحبا 👋🏽 > not a quote", "> a quote\n\n12. twelve", race_tags=("solidarity", "empowerment")),
        _entry("e7", None, "12. Twelve", "\n", kind="note", private=True),
    ),
    actions=(
        ActionView("x1", "mentor", "Read *the* <report> | now", 2, False, 1, WRITTEN, None),
        ActionView("x2", "mentee", "- call the team", None, True, None, WRITTEN, datetime(2026, 2, 5, 12, 0)),
    ),
    goals=(
        GoalView("g1", "mentee", "Listen *first* & <speak> later", 2, 4, ("e1", "e6\"<&>", "gone"), None),
        GoalView("g2", "mentee", "# Sponsor two people", None, None, (), 3),
        GoalView("g3", "mentor", "Say it *plainly* | once", 1, None, (), None, partner_scores={"start": 2},
                 looks_like=("I avoid it", "", "", "", "I say it <plainly>"), hidden=frozenset({("mentee", "midway")})),
    ),
    checkins=(
        CheckinView(1, "mentor", "heard", 4),
        CheckinView(1, "mentee", "unknown-statement", 2),
        CheckinView(4, "mentor", "pipes", 5),
    ),
    statements={"heard": "I felt listened to.", "pipes": "Pipes | and *stars* <here>"},
)

SPARSE = ExportDocument(
    exported_at=datetime(2026, 3, 1, 10, 0),  # no zone: UTC
    exported_by="mentor",
    include_private=False,
    pair=PairView(programme_start=date(2026, 1, 5), cadence_weeks=6, mentor=PersonView("mentor", "Ada"), mentee=None),
    meetings=(),
    entries=(),
    actions=(),
    goals=(),
    checkins=(),
)

DOCUMENTS = {"rich": RICH, "sparse": SPARSE}


def _golden(name: str, format: str) -> Path:
    return GOLDEN / f"{name}{FORMAT_SUFFIXES[format]}"


@contextmanager
def _in_utc() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture(autouse=True)
def _utc() -> Iterator[None]:
    with _in_utc():
        yield


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_each_format_writes_the_same_bytes_as_before(name, format):
    expected = _golden(name, format).read_bytes()
    assert render(DOCUMENTS[name], format).encode("utf-8") == expected


def _write_golden_files() -> None:
    GOLDEN.mkdir(exist_ok=True)
    with _in_utc():
        for name, doc in DOCUMENTS.items():
            for format in FORMATS:
                _golden(name, format).write_bytes(render(doc, format).encode("utf-8"))


if __name__ == "__main__":
    _write_golden_files()
