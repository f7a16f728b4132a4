"""Commands for actions, the pair's commitments to act: action add, done, reopen, carry, list.

Actions are shared: both people see and change them, as in the app.
"""

from __future__ import annotations

import argparse

from rmpair.cli.arguments import meeting_number
from rmpair.cli.session import reading_pair, unlocked
from rmpair.cli.terminal_output import say
from rmpair.core.views import ActionView
from rmpair.core.vocabulary import ROLES


def register(subparsers: argparse._SubParsersAction) -> None:
    from rmpair.cli import add_common_options, add_json_option

    action = subparsers.add_parser("action")
    action_sub = action.add_subparsers(dest="action_command", metavar="ACTION_COMMAND", required=True)

    add = action_sub.add_parser("add", help="record an action someone commits to")
    add.add_argument("text", help="what will be done")
    add.add_argument("--owner", choices=ROLES, help="who will do it (default: you)")
    add.add_argument("--meeting", type=meeting_number, metavar="N", help="the meeting it is due at")
    add.set_defaults(handler=run_action_add)

    done = action_sub.add_parser("done", help="mark an action done")
    done.add_argument("id", help="the action's id, or its first few characters ('rmpair action list')")
    done.set_defaults(handler=run_action_done)

    reopen = action_sub.add_parser("reopen", help="mark a done action not done again")
    reopen.add_argument("id", help="the action's id, or its first few characters")
    reopen.set_defaults(handler=run_action_reopen)

    carry = action_sub.add_parser("carry", help="carry an action not done to a later meeting")
    carry.add_argument("id", help="the action's id, or its first few characters")
    carry.add_argument("to", type=meeting_number, metavar="N", help="the later meeting it is now due at")
    carry.set_defaults(handler=run_action_carry)

    listing = action_sub.add_parser("list", help="list actions")
    listing.add_argument("--open", action="store_true", help="only actions not yet done")
    listing.add_argument("--meeting", type=meeting_number, metavar="N", help="only actions due at this meeting")
    add_json_option(listing)
    listing.set_defaults(handler=run_action_list)

    for parser in (action, add, done, reopen, carry, listing):
        add_common_options(parser)


def action_line(action: ActionView) -> str:
    state = "done" if action.done else "open"
    due = f"due meeting {action.due_meeting}" if action.due_meeting else "no meeting"
    carried = f" (carried from meeting {action.carried_from})" if action.carried_from else ""
    return f"{action.short_id}  {state}  {action.owner}  {due}{carried}  {action.text}"


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


def run_action_reopen(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        action = service.set_action_done(args.id, done=False)
    say(f"Action {action.short_id} is open again: {action.text}")
    return 0


def run_action_carry(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        action = service.carry_forward(args.id, args.to)
    say(f"Action {action.short_id} is now due at meeting {action.due_meeting} (was {action.carried_from or 'no meeting'}): {action.text}")
    return 0


def run_action_list(args: argparse.Namespace) -> int:
    with reading_pair(args) as service:
        actions = service.actions(done=False if args.open else None)
    if args.meeting is not None:
        actions = [a for a in actions if a.due_meeting == args.meeting]
    if args.json:
        from rmpair.cli.json_output import action_json, emit

        emit({"actions": [action_json(action) for action in actions]})
        return 0
    if not actions:
        print("No actions yet." if not (args.open or args.meeting) else "No actions match.")
    for action in actions:
        say(action_line(action))
    return 0
