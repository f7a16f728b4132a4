"""A content-free programme summary for the programme lead.

The summary says how the programme went in numbers and dates only: meetings planned and
held, agenda items completed, how many shared entries touched each RACE category, actions
opened and done, and (if the pair agree) average check-in ratings. It holds no text either
person wrote: no names (the roles instead), no titles, bodies, agenda items, actions or
goals. The only words in it are rmpair's own and the programme's content pack (RACE
category names, check-in statements), which the programme wrote, not the pair.

This is enforced by construction: ``build_summary`` keeps only numbers, dates, roles and
ids, and the renderer looks names up in the content pack. Private entries are not counted.
The counts are the progress view's (``rmpair.reports.progress``), so the summary a
programme lead reads can never count differently from what the pair see together.

No UI import here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rmpair.core.vocabulary import ROLES
from rmpair.reports.markdown_table import table_head, table_row
from rmpair.reports.progress import actions_by_owner, meeting_progress, race_coverage, statement_order

if TYPE_CHECKING:
    from rmpair.content import ContentPack
    from rmpair.core.pair_reader import PairReader


@dataclass(frozen=True)
class MeetingCounts:
    number: int
    status: str
    planned_date: date | None
    held_date: date | None
    agenda_total: int
    agenda_done: int
    shared_entries: int


@dataclass(frozen=True)
class ActionCounts:
    owner: str
    opened: int
    done: int
    carried_forward: int


@dataclass(frozen=True)
class RatingAverage:
    statement_id: str
    statement_text: str
    person: str
    average: float
    ratings: int  # how many ratings the average is over


@dataclass(frozen=True)
class ProgrammeSummary:
    generated_on: date
    programme_start: date
    cadence_weeks: int
    people_joined: tuple[str, ...]  # roles
    meetings: tuple[MeetingCounts, ...]
    race_categories: tuple[tuple[str, str], ...]  # (id, display name from the content pack)
    race_counts: Mapping[tuple[str, int | None], int]  # (category, meeting or None) -> shared entries
    actions: tuple[ActionCounts, ...]
    include_ratings: bool
    ratings: tuple[RatingAverage, ...] = ()
    ratings_not_shared: tuple[str, ...] = ()  # roles whose ratings are left out by their choice

    @property
    def meetings_held(self) -> int:
        return sum(1 for m in self.meetings if m.status == "held")

    def race_total(self, category: str) -> int:
        return sum(n for (c, _), n in self.race_counts.items() if c == category)


def build_summary(
    service: PairReader,
    *,
    include_ratings: bool,
    content: ContentPack | None = None,
    today: date | None = None,
) -> ProgrammeSummary:
    """The summary as numbers, computed through the service over shared items only.

    Ratings (when asked for) are those of people who share their check-ins, whoever runs
    it: a rating someone kept to themselves does not go to the programme lead.
    """
    if content is None:
        from rmpair.content import load_content

        content = load_content()
    pair = service.pair()
    meetings = tuple(
        MeetingCounts(
            number=m.number,
            status=m.status,
            planned_date=m.planned_date,
            held_date=m.held_date,
            agenda_total=m.agenda_total,
            agenda_done=m.agenda_done,
            shared_entries=m.shared_entry_total,
        )
        for m in meeting_progress(service)
    )

    names = {c.id: c.name for c in content.categories}
    listed = [c.id for c in sorted(content.categories, key=lambda c: c.order)]
    coverage = race_coverage(service, listed or None)
    race_counts: dict[tuple[str, int | None], int] = dict(coverage.counts)
    race_counts.update(((tag, None), count) for tag, count in coverage.unplaced.items())
    categories = tuple((c, names.get(c, c)) for c in coverage.categories)

    owners = {group.owner: group for group in actions_by_owner(service)}
    actions = tuple(
        ActionCounts(
            owner=role,
            opened=owners[role].total,
            done=len(owners[role].done),
            carried_forward=len(owners[role].carried_forward),
        )
        for role in ROLES
    )

    people = [p for p in (service.me, service.partner) if p is not None]
    ratings: tuple[RatingAverage, ...] = ()
    not_shared: tuple[str, ...] = ()
    if include_ratings:
        sharing = {p.role for p in people if p.share_checkins}
        not_shared = tuple(r for r in ROLES if any(p.role == r for p in people) and r not in sharing)
        texts = {s.id: s.text for s in content.checkin_statements}
        visible = [c for c in service.checkins() if c.person in sharing]
        found = []
        for statement_id in statement_order(content.checkin_statements, visible):
            for role in ROLES:
                values = [c.rating for c in visible if c.statement_id == statement_id and c.person == role]
                if values:
                    text = texts.get(statement_id, statement_id)
                    found.append(RatingAverage(statement_id, text, role, sum(values) / len(values), len(values)))
        ratings = tuple(found)

    return ProgrammeSummary(
        generated_on=today or date.today(),
        programme_start=pair.programme_start,
        cadence_weeks=pair.cadence_weeks,
        people_joined=tuple(p.role for p in (pair.mentor, pair.mentee) if p is not None),
        meetings=meetings,
        race_categories=categories,
        race_counts=race_counts,
        actions=actions,
        include_ratings=include_ratings,
        ratings=ratings,
        ratings_not_shared=not_shared,
    )


def _cell(text: str) -> str:
    """Content-pack words in a table cell: a pipe would split the cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _date(value: date | None) -> str:
    return value.isoformat() if value else "-"


def render_summary_markdown(summary: ProgrammeSummary) -> str:
    out: list[str] = []
    add = out.append
    add("# Reverse mentoring programme summary")
    add("")
    add(
        f"Generated {summary.generated_on.isoformat()}. This summary holds numbers and dates only: "
        "nothing the mentor or mentee wrote, and nothing private."
    )
    add("")
    add(f"- Programme start: {summary.programme_start.isoformat()}")
    add(f"- Planned cadence: every {summary.cadence_weeks} weeks")
    joined = " and ".join(summary.people_joined) if summary.people_joined else "nobody yet"
    add(f"- Joined: {joined}")
    add(f"- Meetings held: {summary.meetings_held} of {len(summary.meetings)}")
    add("")
    add("## Meetings")
    add("")
    out += table_head(("Meeting", "Status", "Planned", "Held", "Agenda items done", "Shared entries"))
    for m in summary.meetings:
        add(table_row((
            m.number, m.status, _date(m.planned_date), _date(m.held_date),
            f"{m.agenda_done} of {m.agenda_total}", m.shared_entries,
        )))
    add("")
    add("## RACE coverage (shared entries)")
    add("")
    places: list[int | None] = [m.number for m in summary.meetings]
    if any(meeting is None for (_, meeting) in summary.race_counts):  # a column only when needed
        places.append(None)
    out += table_head(["Category", *("No meeting" if p is None else f"M{p}" for p in places), "Total"])
    for category, name in summary.race_categories:
        counts = [summary.race_counts.get((category, place), 0) for place in places]
        add(table_row((_cell(name), *counts, summary.race_total(category))))
    add("")
    add("## Actions")
    add("")
    out += table_head(("Owner", "Opened", "Done", "Carried forward"))
    for a in summary.actions:
        add(table_row((a.owner, a.opened, a.done, a.carried_forward)))
    if summary.include_ratings:
        add("")
        add("## Check-in ratings (average, 1 to 5)")
        add("")
        for role in summary.ratings_not_shared:
            add(f"The {role} does not share check-in ratings, so theirs are left out.")
            add("")
        if not summary.ratings:
            add("No shared check-in ratings yet.")
        else:
            out += table_head(("Statement", "Person", "Average", "Ratings"))
            for r in summary.ratings:
                add(table_row((_cell(r.statement_text), r.person, f"{r.average:.1f}", r.ratings)))
    add("")
    return "\n".join(out)
