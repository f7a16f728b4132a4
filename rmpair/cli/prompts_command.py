"""``rmpair prompts``: see and check the programme content without opening the app.

``list`` shows the prompts a pair would see, with the same override pack the app uses;
``show ID`` prints one prompt whole, with what its RACE category means for each role.
``check DIR`` is for a programme lead who has just edited a pack: it reports every
problem as ``FILE:LINE: what is wrong — what to do`` and exits 1, or prints one OK line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rmpair import content
from rmpair.core import paths
from rmpair.cli import EXIT_OK, EXIT_PROBLEM, add_common_options, add_json_option, programme_content
from rmpair.cli.arguments import meeting_number
from rmpair.cli.words import flowed
from rmpair.cli.terminal_output import say
from rmpair.core.errors import UsageError

_COUNT_NOUNS = (
    ("categories", "category", "categories"),
    ("prompts", "prompt", "prompts"),
    ("agendas", "agenda", "agendas"),
    ("observation_templates", "observation template", "observation templates"),
    ("reflection_templates", "reflection template", "reflection templates"),
    ("checkin_statements", "check-in statement", "check-in statements"),
    ("programme", "programme file", "programme files"),
    ("guides", "guidance page", "guidance pages"),
    ("terms", "glossary term", "glossary terms"),
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "prompts",
        description=(
            "List the prompts a pair will see, or check a folder of content files after "
            "editing it. See prompts/README.md for the file format."
        ),
    )
    add_common_options(parser)
    commands = parser.add_subparsers(
        dest="prompts_command", metavar="SUBCOMMAND", parser_class=type(parser)
    )
    commands.required = True

    list_parser = commands.add_parser(
        "list",
        help="list prompts, optionally filtered, or count everything with --summary",
        description=(
            "List the prompts from the shipped content and your programme's pack "
            "(--prompts DIR, else $RMPAIR_PROMPTS, else the prompts folder in your "
            "rmpair settings folder)."
        ),
    )
    add_common_options(list_parser)
    list_parser.add_argument("--category", metavar="C", help="only prompts in this RACE category")
    list_parser.add_argument("--role", choices=content.ROLES, help="only prompts for this role")
    list_parser.add_argument(
        "--meeting", metavar="N", type=meeting_number, help="only prompts that fit meeting N (1 to 6)"
    )
    list_parser.add_argument(
        "--summary",
        action="store_true",
        help="print counts of prompts, agendas, templates and check-in statements instead",
    )
    add_json_option(list_parser)
    list_parser.set_defaults(handler=run_list)

    show_parser = commands.add_parser(
        "show",
        help="one prompt whole: its text, hint, and what its RACE category means for your role",
    )
    add_common_options(show_parser)
    show_parser.add_argument("id", metavar="ID", help="the prompt's id, as 'rmpair prompts list' shows it")
    show_parser.add_argument(
        "--role", choices=content.ROLES, help="say what the category means for this role only (default: both)"
    )
    add_json_option(show_parser)
    show_parser.set_defaults(handler=run_show)

    check_parser = commands.add_parser(
        "check",
        help="check a folder of content files as it would load over the shipped content",
        description=(
            "Check every .toml file in DIR as it would load over the shipped content. Each "
            "problem is printed as FILE:LINE: problem — what to fix, and the exit code is 1; "
            "if there are none, one OK line is printed."
        ),
    )
    add_common_options(check_parser)
    check_parser.add_argument("directory", metavar="DIR", type=Path, help="the folder to check")
    check_parser.set_defaults(handler=run_check)


def _pack(args: argparse.Namespace) -> content.ContentPack:
    pack = programme_content(args)
    _report_skipped(pack)
    return pack


def prompt_json(prompt: content.Prompt) -> dict[str, Any]:
    from rmpair.cli.json_output import PROMPT

    return PROMPT.make(
        id=prompt.id, category=prompt.category, roles=list(prompt.roles), meetings=list(prompt.meetings),
        title=prompt.title, text=prompt.text, hint=prompt.hint,
    )


def run_show(args: argparse.Namespace) -> int:
    pack = _pack(args)
    prompt = pack.prompt(args.id)
    if prompt is None:
        raise UsageError(f"There is no prompt '{args.id}'. 'rmpair prompts list' shows them.")
    category = pack.category(prompt.category)
    if args.json:
        from rmpair.cli.json_output import CATEGORY, emit

        emit({
            "prompt": prompt_json(prompt),
            "category": CATEGORY.make(
                id=category.id, name=category.name, for_mentor=category.mentor_description,
                for_mentee=category.mentee_description,
            ) if category else None,
        })
        return EXIT_OK
    print(prompt.title)
    meetings = ", ".join(str(m) for m in prompt.meetings)
    print(f"{prompt.id}: {category.name if category else prompt.category}, for {_role_words(prompt)}, meetings {meetings}")
    print()
    print(flowed(prompt.text))
    if prompt.hint:
        print()
        print(f"Hint: {flowed(prompt.hint)}")
    if category is not None:
        roles = (args.role,) if args.role else content.ROLES
        for role in roles:
            print()
            print(f"What {category.name} means for the {role}: {flowed(category.description_for(role))}")
    print()
    print(f"Start a talking point from it: rmpair add --prompt {prompt.id} --meeting N --edit")
    return EXIT_OK


def _role_words(prompt: content.Prompt) -> str:
    return "both mentor and mentee" if prompt.role_label == "both" else f"the {prompt.role_label}"


def run_list(args: argparse.Namespace) -> int:
    pack = _pack(args)

    category = args.category
    if category is not None and pack.category(category) is None:
        known = ", ".join(c.id for c in pack.categories)
        raise UsageError(f"there is no category '{category}'; use one of {known}.")

    prompts = pack.prompts_for(category=category, role=args.role, meeting=args.meeting)
    if args.json:
        from rmpair.cli.json_output import emit

        emit({"prompts": [prompt_json(p) for p in prompts]})
    elif args.summary:
        _print_summary(pack, prompts, filtered=any((category, args.role, args.meeting)))
    elif prompts:
        _print_prompt_table(prompts)
    else:
        print("No prompts match those filters.")
    return EXIT_OK


def _report_skipped(pack: content.ContentPack) -> None:
    # The listing still goes ahead: the app starts with whatever loaded, so the list
    # should show the same, with what was skipped said once on stderr.
    for problem in pack.problems:
        say(str(problem), sys.stderr)
    if pack.problems:
        print(
            f"rmpair: {len(pack.problems)} content problem(s) above; everything else loaded. "
            "Run 'rmpair prompts check DIR' after fixing them.",
            file=sys.stderr,
        )


def _print_prompt_table(prompts: list[content.Prompt]) -> None:
    rows = [
        (p.id, p.category, p.role_label, ",".join(str(m) for m in p.meetings), p.title) for p in prompts
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        say("  ".join([*cells, row[4]]))


def _print_summary(pack: content.ContentPack, prompts: list[content.Prompt], *, filtered: bool) -> None:
    label = "Prompts matching your filters" if filtered else "Prompts"
    print(f"{label}: {len(prompts)}")
    for category in pack.categories:
        print(f"  {category.id}: {sum(1 for p in prompts if p.category == category.id)}")
    for role, people in (("mentor", "mentors"), ("mentee", "mentees")):
        usable = sum(1 for p in prompts if role in p.roles)
        only = sum(1 for p in prompts if p.roles == (role,))
        print(f"  for {people}: {usable} ({only} for {people} only)")
    both = sum(1 for p in prompts if p.role_label == "both")
    print(f"  for both: {both}")
    print(f"Meetings: {len(content.MEETING_NUMBERS)} (what each role is offered at each, prompts for both included)")
    for meeting in content.MEETING_NUMBERS:
        offered = [p for p in prompts if meeting in p.meetings]
        mentor = sum(1 for p in offered if "mentor" in p.roles)
        mentee = sum(1 for p in offered if "mentee" in p.roles)
        print(f"  meeting {meeting}: {len(offered)} (mentor {mentor}, mentee {mentee})")
    print(f"Categories: {len(pack.categories)}")
    print(f"Agendas: {len(pack.agendas)}")
    print(f"Observation templates: {len(pack.observation_templates)}")
    print(f"Reflection templates: {len(pack.reflection_templates)}")
    print(f"Check-in statements: {len(pack.checkin_statements)}")
    print(f"Guidance pages: {len(pack.guides)}")
    print(f"Glossary terms: {len(pack.terms)}")
    names = f" ({', '.join(pack.packs_on)})" if pack.packs_on else ""
    print(f"Optional packs on: {len(pack.packs_on)}{names}")


def run_check(args: argparse.Namespace) -> int:
    directory: Path = args.directory
    shipped = paths.shipped_prompts_dir()
    is_shipped = _same_folder(directory, shipped)
    # Checked as it would really load, so a pack that only adds prompts to the
    # shipped categories is not flagged for categories it does not define itself.
    dirs = [directory] if is_shipped else [shipped, directory]
    pack = content.load_pack_dirs(dirs)
    found = list(pack.problems)
    # Every optional pack the folder offers is checked too, switched on over it, so a
    # pack's mistakes show before a programme turns it on.
    for name, pack_dir in content.optional_packs([directory]).items():
        if name not in pack.packs_on:
            found += [p for p in content.load_pack_dirs([*dirs, pack_dir]).problems if p not in found]

    # File order reads best when fixing things one by one, top to bottom.
    ordered = sorted(found, key=lambda p: (str(p.path), p.line or 0))
    problems = [str(p) for p in ordered]
    layer = next(layer for layer in pack.layers if _same_folder(layer.directory, directory))
    if directory.is_dir() and layer.files == 0:
        problems.append(
            f"{directory}: there are no .toml files in this folder — add content files, "
            "see prompts/README.md for the format"
        )
    if problems:
        for line in problems:
            say(line)
        print(
            f"rmpair: {len(problems)} problem(s) in {directory}; fix them and run the check again.",
            file=sys.stderr,
        )
        return EXIT_PROBLEM

    counts = _describe_counts(layer.counts)
    if is_shipped:
        print(f"OK: {directory} has {counts}.")
    else:
        print(f"OK: {directory} adds or replaces {counts}, and loads cleanly over the shipped content.")
    return EXIT_OK


def _same_folder(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve()
    except OSError:
        return False


def _describe_counts(counts: Any) -> str:
    parts = [
        f"{counts[key]} {singular if counts[key] == 1 else plural}"
        for key, singular, plural in _COUNT_NOUNS
        if counts.get(key)
    ]
    if not parts:
        return "nothing"
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]
