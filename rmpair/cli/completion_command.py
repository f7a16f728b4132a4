"""``rmpair completion bash|zsh|fish``: tab completion of commands, options and choices.

argcomplete does the work (it covers all three shells; shtab has no fish): the script this
prints asks ``rmpair`` itself what may come next, with ``_ARGCOMPLETE`` set, and ``main``
hands that to ``complete`` before anything else runs, so the answer always matches the
parser. Nothing is imported for it on an ordinary run.
"""

from __future__ import annotations

import argparse

SHELLS = ("bash", "zsh", "fish")
INSTALL = {
    "bash": 'eval "$(rmpair completion bash)"   # in ~/.bashrc',
    "zsh": 'eval "$(rmpair completion zsh)"    # in ~/.zshrc, after compinit',
    "fish": "rmpair completion fish > ~/.config/fish/completions/rmpair.fish",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    from rmpair.cli import add_common_options

    completion = subparsers.add_parser(
        "completion",
        description="Print a script that makes Tab complete rmpair's commands and options. "
        + " ".join(f"{shell}: {how}." for shell, how in INSTALL.items()),
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    completion.set_defaults(handler=run_completion)
    add_common_options(completion)


def run_completion(args: argparse.Namespace) -> int:
    import argcomplete

    print(argcomplete.shellcode(["rmpair"], shell=args.shell))
    return 0


def complete(parser: argparse.ArgumentParser) -> None:
    """Answer the shell's question and exit (argcomplete does both)."""
    import argcomplete

    argcomplete.autocomplete(parser)
