"""Commands for the six meetings: meetings, meeting N."""

from __future__ import annotations

import argparse

from rmpair.cli.session import unlocked
from rmpair.cli.vault_commands import parse_date
from rmpair.core.errors import UsageError
from rmpair.core.views import MeetingView


def register(subparsers: argparse._SubParsersAction) -> None:
    from rmpair.cli import add_common_options

    meetings = subparsers.add_parser("meetings", help="the six meetings with dates and status")
    meetings.set_defaults(handler=run_meetings)

    meeting = subparsers.add_parser("meeting", help="set a meeting's date or mark it held")
    meeting.add_argument("number", type=int, metavar="N")
    change = meeting.add_mutually_exclusive_group(required=True)
    change.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="plan it for this date")
    change.add_argument("--held", action="store_true", help="mark it held today")
    meeting.set_defaults(handler=run_meeting)

    for parser in (meetings, meeting):
        add_common_options(parser)


def meeting_line(meeting: MeetingView, next_number: int | None) -> str:
    if meeting.held:
        state = f"held {meeting.held_date:%Y-%m-%d}" if meeting.held_date else "held"
    else:
        planned = f"{meeting.planned_date:%Y-%m-%d}" if meeting.planned_date else "no date yet"
        state = f"planned {planned}"
        if meeting.number == next_number:
            state += " (next)"
    done = sum(item.done for item in meeting.agenda)
    return f"Meeting {meeting.number}: {state}; agenda {done} of {len(meeting.agenda)} done"


def run_meetings(args: argparse.Namespace) -> int:
    with unlocked(args, write=False) as service:
        upcoming = service.next_meeting()
        for meeting in service.meetings():
            print(meeting_line(meeting, upcoming.number if upcoming else None))
    return 0


def run_meeting(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        if args.held:
            meeting = service.mark_held(args.number)
        elif args.date is not None:
            meeting = service.set_meeting_date(args.number, args.date)
        else:  # argparse's required group makes this unreachable; kept as a clear message
            raise UsageError("Give --date YYYY-MM-DD or --held.")
        print(meeting_line(meeting, None))
    return 0
