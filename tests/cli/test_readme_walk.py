"""README's "From the command line" walks a meeting; every command in it must be one that
rmpair takes, so the walk cannot drift from the commands."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from rmpair.cli import build_parser

README = Path(__file__).parents[2] / "README.md"


def _walk_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## From the command line", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    return [line.split("  #")[0].strip() for block in blocks for line in block.splitlines() if line.startswith("rmpair ")]


def test_the_walk_covers_a_whole_meeting() -> None:
    commands = " ".join(_walk_commands())
    for step in ("agenda 2 --done", "add --prompt", "--edit", "checkin 2 --rate", "action add", "action done",
                 "--template gibbs", "progress", "meeting 2 --held"):
        assert step in commands, step


@pytest.mark.parametrize("command", _walk_commands())
def test_each_command_in_the_walk_parses(command: str) -> None:
    args = build_parser().parse_args(shlex.split(command)[1:])
    assert getattr(args, "handler", None) is not None
