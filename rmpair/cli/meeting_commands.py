"""Commands for the six meetings: meetings (as text, JSON or an iCalendar file), meeting N."""

from __future__ import annotations

import argparse
import sys

from rmpair.cli.arguments import meeting_number
from rmpair.cli.session import reading_pair, unlocked
from rmpair.cli.vault_commands import parse_date
from rmpair.core.views import MeetingView


def register(subparsers: argparse._SubParsersAction) -> None:
    from rmpair.cli import add_common_options, add_json_option

    meetings = subparsers.add_parser(
        "meetings",
        description=(
            "Print the six meetings. --ics --out FILE writes them as an iCalendar file for your own "
            "calendar: the dates only, with nothing either of you wrote in it."
        ),
    )
    add_json_option(meetings)
    meetings.add_argument("--ics", action="store_true", help="write the meetings as an iCalendar (.ics) file")
    meetings.add_argument("--out", metavar="FILE", help="with --ics: the file to write, or - for standard output")
    meetings.add_argument("--force", action="store_true", help="with --ics: replace the file if it already exists")
    meetings.set_defaults(handler=run_meetings)

    meeting = subparsers.add_parser("meeting")
    meeting.add_argument("number", type=meeting_number, metavar="N", help="the meeting, 1 to 6")
    change = meeting.add_mutually_exclusive_group(required=True)
    change.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="plan it for this date")
    change.add_argument(
        "--held", type=parse_date, nargs="?", const="today", metavar="YYYY-MM-DD",
        help="mark it held, today or on the date given",
    )
    change.add_argument("--not-held", action="store_true", help="mark it as not held yet (planned again)")
    meeting.set_defaults(handler=run_meeting)

    for parser in (meetings, meeting):
        add_common_options(parser)


def meeting_line(meeting: MeetingView, next_number: int | None) -> str:
    if meeting.held:
        state = f"held {meeting.held_date:%Y-%m-%d}" if meeting.held_date else "held"
    else:
        planned = f"{meeting.planned_date:%Y-%m-%d}" if meeting.planned_date else "no date yet"
        state = f"{meeting.status} {planned}"
        if meeting.number == next_number:
            state += " (next)"
    done = sum(item.done for item in meeting.agenda)
    return f"Meeting {meeting.number}: {state}; agenda {done} of {len(meeting.agenda)} done"


def run_meetings(args: argparse.Namespace) -> int:
    from rmpair.cli import CommandLineUsage

    if args.ics != (args.out is not None):
        raise CommandLineUsage("--ics and --out FILE go together (--out - writes to standard output).")
    if args.ics and args.json:
        raise CommandLineUsage("Give --ics or --json, not both.")
    target = None
    if args.ics:
        from rmpair.cli.output_file import output

        target = output(args.out, force=args.force)
    with reading_pair(args) as reader:
        meetings = reader.meetings()
        upcoming = reader.next_meeting()
        pair_id = reader.pair().id
    next_number = upcoming.number if upcoming else None
    if target is not None:
        return _write_calendar(args, target, meetings, pair_id)
    if args.json:
        from rmpair.cli.json_output import emit, meeting_json

        emit({"meetings": [meeting_json(m, next_number) for m in meetings]})
        return 0
    for meeting in meetings:
        print(meeting_line(meeting, next_number))
    return 0


def _write_calendar(args: argparse.Namespace, target, meetings: list[MeetingView], pair_id: str) -> int:  # noqa: ANN001
    from rmpair.cli import programme_content
    from rmpair.cli.calendar_file import meeting_day, meetings_calendar

    pack = programme_content(args)
    titles = {number: agenda.title for number, agenda in pack.agendas.items() if agenda.title}
    target.write(meetings_calendar(meetings, pair_id, titles).decode("utf-8"))
    undated = [str(m.number) for m in meetings if meeting_day(m) is None]
    dated = len(meetings) - len(undated)
    where = "standard output" if target.to_stdout else str(target.path)
    report = sys.stderr if target.to_stdout else sys.stdout
    print(f"Wrote {dated} meetings to {where} as an iCalendar file, with dates only.", file=report)
    if undated:
        print(f"Meetings without a date were left out: {', '.join(undated)}.", file=report)
    return 0


def run_meeting(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        if args.not_held:
            meeting = service.mark_planned(args.number)
        elif args.held is not None:
            meeting = service.mark_held(args.number, args.held)
        else:
            meeting = service.set_meeting_date(args.number, args.date)
    print(meeting_line(meeting, None))
    return 0
