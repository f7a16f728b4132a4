"""``rmpair progress``: the app's progress view as text to read line by line, or JSON.

The same report as the app's (``rmpair.reports.progress``): the meetings, RACE coverage of
shared writing, actions by owner, check-in ratings and the mentee's goals. Every number is
a word or a digit on the line that says what it counts; nothing is a bar, a colour or a
symbol alone. ``--review`` is review together: only what is shared is counted or shown, so
it can be read aloud with both people there.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING

from rmpair.cli.session import reading_pair
from rmpair.cli.terminal_output import say
from rmpair.cli.words import counted, kind_word, meeting_words, visibility_word

if TYPE_CHECKING:  # the report is imported by the handler, not at every start
    from rmpair.reports.progress import (
        CheckinProgress,
        GoalProgress,
        MeetingProgress,
        OwnerActions,
        ProgressReport,
        RaceCoverage,
    )

REVIEW_NOTE = (
    "Review together: only what is shared is counted or shown here, so you can read it aloud together. "
    "Nothing private is in it, yours or your partner's."
)
SHARED_ONLY = "Counts of writing are of shared writing only: private writing is never counted, for either of you."


def register(subparsers: argparse._SubParsersAction) -> None:
    from rmpair.cli import add_common_options, add_json_option

    progress = subparsers.add_parser(
        "progress",
        description=(
            "Print the progress view: the six meetings, RACE coverage of shared writing, actions by owner, "
            "check-in ratings and the mentee's goals with their evidence."
        ),
    )
    progress.add_argument(
        "--review", action="store_true",
        help="review together: only what is shared, nothing private, for reading aloud together",
    )
    add_json_option(progress)
    progress.set_defaults(handler=run_progress)
    add_common_options(progress)


def run_progress(args: argparse.Namespace) -> int:
    from rmpair.cli import programme_content
    from rmpair.reports.progress import progress_report

    pack = programme_content(args)
    categories = sorted(pack.categories, key=lambda c: c.order)
    with reading_pair(args) as reader:
        reader.review_mode = args.review
        report = progress_report(reader, categories=[c.id for c in categories], statements=pack.checkin_statements)
        pair = reader.pair()
        me = reader.me
    names = {"mentor": "the mentor", "mentee": "the mentee"}
    for person in (pair.mentor, pair.mentee):
        if person is not None:
            names[person.role] = f"{person.name} ({person.role})"
    category_names = {c.id: c.name for c in categories}
    agenda_titles = {number: agenda.title for number, agenda in pack.agendas.items()}
    if args.json:
        from rmpair.cli.json_output import emit

        emit(progress_json(report, category_names, review=args.review))
        return 0
    own_private = not me.share_checkins and not args.review
    for line in progress_lines(report, names, category_names, agenda_titles, review=args.review,
                               me=me.role, own_private=own_private):
        say(line)
    return 0


# -- as text -------------------------------------------------------------------------------------


def progress_lines(
    report: ProgressReport,
    names: Mapping[str, str],
    categories: Mapping[str, str],
    agenda_titles: Mapping[int, str],
    *,
    review: bool,
    me: str,
    own_private: bool,
) -> list[str]:
    held = sum(1 for m in report.meetings if m.held)
    shared = sum(m.shared_entry_total for m in report.meetings)
    open_count = sum(len(group.open) for group in report.actions)
    done_count = sum(len(group.done) for group in report.actions)
    lines = [
        f"Progress: {held} of {len(report.meetings)} meetings held; {counted(shared, 'item')} shared; "
        f"actions {open_count} open, {done_count} done."
    ]
    if review:
        lines.append(REVIEW_NOTE)
    lines += ["", "Meetings", SHARED_ONLY]
    lines += [_meeting_line(m, agenda_titles.get(m.number)) for m in report.meetings]
    lines += ["", "RACE coverage"]
    lines += _coverage_lines(report.coverage, categories)
    lines += ["", "Actions"]
    lines += _action_lines(report.actions, names)
    lines += ["", "Check-ins"]
    lines += _checkin_lines(report.checkins, names, me=me, own_private=own_private)
    lines += ["", "Goals"]
    lines += _goal_lines(report.goals, names)
    return lines


def _meeting_line(meeting: MeetingProgress, title: str | None) -> str:
    heading = f"Meeting {meeting.number}" + (f", {title}" if title else "")
    if meeting.held:
        when = f"held {meeting.held_date:%Y-%m-%d}" if meeting.held_date else "held"
    else:
        planned = f"{meeting.planned_date:%Y-%m-%d}" if meeting.planned_date else "no date yet"
        when = f"{meeting.status} {planned}"
    agenda = f"agenda {meeting.agenda_done} of {meeting.agenda_total} done" if meeting.agenda_total else "no agenda"
    writing = [counted(n, kind_word(k), kind_word(k, 2)) for k, n in meeting.shared_entries.items() if n]
    shared = f"shared writing: {', '.join(writing)}" if writing else "no shared writing"
    due = (
        f"actions due: {meeting.actions_due}, {meeting.actions_due_done} done" if meeting.actions_due else "no actions due"
    )
    return f"{heading}: {when}; {agenda}; {shared}; {due}."


def _coverage_lines(coverage: RaceCoverage, names: Mapping[str, str]) -> list[str]:
    lines = [
        "Each count is of shared items tagged with the category at that meeting. A gap is a meeting "
        "already held where nothing shared touched it."
    ]
    for category in coverage.categories:
        cells = []
        for meeting in coverage.meetings:
            count = coverage.count(category, meeting)
            if count:
                cells.append(f"meeting {meeting}: {count}")
            elif meeting in coverage.held:
                cells.append(f"meeting {meeting}: a gap")
            else:
                cells.append(f"meeting {meeting}: not held yet")
        loose = coverage.unplaced.get(category, 0)
        extra = f"; {loose} without a meeting" if loose else ""
        lines.append(f"{names.get(category, category)}, {coverage.total(category)} in all: {', '.join(cells)}{extra}.")
    untouched = coverage.untouched()
    if untouched:
        lines.append(f"Not touched yet by anything shared: {', '.join(names.get(c, c) for c in untouched)}.")
    return lines


def _action_lines(groups: tuple[OwnerActions, ...], names: Mapping[str, str]) -> list[str]:
    lines = []
    for group in groups:
        if not group.total:
            continue
        carried = len(group.carried_forward)
        lines.append(
            f"{names.get(group.owner, group.owner)}: {len(group.open)} open, {len(group.done)} done"
            + (f", {carried} carried forward." if carried else ".")
        )
        for action in (*group.open, *group.done):
            due = f"due at meeting {action.due_meeting}" if action.due_meeting else "due any time"
            was = f", carried from meeting {action.carried_from}" if action.carried_from else ""
            lines.append(f"  {'done' if action.done else 'open'}: {' '.join(action.text.split())} ({due}{was})")
    return lines or ["No actions yet."]


def _ratings_words(ratings: tuple[int | None, ...]) -> str:
    return ", ".join(str(r) if r is not None else "none" for r in ratings)


def _checkin_lines(progress: CheckinProgress, names: Mapping[str, str], *, me: str, own_private: bool) -> list[str]:
    lines = ["Ratings from 1, strongly disagree, to 5, strongly agree, for meetings 1 to 6 in order."]
    lines += [f"{names.get(role, role)} keeps their ratings private." for role in progress.not_shared]
    if own_private and progress.for_person(me):
        lines.append("You keep your ratings private: only you can see your lines below.")
    rated = [s for s in progress.series if s.rated]
    if not rated:
        return [*lines, "No check-in ratings yet."]
    statements = list(dict.fromkeys(s.statement_id for s in progress.series))
    for statement_id in statements:
        series = [s for s in progress.series if s.statement_id == statement_id and s.rated]
        if not series:
            continue
        lines.append(series[0].statement_text)
        for one in series:
            lines.append(
                f"  {names.get(one.person, one.person)}: {_ratings_words(one.ratings)}; average {one.average:.1f}"
            )
    return lines


def _score_words(value: int | None) -> str:
    return f"{value} of 5" if value is not None else "not scored"


def _goal_lines(goals: tuple[GoalProgress, ...], names: Mapping[str, str]) -> list[str]:
    if not goals:
        return ["No goals yet. Set one with: rmpair goal add TEXT --score N"]
    lines = [f"Goals of {names.get('mentee', 'the mentee')}, scored 1 to 5 at meetings 1, 4 and 6."]
    for number, progress in enumerate(goals, start=1):
        goal = progress.goal
        change = progress.change
        moved = "" if change is None else (f", a change of {change:+d}" if change else ", no change")
        lines.append(f"Goal {number}: {' '.join(goal.text.split())}")
        lines.append(
            f"  Start: {_score_words(goal.baseline_score)}; midway: {_score_words(goal.midway_score)}; "
            f"end: {_score_words(goal.final_score)}{moved}."
        )
        if not progress.evidence:
            lines.append("  No writing linked to it yet.")
        else:
            reflections = len(progress.reflections)
            lines.append(f"  Evidence: {len(progress.evidence)} linked, {counted(reflections, 'reflection')}:")
            for entry in progress.evidence:
                lines.append(
                    f"    {' '.join(entry.display_title.split())}: {kind_word(entry.kind)}, "
                    f"{meeting_words(entry.meeting)}, by {names.get(entry.author, entry.author)}, "
                    f"{visibility_word(entry.private)}"
                )
    return lines


# -- as JSON -------------------------------------------------------------------------------------


def progress_json(report: ProgressReport, categories: Mapping[str, str], *, review: bool) -> dict:
    from rmpair.cli import json_output as shapes

    coverage = report.coverage
    return shapes.PROGRESS.make(
        review_together=review,
        meetings=[
            shapes.MEETING_PROGRESS.make(
                number=m.number, status=m.status, planned_date=shapes.day(m.planned_date),
                held_date=shapes.day(m.held_date), agenda_done=m.agenda_done, agenda_total=m.agenda_total,
                shared_entries=dict(m.shared_entries), actions_due=m.actions_due, actions_due_done=m.actions_due_done,
            )
            for m in report.meetings
        ],
        race_coverage=[
            shapes.RACE_COVERAGE.make(
                category=c, name=categories.get(c, c), by_meeting=list(coverage.row(c)),
                without_meeting=coverage.unplaced.get(c, 0), total=coverage.total(c),
                gaps=[m for category, m in coverage.gaps() if category == c],
            )
            for c in coverage.categories
        ],
        actions=[
            shapes.OWNER_ACTIONS.make(
                owner=group.owner, open=[shapes.action_json(a) for a in group.open],
                done=[shapes.action_json(a) for a in group.done], carried_forward=len(group.carried_forward),
            )
            for group in report.actions
        ],
        checkins=[
            shapes.RATING_SERIES.make(
                person=s.person, statement_id=s.statement_id, statement=s.statement_text,
                ratings=list(s.ratings), average=s.average,
            )
            for s in report.checkins.series
        ],
        ratings_not_shared=list(report.checkins.not_shared),
        goals=[
            shapes.GOAL_PROGRESS.make(
                goal=shapes.goal_json(g.goal), change=g.change, evidence=[shapes.entry_json(e) for e in g.evidence],
            )
            for g in report.goals
        ],
    )
