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


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="try the app with a made-up demo pair (never touches a real vault)",
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
    vault = paths.resolve_vault_path(getattr(args, "vault", None))
    return _run(vault, args)


def run_demo(args: argparse.Namespace) -> int:
    from rmpair.tui.demo import DEMO_PASSPHRASES, ensure_demo_vault

    vault = ensure_demo_vault(fresh=args.fresh)
    return _run(vault, args, demo_passphrases=DEMO_PASSPHRASES)


def _run(vault, args: argparse.Namespace, **options) -> int:  # noqa: ANN001
    from rmpair.tui import messages
    from rmpair.tui.app import RmpairApp
    from rmpair.content import resolve_override_dirs

    app = RmpairApp(vault, prompt_dirs=resolve_override_dirs(getattr(args, "prompts", None)), **options)
    try:
        app.run()
    except Exception as error:  # noqa: BLE001 - the message must never carry the error's text
        # The app's own handler covers errors inside it; this covers the start and end.
        print(messages.crash_message(type(error).__name__), file=sys.stderr)
        return EXIT_CRASHED
    return app.return_code or EXIT_OK
