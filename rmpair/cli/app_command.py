"""Starting the app: ``rmpair`` with no command, and ``rmpair demo``.

``rmpair --vault PATH`` opens set-up when PATH does not exist yet, else the unlock screen.
``rmpair demo`` opens a made-up demo pair in the temporary folder; it never touches a real
vault, and its passphrases are shown on the unlock screen.
"""

from __future__ import annotations

import argparse
import sys

from rmpair.core import paths

EXIT_OK = 0
EXIT_CRASHED = 1
EXIT_USAGE = 2

NO_TERMINAL = (
    "rmpair: the app needs a terminal, and its input or output is not one here. For "
    "scripts and pipes, use the commands instead: 'rmpair --help' lists them."
)


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser(
        "demo",
        description=(
            "Open the app on a demo vault filled with made-up examples, kept in your "
            "temporary folder. Both demo passphrases are shown on the unlock screen. "
            "Your own vault, if you have one, is not touched."
        ),
    )
    demo.add_argument(
        "--fresh",
        action="store_true",
        help="throw the demo vault away and start again from the made-up examples",
    )
    demo.add_argument(
        "--prompts",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="a programme's own content pack to layer over the shipped one",
    )
    demo.set_defaults(handler=run_demo)


def run_app(args: argparse.Namespace) -> int:
    """``rmpair`` with no command: the app on the pair's vault."""
    if not _at_a_terminal():
        return EXIT_USAGE
    vault = paths.resolve_vault_path(getattr(args, "vault", None))
    return _run(vault, args)


def run_demo(args: argparse.Namespace) -> int:
    from rmpair.tui.demo import DEMO_PASSPHRASES, ensure_demo_vault

    if not _at_a_terminal():
        return EXIT_USAGE
    vault = ensure_demo_vault(fresh=args.fresh)
    return _run(vault, args, demo_passphrases=DEMO_PASSPHRASES)


def _at_a_terminal() -> bool:
    """Whether the app can run here; if not, says so in one line.

    Started from a script, a pipe or a service, the app would draw its screens (escape
    codes) into a file and then wait for ever for keys that never come."""
    # Textual reads keys from standard input and draws on standard error; standard output
    # redirected to a file is a script's way of running it, and would wait just the same.
    if all(_is_terminal(stream) for stream in (sys.stdin, sys.stdout, sys.stderr)):
        return True
    print(NO_TERMINAL, file=sys.stderr)
    return False


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def _run(vault, args: argparse.Namespace, **options) -> int:  # noqa: ANN001
    from rmpair.tui import messages
    from rmpair.tui.app import RmpairApp

    app = RmpairApp(vault, prompt_dirs=paths.resolve_override_dirs(getattr(args, "prompts", None)), **options)
    try:
        app.run()
    except Exception as error:  # noqa: BLE001 - the message must never carry the error's text
        # The app's own handler covers errors inside it; this covers the start and end.
        print(messages.crash_message(type(error).__name__), file=sys.stderr)
        return EXIT_CRASHED
    return app.return_code or EXIT_OK
