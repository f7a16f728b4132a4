"""Commands for the pair's goals (the mentee's and the mentor's): goal add, list, score,
levels, edit, link, unlink, remove. Each person scores every goal on their own; the other
person's score shows once you have scored that point too."""

from __future__ import annotations

import argparse

from rmpair.cli.session import reading_pair, unlocked
from rmpair.cli.terminal_output import say
from rmpair.core.vocabulary import GOAL_SCORE_MEETINGS, GOAL_SCORE_POINTS, ROLES
from rmpair.core.views import GoalView


def _score(text: str) -> int:
    # A type, so a wrong score is argparse's one-line usage error rather than a traceback.
    if text not in {"1", "2", "3", "4", "5"}:
        raise argparse.ArgumentTypeError(f"a score is a whole number from 1 to 5, not {text!r}")
    return int(text)


def _level(text: str) -> tuple[int, str]:
    """``N=WORDS``: what score N looks like for a goal."""
    number, sep, words = text.partition("=")
    if not sep or number.strip() not in {"1", "2", "3", "4", "5"} or not words.strip():
        raise argparse.ArgumentTypeError(
            f"say what a score looks like as N=WORDS with N from 1 to 5, such as '5=I say it plainly', not {text!r}"
        )
    return int(number), words.strip()


def _levels(pairs: list[tuple[int, str]] | None) -> list[str] | None:
    if not pairs:
        return None
    levels = [""] * 5
    for number, words in pairs:
        levels[number - 1] = words
    return levels


def register(subparsers: argparse._SubParsersAction) -> None:
    from rmpair.cli import add_common_options, add_json_option

    goal = subparsers.add_parser("goal")
    goal_sub = goal.add_subparsers(dest="goal_command", metavar="GOAL_COMMAND", required=True)

    add = goal_sub.add_parser("add", help="set a goal, with what 1 to 5 look like and your own score now")
    add.add_argument("text", help="what the goal's owner wants to change, in their own words")
    add.add_argument("--for", dest="owner", choices=ROLES, default="mentee",
                     help="whose goal it is (default: the mentee's)")
    add.add_argument("--looks-like", dest="levels", type=_level, action="append", metavar="N=WORDS",
                     help="what score N looks like, such as '1=I avoid it' (repeat for each score you describe)")
    add.add_argument("--score", type=_score, metavar="1-5", help="your own score now, at the start")
    add.set_defaults(handler=run_goal_add)

    levels = goal_sub.add_parser("levels", help="write what 1 to 5 look like for a goal")
    levels.add_argument("id", help="the goal's id, or its first few characters")
    levels.add_argument("levels", type=_level, nargs="+", metavar="N=WORDS",
                        help="what score N looks like, such as '5=I say it plainly'; scores left out are cleared")
    levels.set_defaults(handler=run_goal_levels)

    listing = goal_sub.add_parser("list", help="the goals, their scores and how much evidence each has")
    add_json_option(listing)
    listing.set_defaults(handler=run_goal_list)

    score = goal_sub.add_parser(
        "score", help="give your own score of a goal at the start, midway (meeting 4) or the end"
    )
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

    for parser in (goal, add, levels, listing, score, edit, link, unlink, remove):
        add_common_options(parser)


def scores_words(goal: GoalView, role: str) -> str:
    """One person's scores of a goal, as the person looking may see them."""

    def shown(point: str) -> str:
        if goal.is_hidden(role, point):
            return f"{point} hidden until you score it"
        score = goal.score_of(role, point)
        return f"{point} {'not scored' if score is None else score}"

    return ", ".join(shown(point) for point in GOAL_SCORE_POINTS)


def goal_lines(goal: GoalView) -> list[str]:
    lines = [f"{goal.short_id}  the {goal.owner}'s goal  evidence {len(goal.evidence)}  {goal.text}"]
    lines += [f"    {role}: {scores_words(goal, role)}" for role in (goal.owner, goal.partner)]
    described = [f"{n} {words}" for n, words in enumerate(goal.looks_like, start=1) if words]
    lines.append(f"    looks like: {'; '.join(described)}" if described else
                 f"    looks like: not written yet ('rmpair goal levels {goal.short_id} 1=... 5=...')")
    return lines


def run_goal_add(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        goal = service.add_goal(args.text, baseline_score=args.score, owner=args.owner, looks_like=_levels(args.levels))
        say(f"Added goal {goal.short_id}: {goal.text} (the {goal.owner}'s)")
    return 0


def run_goal_levels(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        goal = service.describe_goal_levels(args.id, _levels(args.levels))
        say(f"Goal {goal.short_id} {goal_lines(goal)[-1].strip()}")
    return 0


def run_goal_list(args: argparse.Namespace) -> int:
    with reading_pair(args) as reader:
        goals = reader.goals()
    if args.json:
        from rmpair.cli.json_output import emit, goal_json

        emit({"goals": [goal_json(goal) for goal in goals]})
        return 0
    if not goals:
        print("No goals yet. Set one with: rmpair goal add \"what you want to change\" --looks-like 5=... --score N")
    for goal in goals:
        for line in goal_lines(goal):
            say(line)
    return 0


def run_goal_score(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        goal = service.score_goal(args.id, args.score, point=args.at)
        meeting = GOAL_SCORE_MEETINGS[args.at]
        me = service.role
        other = goal.partner if me == goal.owner else goal.owner
        say(f"Goal {goal.short_id}: your score at {args.at} (meeting {meeting}) is {args.score} of 5. "
            f"The {other}'s scores: {scores_words(goal, other)}.")
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
