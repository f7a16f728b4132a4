"""Commands that write what is in the vault to a file: export, summary.

Both check the output path before asking for the passphrase, so a file that already
exists or a folder that does not is reported before anyone types anything. ``--out -``
writes to standard output instead, and what rmpair says about it goes to standard error.
"""

from __future__ import annotations

import argparse
import sys

from rmpair.cli import programme_content
from rmpair.cli.output_file import output
from rmpair.cli.session import reading_pair


def register(subparsers: argparse._SubParsersAction) -> None:
    from rmpair.cli import add_common_options
    from rmpair.reports.export import FORMATS

    export = subparsers.add_parser(
        "export",
        description=(
            "Write the meetings, agendas, shared entries, actions, goals and shared check-ins "
            "to one file. The file is NOT encrypted. Only what is shared goes in, unless you add "
            "--include-private, which adds your own private entries (never your partner's)."
        ),
    )
    export.add_argument(
        "--format",
        choices=FORMATS,
        help="markdown, html (one self-contained page) or json (default: from --out's suffix, else markdown)",
    )
    export.add_argument(
        "--out", metavar="PATH", required=True, help="the file to write (its folder must exist), or - for standard output"
    )
    export.add_argument(
        "--include-private", action="store_true", help="also include your own private entries and check-in ratings"
    )
    export.add_argument("--force", action="store_true", help="replace the file if it already exists")
    export.set_defaults(handler=run_export)

    summary = subparsers.add_parser(
        "summary",
        description=(
            "Print a summary in numbers and dates only (meetings, agenda items done, RACE coverage "
            "of shared entries, actions), show it to both of you, then write it as Markdown after "
            "you confirm. It holds no names and no text either of you wrote."
        ),
    )
    summary.add_argument(
        "--out", metavar="PATH", required=True,
        help="the Markdown file to write (its folder must exist), or - for standard output without asking",
    )
    summary.add_argument(
        "--include-ratings",
        action="store_true",
        help="add average check-in ratings per statement (only of people who share their ratings)",
    )
    summary.add_argument("--force", action="store_true", help="replace the file if it already exists")
    summary.add_argument("--yes", action="store_true", help="write without asking (for scripts)")
    summary.set_defaults(handler=run_summary)

    for parser in (export, summary):
        add_common_options(parser)


def run_export(args: argparse.Namespace) -> int:
    from rmpair.reports import export

    format = args.format or export.format_for_path(args.out)
    target = output(args.out, force=args.force)
    pack = programme_content(args)
    with reading_pair(args) as reader:
        document = export.build_export(reader, include_private=args.include_private, content=pack)
    text = export.render(document, format)
    print(f"rmpair: warning: {export.UNENCRYPTED_WARNING}", file=sys.stderr, flush=True)
    target.write(text)
    private = sum(1 for e in document.entries if e.private)
    counted = _count(len(document.entries) - private, "shared entry", "shared entries")
    if args.include_private:
        counted += f" and {_count(private, 'private entry', 'private entries')} of yours"
    if target.to_stdout:
        print(f"rmpair: exported {counted} as {format} to standard output.", file=sys.stderr)
    else:
        print(f"Exported {counted} as {format} to {target.path}; only your user account can open the file.")
    return 0


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def confirm(question: str) -> bool:
    """Yes or no. At a terminal, ask; otherwise read the next line of standard input."""
    stdin = sys.stdin
    if stdin is not None and stdin.isatty():
        try:
            answer = input(f"{question} [y/N] ")
        except EOFError:
            answer = ""
    else:
        print(f"{question} [y/N] ", end="", flush=True)
        answer = stdin.readline() if stdin is not None else ""
        print()
    return answer.strip().lower() in ("y", "yes")


def run_summary(args: argparse.Namespace) -> int:
    from rmpair.reports import summary as programme_summary

    target = output(args.out, force=args.force)
    pack = programme_content(args)
    with reading_pair(args) as reader:
        report = programme_summary.build_summary(reader, include_ratings=args.include_ratings, content=pack)
    text = programme_summary.render_summary_markdown(report)
    if target.to_stdout:
        target.write(text)
        return 0
    print(text)
    if not args.yes and not confirm(f"Write this to {target.path}?"):
        print("Nothing was written.")
        return 0
    target.write(text)
    print(f"Wrote the summary to {target.path}.")
    return 0
