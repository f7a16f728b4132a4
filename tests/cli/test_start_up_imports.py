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


_APP_TO_FIRST_PAINT = """
import asyncio, json, sys
from rmpair.cli import app_command, main
from rmpair.tui.app import RmpairApp

at_first_paint = []
real_display = RmpairApp._display

def display(self, screen, renderable):
    if renderable is not None and not at_first_paint:
        at_first_paint.append(sorted(sys.modules))
    real_display(self, screen, renderable)

def run(self, *args, **kwargs):
    # Headless instead of the terminal this test has not got; the same app and start.
    async def until_painted():
        async with self.run_test(size=(100, 30)) as pilot:
            while not at_first_paint:
                await pilot.pause(0.01)
    asyncio.run(until_painted())
    return 0

RmpairApp._display = display
RmpairApp.run = run
app_command._at_a_terminal = lambda: True
code = main(sys.argv[1:])
print(json.dumps(at_first_paint[0]), file=sys.stderr)
sys.exit(code)
"""


def test_the_app_paints_its_first_screen_before_loading_the_vault_code_or_the_content(fast_pair):
    # The service (SQLModel), cryptography and the content pack load in a worker after the
    # first paint, while the person types; only the screen itself comes before it.
    result = subprocess.run(
        [sys.executable, "-c", _APP_TO_FIRST_PAINT, "--vault", str(fast_pair.vault)],
        capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    modules = set(json.loads(result.stderr.splitlines()[-1]))
    assert "rmpair.tui.screens.unlock" in modules, "the first screen was not the unlock screen"
    early = {name for name in modules if name.startswith(("rmpair.content", "rmpair.core.service", "sqlmodel",
                                                          "sqlalchemy", "cryptography", "rmpair.core.crypto"))}
    assert early == set()
