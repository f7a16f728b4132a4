"""Commands for entries and actions: add, list, show, search, action."""

from __future__ import annotations

import argparse

from rmpair.cli.session import reading_entries, reading_pair, unlocked
from rmpair.cli.terminal_output import say
from rmpair.cli.terminal_input import read_text_argument
from rmpair.core.vocabulary import ENTRY_KINDS
from rmpair.core.views import ActionView, EntryView


def register(subparsers: argparse._SubParsersAction) -> None:
    from rmpair.cli import add_common_options

    add = subparsers.add_parser("add", help="add a talking point, reflection, observation or note")
    add.add_argument("--kind", choices=ENTRY_KINDS, required=True)
    add.add_argument("--meeting", type=int, metavar="N", help="the meeting it belongs to, 1 to 6")
    add.add_argument("--race", metavar="TAGS", default="", help="RACE tags, comma-separated")
    visibility = add.add_mutually_exclusive_group()
    visibility.add_argument("--private", dest="private", action="store_true", default=None, help="only you can read it")
    visibility.add_argument("--shared", dest="private", action="store_false", help="your partner can read it too")
    add.add_argument("--title", default="")
    add.add_argument("text", nargs="?", help="the entry's text (Markdown)")
    add.add_argument("--file", metavar="PATH", help="read the text from a file instead")
    add.add_argument("--goal", metavar="ID", help="count it as evidence for this goal ('rmpair goal list')")
    add.set_defaults(handler=run_add)

    listing = subparsers.add_parser("list", help="list the entries you can see")
    listing.add_argument("--meeting", type=int, metavar="N")
    listing.add_argument("--kind", choices=ENTRY_KINDS)
    listing.set_defaults(handler=run_list)

    show = subparsers.add_parser("show", help="show one entry in full")
    show.add_argument("id", help="the entry's id, or its first few characters")
    show.set_defaults(handler=run_show)

    search = subparsers.add_parser("search", help="find entries containing some text")
    search.add_argument("text")
    search.set_defaults(handler=run_search)

    action = subparsers.add_parser("action", help="add, finish or list actions")
    action_sub = action.add_subparsers(dest="action_command", metavar="ACTION_COMMAND", required=True)
    action_add = action_sub.add_parser("add", help="record an action someone commits to")
    action_add.add_argument("text")
    action_add.add_argument("--owner", choices=("mentor", "mentee"), help="who will do it (default: you)")
    action_add.add_argument("--meeting", type=int, metavar="N", help="the meeting it is due at")
    action_add.set_defaults(handler=run_action_add)
    action_done = action_sub.add_parser("done", help="mark an action done")
    action_done.add_argument("id")
    action_done.set_defaults(handler=run_action_done)
    action_list = action_sub.add_parser("list", help="list actions")
    action_list.add_argument("--open", action="store_true", help="only actions not yet done")
    action_list.set_defaults(handler=run_action_list)

    for parser in (add, listing, show, search, action, action_add, action_done, action_list):
        add_common_options(parser)


def visibility_word(private: bool) -> str:
    return "private" if private else "shared"


def entry_line(entry: EntryView) -> str:
    meeting = f"meeting {entry.meeting}" if entry.meeting else "no meeting"
    tags = f" [{', '.join(entry.race_tags)}]" if entry.race_tags else ""
    return (
        f"{entry.short_id}  {entry.kind}  {meeting}  {visibility_word(entry.private)}  "
        f"by {entry.author}{tags}  {entry.display_title}"
    )


def action_line(action: ActionView) -> str:
    state = "done" if action.done else "open"
    due = f"due meeting {action.due_meeting}" if action.due_meeting else "no meeting"
    carried = f" (carried from meeting {action.carried_from})" if action.carried_from else ""
    return f"{action.short_id}  {state}  {action.owner}  {due}{carried}  {action.text}"


def run_add(args: argparse.Namespace) -> int:
    body = read_text_argument(args.text, args.file)
    tags = [t for t in args.race.split(",") if t.strip()]
    with unlocked(args, write=True) as service:
        entry = service.add_entry(
            kind=args.kind,
            body=body,
            title=args.title,
            meeting=args.meeting,
            race_tags=tags,
            private=args.private,
            goal_id=args.goal,
        )
        print(f"Added {entry.kind} {entry.short_id} ({visibility_word(entry.private)}).")
    return 0


def _print_entries(entries: list[EntryView], empty: str) -> None:
    if not entries:
        say(empty)
    for entry in entries:
        say(entry_line(entry))


def run_list(args: argparse.Namespace) -> int:
    with reading_entries(args) as service:
        if args.meeting is not None:
            from rmpair.core.pair_reader import check_meeting

            check_meeting(args.meeting)
        _print_entries(service.entries(meeting=args.meeting, kind=args.kind), "No entries yet.")
    return 0


def run_show(args: argparse.Namespace) -> int:
    with reading_pair(args) as service:
        entry = service.entry(args.id)
        say(entry.display_title)
        say(entry_line(entry))
        print(f"created {entry.created_at:%Y-%m-%d %H:%M}, changed {entry.updated_at:%Y-%m-%d %H:%M} (UTC)")
        goal = next((g for g in service.goals() if g.id == entry.goal_id), None)
        if goal is not None:
            say(f"evidence for goal {goal.short_id}: {goal.text}")
        print()
        say(entry.body)
    return 0


def run_search(args: argparse.Namespace) -> int:
    with reading_entries(args) as service:
        _print_entries(service.search(args.text), f"Nothing you can see contains '{args.text}'.")
    return 0


def run_action_add(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        action = service.add_action(args.text, owner=args.owner, due_meeting=args.meeting)
        print(f"Added action {action.short_id} for the {action.owner}.")
    return 0


def run_action_done(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        action = service.set_action_done(args.id)
        say(f"Action {action.short_id} is done: {action.text}")
    return 0


def run_action_list(args: argparse.Namespace) -> int:
    with unlocked(args, write=False) as service:
        actions = service.actions(done=False if args.open else None)
        if not actions:
            print("No actions yet.")
        for action in actions:
            say(action_line(action))
    return 0
