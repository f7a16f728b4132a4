"""The commands, in the order ``rmpair --help`` lists them, and the module that defines each.

A command's module is imported only when that command is parsed, asked for its help or
completed: ``rmpair --help`` lists every command from this table alone, and ``rmpair
search`` imports the entry commands and nothing else of the command line. Each module's
``register(subparsers)`` adds its commands' parsers; their one-line help is here.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import NamedTuple


class Command(NamedTuple):
    name: str
    module: str  # in rmpair.cli
    help: str


COMMANDS = [
    Command("init", "vault_commands", "create the vault with its first person"),
    Command("join", "vault_commands", "add your partner to the vault"),
    Command("passwd", "vault_commands", "change your passphrase"),
    Command("recover", "vault_commands", "set a new passphrase with your recovery code"),
    Command("check", "vault_commands", "verify the vault and its backups"),
    Command("restore", "vault_commands", "put a good backup back as the vault"),
    Command("add", "entry_commands", "add a talking point, reflection, observation or note"),
    Command("list", "entry_commands", "list the entries you can see"),
    Command("show", "entry_commands", "show one entry in full"),
    Command("search", "entry_commands", "find entries containing some text"),
    Command("edit", "entry_commands", "change an entry: its text, title, meeting, RACE tags or goal"),
    Command("share", "entry_commands", "share one of your private entries with your partner"),
    Command(
        "unshare",
        "entry_commands",
        "make a shared entry you wrote private again (your partner may already have read it)",
    ),
    Command("delete", "entry_commands", "delete an entry for good (asks first)"),
    Command("action", "action_commands", "add, finish, carry forward or list actions"),
    Command(
        "goal", "goal_commands",
        "the mentee's and the mentor's goals: set at meeting 1, each scored 1-5 by each of you at meetings 1, 4 and 6",
    ),
    Command(
        "meetings", "meeting_commands", "the six meetings with dates and status; --ics writes them as a calendar file"
    ),
    Command("meeting", "meeting_commands", "set a meeting's date, or mark it held or not held"),
    Command("agenda", "agenda_commands", "a meeting's agenda, numbered: tick items, add, change or remove them"),
    Command("checkin", "checkin_commands", "the after-meeting check-in: see the statements and ratings, or rate them"),
    Command(
        "progress", "progress_command", "how the programme is going: meetings, RACE coverage, actions, check-ins, goals"
    ),
    Command("prompts", "prompts_command", "list or check the programme content (prompts, agendas, templates)"),
    Command("templates", "templates_command", "the reflection and observation templates: list them, or show one"),
    Command("settings", "settings_commands", "the app's settings: list them, or set one (theme, idle-minutes)"),
    Command(
        "where",
        "settings_commands",
        "where rmpair keeps the vault, its backups, settings and programme content on this computer",
    ),
    Command(
        "export", "export_commands", "write the pair's shared record to one unencrypted file (Markdown, HTML or JSON)"
    ),
    Command(
        "summary",
        "export_commands",
        "a programme summary for your programme lead: numbers and dates, nothing either of you wrote",
    ),
    Command("pair", "exchange_commands", "set up this pair's vault on a second laptop"),
    Command("bundle", "exchange_commands", "exchange what you wrote with the other laptop"),
    Command("conflicts", "exchange_commands", "entries and records both laptops changed differently"),
    Command(
        "help",
        "help_command",
        "the ideas behind rmpair in plain words (privacy, review, race, recovery, exchange, editing, json, "
        "exit-codes), the programme's pages (disclosure, glossary), or a command's help",
    ),
    Command("completion", "completion_command", "print the tab-completion script for your shell (bash, zsh or fish)"),
    Command("demo", "app_command", "try the app with a made-up demo pair (never touches a real vault)"),
]


class _ParsersByName(MutableMapping):
    """The commands' parsers by name, each module registered when one of its commands is
    first looked up. Iterating over the items registers them all (completion, or a test
    walking every argument); ``in`` and iterating over the names register nothing."""

    def __init__(self, commands: Commands) -> None:
        self._commands = commands
        self._parsers: dict[str, argparse.ArgumentParser] = {}
        self._module_of = {command.name: command.module for command in COMMANDS}
        self._registering = False

    @contextmanager
    def registering(self) -> Iterator[None]:
        # argparse refuses a name already "in" the map: while a module registers, only the
        # parsers it has made so far are.
        self._registering = True
        try:
            yield
        finally:
            self._registering = False

    def __contains__(self, name: object) -> bool:
        return name in self._parsers or (not self._registering and name in self._module_of)

    def __getitem__(self, name: str) -> argparse.ArgumentParser:
        if name not in self._parsers and name in self._module_of:
            self._commands.register_module(self._module_of[name])
        return self._parsers[name]

    def __setitem__(self, name: str, parser: argparse.ArgumentParser) -> None:
        self._parsers[name] = parser

    def __delitem__(self, name: str) -> None:
        del self._parsers[name]

    def __iter__(self) -> Iterator[str]:
        yield from self._module_of
        yield from (name for name in self._parsers if name not in self._module_of)

    def __len__(self) -> int:
        return len(self._module_of.keys() | self._parsers.keys())


class Commands(argparse._SubParsersAction):
    """``add_subparsers(action=Commands)``: the top-level commands, listed from ``COMMANDS``
    and registered by their modules on demand."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._name_parser_map = self.choices = _ParsersByName(self)
        self._registered: set[str] = set()
        for command in COMMANDS:
            self._choices_actions.append(self._ChoicesPseudoAction(command.name, (), command.help))

    def register_module(self, module: str) -> None:
        if module in self._registered:
            return
        self._registered.add(module)
        with self._name_parser_map.registering():
            importlib.import_module(f"rmpair.cli.{module}").register(self)

