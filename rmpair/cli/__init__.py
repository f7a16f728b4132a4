"""The ``rmpair`` command line.

Every core task can be done here without the TUI, for scripts and for screen-reader users.
Each command group lives in its own module with a ``register(subparsers)`` function that adds
its parser and sets ``handler`` to a function taking the parsed args and returning an exit code.

Exit codes: 0 success; 1 a problem rmpair explains (message on one line); 2 a command
typed wrong, including text that is missing; 130 interrupted (Ctrl+C, or SIGTERM while an
editor is open for ``--edit``).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rmpair import __version__
from rmpair.core.errors import RmpairError, UsageError, VaultWriteFailed

if TYPE_CHECKING:
    from rmpair.content import ContentPack

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

_OUTPUT_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class CommandLineUsage(UsageError):
    """The command line itself is wrong (text missing, two sources of text given): a
    usage error, exit 2, like the ones argparse reports."""

UNEXPECTED = (
    "rmpair: stopped by an unexpected problem ({kind}); what was saved before it is safe, and "
    "nothing you wrote is shown here, on purpose. If it happens again, tell whoever looks "
    "after rmpair the word in brackets."
)


class _Parser(argparse.ArgumentParser):
    """argparse, but an unknown command says what to do, in one line, with exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"rmpair: {message}. Try '{self.prog} --help'.\n")


def build_parser() -> argparse.ArgumentParser:
    from rmpair.cli import command_modules

    parser = _Parser(
        prog="rmpair",
        description=(
            "A terminal companion for one reverse-mentoring pair. With no command, "
            "starts the app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"rmpair {__version__}")
    add_common_options(parser)
    parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser, action=command_modules.Commands)
    return parser


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Options every command takes, before or after the command name."""
    parser.add_argument(
        "--vault",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the vault file (default: $RMPAIR_VAULT, else your user data folder)",
    )
    parser.add_argument(
        "--prompts",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="a programme's own content pack to layer over the shipped one",
    )


JSON_HELP = "print JSON ('rmpair help json' has its shape)"


def add_json_option(parser: argparse.ArgumentParser) -> None:
    """``--json`` for a command that reads: the shapes are in ``rmpair.cli.json_output``."""
    parser.add_argument("--json", action="store_true", help=JSON_HELP)


def programme_content(args: argparse.Namespace) -> ContentPack:
    """The shipped content with the programme's own pack over it, as ``--prompts`` (else
    ``$RMPAIR_PROMPTS``, else the user's pack) says; imported only by a command that needs it.
    Kept on ``args`` once read: a command that checks its input against the content and then
    tags what it writes would otherwise read every file of both packs twice."""
    pack = getattr(args, "_programme_content", None)
    if pack is None:
        from rmpair.content import load_content, resolve_override_dirs

        pack = load_content(resolve_override_dirs(getattr(args, "prompts", None)))
        args._programme_content = pack
    return pack


def fail_writes_past_file_size_limit() -> None:
    """Past a file-size limit (``ulimit -f``) the kernel ends the writer with SIGXFSZ, so
    rmpair would vanish mid-save without a word; ignored, the write fails with EFBIG, and
    the save says so and keeps the change, as for a full disk."""
    import signal

    try:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    except (AttributeError, ValueError):
        pass  # no such signal here (Windows), or not the main thread: keep the default


def main(argv: Sequence[str] | None = None) -> int:
    fail_writes_past_file_size_limit()
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # the shell asking what comes next (rmpair completion)
        from rmpair.cli.completion_command import complete

        complete(parser)
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            from rmpair.cli.app_command import run_app

            return run_app(args)
        return handler(args)
    except CommandLineUsage as error:
        print(f"rmpair: {error} Try 'rmpair {_command_words(args)}--help'.", file=sys.stderr)
        return EXIT_USAGE
    except VaultWriteFailed as error:
        print(f"rmpair: {ended_by_a_failed_save(error)}", file=sys.stderr)
        return EXIT_PROBLEM
    except RmpairError as error:
        print(f"rmpair: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        print("rmpair: stopped; nothing was half-written.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``rmpair list | head``): not an error worth a traceback.
        # Point stdout at devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        if error.errno not in _OUTPUT_FULL:
            print(UNEXPECTED.format(kind=type(error).__name__), file=sys.stderr)
            return EXIT_PROBLEM
        # rmpair's own files turn these into their own sentences where they are written,
        # so one that gets here is the output (``rmpair list > file`` on a full disk).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(
            f"rmpair: Could not write the output ({error.strerror}). Free some space, or send it "
            "somewhere else; whatever the command saved in the vault is saved.",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    except Exception as error:  # noqa: BLE001 - the last line of defence, see below
        # Every problem a person can meet should be an RmpairError raised where it is
        # understood; this only keeps an unforeseen one from printing a traceback, whose
        # text and local variables could hold a passphrase or what the pair wrote.
        print(UNEXPECTED.format(kind=type(error).__name__), file=sys.stderr)
        return EXIT_PROBLEM


def ended_by_a_failed_save(error: VaultWriteFailed) -> str:
    """The core's words say the change is still in memory, for the app to retry; a command
    has ended, so it says only that nothing was saved, and what to do."""
    if error.problem is None:
        return str(error)
    remedy = f"{error.remedy}, and try again" if error.remedy else "Try again"
    return f"{error.problem}, so nothing was saved. {remedy}."


def _command_words(args: argparse.Namespace) -> str:
    """"agenda " or "action add ", for pointing at the right --help."""
    words = [getattr(args, "command", None)]
    words += [value for name, value in vars(args).items() if name.endswith("_command") and name != "command"]
    return "".join(f"{word} " for word in words if isinstance(word, str))
