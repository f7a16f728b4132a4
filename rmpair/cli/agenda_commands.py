"""``rmpair agenda N``: a meeting's agenda, numbered, with what is done; tick, add, change,
remove items, or put a talking point on it. The agenda is the pair's: both see and change it.
"""

from __future__ import annotations

import argparse

from rmpair.cli.arguments import meeting_number, minutes, positive_number
from rmpair.cli.session import reading_pair, unlocked
from rmpair.cli.terminal_input import confirmed
from rmpair.cli.terminal_output import say
from rmpair.core.errors import RmpairError
from rmpair.core.views import AgendaItemView, MeetingView


def register(subparsers: argparse._SubParsersAction) -> None:
    from rmpair.cli import add_common_options

    agenda = subparsers.add_parser(
        "agenda",
        description=(
            "With only a meeting number, print its agenda, each item numbered, with whether it is done. "
            "The options change one item, by its number. The agenda is shared: your partner sees it too."
        ),
    )
    agenda.add_argument("number", type=meeting_number, metavar="N", help="the meeting, 1 to 6")
    change = agenda.add_mutually_exclusive_group()
    change.add_argument("--done", type=positive_number, metavar="K", help="tick item K as done")
    change.add_argument("--undone", type=positive_number, metavar="K", help="mark item K as not done again")
    change.add_argument("--add", metavar="TEXT", help="add an item at the end")
    change.add_argument("--change", nargs=2, metavar=("K", "TEXT"), help="reword item K")
    change.add_argument("--remove", type=positive_number, metavar="K", help="take item K off the agenda (asks first)")
    change.add_argument(
        "--put", metavar="ENTRY", help="put a talking point on this agenda; that shares it with your partner"
    )
    agenda.add_argument("--minutes", type=minutes, metavar="M", help="with --add or --change: minutes for the item")
    agenda.add_argument("--yes", action="store_true", help="with --remove: remove without asking (needed without a terminal)")
    agenda.add_argument("--json", action="store_true", help="print the agenda as JSON ('rmpair help json' has its shape)")
    agenda.set_defaults(handler=run_agenda)
    add_common_options(agenda)


def item_line(number: int, item: AgendaItemView) -> str:
    state = "done" if item.done else "to do"
    length = f" ({item.minutes} minutes)" if item.minutes else ""
    return f"{number}. {state}: {' '.join(item.text.split())}{length}"


def _item(meeting: MeetingView, number: int) -> AgendaItemView:
    if number > len(meeting.agenda):
        count = len(meeting.agenda)
        raise RmpairError(
            f"Meeting {meeting.number}'s agenda has {count} item{'s' if count != 1 else ''}, so there is no item {number}."
            if count else f"Meeting {meeting.number}'s agenda is empty; add an item with --add TEXT."
        )
    return meeting.agenda[number - 1]


def _changing(args: argparse.Namespace) -> bool:
    return any(getattr(args, name) is not None for name in ("done", "undone", "add", "change", "remove", "put"))


def run_agenda(args: argparse.Namespace) -> int:
    from rmpair.cli import CommandLineUsage

    if args.minutes is not None and args.add is None and args.change is None:
        raise CommandLineUsage("--minutes goes with --add or --change.")
    if _changing(args) and args.json:
        raise CommandLineUsage("--json prints the agenda; it does not go with a change.")
    if not _changing(args):
        return _show(args)
    if args.change is not None:
        place, words = args.change
        if not place.strip().isdigit() or int(place) < 1:
            raise CommandLineUsage(f"--change takes an item's number, then its new words; '{place}' is not a number.")
        args.change = (int(place), words)
    with unlocked(args, write=True) as service:
        meeting = service.meeting(args.number)
        if args.done is not None or args.undone is not None:
            number = args.done or args.undone
            item = service.set_agenda_item_done(_item(meeting, number).id, done=args.done is not None)
            say(f"Meeting {args.number}, {item_line(number, item)}")
        elif args.add is not None:
            item = service.add_agenda_item(args.number, args.add, args.minutes)
            say(f"Added to meeting {args.number}'s agenda: {item_line(len(meeting.agenda) + 1, item)}")
        elif args.change is not None:
            number, text = args.change
            current = _item(meeting, number)
            length = args.minutes if args.minutes is not None else current.minutes
            item = service.edit_agenda_item(current.id, text, length)
            say(f"Meeting {args.number}, {item_line(number, item)}")
        elif args.remove is not None:
            item = _item(meeting, args.remove)
            if not confirmed(
                f"Take item {args.remove} ({' '.join(item.text.split())}) off meeting {args.number}'s agenda?",
                yes=args.yes, refusal="Nothing was removed: there is no terminal to ask. Add --yes to remove without asking.",
            ):
                print("Nothing was removed.")
                return 0
            service.remove_agenda_item(item.id)
            say(f"Took item {args.remove} off meeting {args.number}'s agenda: {' '.join(item.text.split())}")
        else:
            entry = service.move_to_agenda(args.put, args.number)
            partner = service.partner
            who = partner.name if partner else "your partner, once they join"
            say(f"On the agenda for meeting {args.number}, and shared with {who}: {entry.display_title}")
    return 0


def _show(args: argparse.Namespace) -> int:
    with reading_pair(args) as reader:
        meeting = reader.meeting(args.number)
    if args.json:
        from rmpair.cli.json_output import agenda_item_json, emit

        emit({"meeting": meeting.number, "items": [agenda_item_json(n, i) for n, i in enumerate(meeting.agenda, 1)]})
        return 0
    from rmpair.cli import programme_content

    pack = programme_content(args)
    template = pack.agenda(meeting.number)
    heading = f"Meeting {meeting.number}" + (f": {template.title}" if template else "")
    done = sum(item.done for item in meeting.agenda)
    print(f"{heading}. Agenda: {done} of {len(meeting.agenda)} done.")
    if template and template.purpose:
        print(" ".join(template.purpose.split()))
    if not meeting.agenda:
        print(f"No agenda items yet. Add one: rmpair agenda {meeting.number} --add TEXT")
    for number, item in enumerate(meeting.agenda, start=1):
        say(item_line(number, item))
    return 0
