"""Commands for the mentee's goals: goal add, list, score, edit, link, unlink, remove."""

from __future__ import annotations

import argparse

from rmpair.cli.session import reading_pair, unlocked
from rmpair.cli.terminal_output import say
from rmpair.core.vocabulary import GOAL_SCORE_MEETINGS, GOAL_SCORE_POINTS
from rmpair.core.views import GoalView


def _score(text: str) -> int:
    # A type, so a wrong score is argparse's one-line usage error rather than a traceback.
    if text not in {"1", "2", "3", "4", "5"}:
        raise argparse.ArgumentTypeError(f"a score is a whole number from 1 to 5, not {text!r}")
    return int(text)


def register(subparsers: argparse._SubParsersAction) -> None:
    from rmpair.cli import add_common_options

    goal = subparsers.add_parser("goal")
    goal_sub = goal.add_subparsers(dest="goal_command", metavar="GOAL_COMMAND", required=True)

    add = goal_sub.add_parser("add", help="set a goal, with where you are now if you know")
    add.add_argument("text", help="what the mentee wants to change, in their own words")
    add.add_argument("--score", type=_score, metavar="1-5", help="the score now, at the start")
    add.set_defaults(handler=run_goal_add)

    listing = goal_sub.add_parser("list", help="the goals, their scores and how much evidence each has")
    listing.add_argument("--json", action="store_true", help="print JSON ('rmpair help json' has its shape)")
    listing.set_defaults(handler=run_goal_list)

    score = goal_sub.add_parser("score", help="score a goal at the start, midway (meeting 4) or the end")
    score.add_argument("id", help="the goal's id, or its first few characters")
    score.add_argument("score", type=_score, metavar="1-5", help="the score: 1 is not yet, 5 is fully")
    score.add_argument("--at", choices=GOAL_SCORE_POINTS, required=True,
                       help="start (meeting 1), midway (meeting 4) or end (meeting 6)")
    score.set_defaults(handler=run_goal_score)

    edit = goal_sub.add_parser("edit", help="reword a goal")
    edit.add_argument("id", help="the goal's id, or its first few characters")
    edit.add_argument("text", help="the goal's new words")
    edit.set_defaults(handler=run_goal_edit)

    link = goal_sub.add_parser("link", help="count an entry as evidence for a goal")
    link.add_argument("entry", help="the entry's id, or its first few characters")
    link.add_argument("goal", help="the goal's id, or its first few characters")
    link.set_defaults(handler=run_goal_link)

    unlink = goal_sub.add_parser("unlink", help="stop counting an entry as evidence for its goal")
    unlink.add_argument("entry", help="the entry's id, or its first few characters")
    unlink.set_defaults(handler=run_goal_unlink)

    remove = goal_sub.add_parser("remove", help="remove a goal (entries linked to it are kept)")
    remove.add_argument("id", help="the goal's id, or its first few characters")
    remove.set_defaults(handler=run_goal_remove)

    for parser in (goal, add, listing, score, edit, link, unlink, remove):
        add_common_options(parser)


def scores_words(goal: GoalView) -> str:
    def shown(point: str) -> str:
        score = goal.score_at(point)
        return f"{point} {'not scored' if score is None else score}"

    return ", ".join(shown(point) for point in GOAL_SCORE_POINTS)


def goal_line(goal: GoalView) -> str:
    evidence = len(goal.evidence)
    return f"{goal.short_id}  {scores_words(goal)}  evidence {evidence}  {goal.text}"


def run_goal_add(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        goal = service.add_goal(args.text, baseline_score=args.score)
        say(f"Added goal {goal.short_id}: {goal.text}")
    return 0


def run_goal_list(args: argparse.Namespace) -> int:
    with reading_pair(args) as reader:
        goals = reader.goals()
    if args.json:
        from rmpair.cli.json_output import emit, goal_json

        emit({"goals": [goal_json(goal) for goal in goals]})
        return 0
    if not goals:
        print("No goals yet. Set one with: rmpair goal add \"what you want to change\" --score N")
    for goal in goals:
        say(goal_line(goal))
    return 0


def run_goal_score(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        goal = service.score_goal(args.id, args.score, point=args.at)
        meeting = GOAL_SCORE_MEETINGS[args.at]
        say(f"Goal {goal.short_id} scored {args.score} of 5 at {args.at} (meeting {meeting}): {scores_words(goal)}.")
    return 0


def run_goal_edit(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        goal = service.update_goal(args.id, args.text)
        say(f"Goal {goal.short_id} now reads: {goal.text}")
    return 0


def run_goal_link(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        goal = service.goal(args.goal)
        entry = service.update_entry(args.entry, goal_id=goal.id)
        say(f"Entry {entry.short_id} is now evidence for goal {goal.short_id}: {goal.text}")
    return 0


def run_goal_unlink(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        entry = service.update_entry(args.entry, goal_id=None)
        print(f"Entry {entry.short_id} is no longer linked to a goal.")
    return 0


def run_goal_remove(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        goal = service.goal(args.id)
        service.delete_goal(goal.id)
        say(f"Removed goal {goal.short_id}: {goal.text}. Entries linked to it are kept.")
    return 0
