"""A command imports what it needs when it runs: ``rmpair --help`` lists every command from
the table in ``rmpair.cli.command_modules`` without importing their modules, and search
and list import neither the other command modules nor the ORM, platformdirs (the vault
is given) or the content pack. Each case runs ``main()`` in a fresh interpreter and
reports what ended up in ``sys.modules``."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys

import pytest
from cli_testkit import MENTOR_PASS, SUBPROCESS_TIMEOUT

from rmpair.cli.command_modules import COMMANDS

_RUN_AND_REPORT = """
import json, sys
from rmpair.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
sys.exit(code)
"""

_HEAVY = ("sqlmodel", "sqlalchemy", "pydantic", "platformdirs", "textual", "rmpair.content")


def _modules_after(*args: str, stdin: str = "") -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", _RUN_AND_REPORT, *args],
        input=stdin, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stderr.splitlines()[-1]))


def _command_modules(modules: set[str]) -> set[str]:
    return {name for name in modules if name.startswith("rmpair.cli.") and name != "rmpair.cli.command_modules"}


def _heavy(modules: set[str]) -> set[str]:
    return {name for name in modules if name.split(".")[0] in _HEAVY or name.startswith(_HEAVY)}


def test_help_imports_no_command_module():
    modules = _modules_after("--help")
    assert _command_modules(modules) == set()
    assert _heavy(modules) == set()


@pytest.mark.parametrize("args", [("search", "fast"), ("list",), ("list", "--kind", "note")])
def test_search_and_list_import_only_the_entry_commands(fast_pair, args):
    modules = _modules_after("--vault", str(fast_pair.vault), *args, stdin=MENTOR_PASS + "\n")
    assert {name for name in _command_modules(modules) if name.endswith("_commands")} == {"rmpair.cli.entry_commands"}
    assert _heavy(modules) == set()


def test_a_commands_own_help_imports_its_module_alone():
    modules = _modules_after("goal", "add", "--help")
    assert {name for name in _command_modules(modules) if name.endswith(("_commands", "_command"))} == {
        "rmpair.cli.goal_commands"
    }


def test_the_table_lists_every_command_its_modules_register_in_their_order():
    registered = []
    for module in dict.fromkeys(command.module for command in COMMANDS):
        subparsers = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"rmpair.cli.{module}").register(subparsers)
        registered += [(name, module) for name in subparsers.choices]
    assert registered == [(command.name, command.module) for command in COMMANDS]


def test_the_help_commands_line_names_every_topic():
    from rmpair.cli.help_command import TOPICS

    line = next(command.help for command in COMMANDS if command.name == "help")
    assert all(topic in line for topic in TOPICS)
