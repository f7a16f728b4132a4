"""The command modules, in the order ``rmpair --help`` lists them."""

from __future__ import annotations

import importlib
from types import ModuleType

_NAMES = [
    "rmpair.cli.vault_commands",
    "rmpair.cli.entry_commands",
    "rmpair.cli.action_commands",
    "rmpair.cli.goal_commands",
    "rmpair.cli.meeting_commands",
    "rmpair.cli.agenda_commands",
    "rmpair.cli.checkin_commands",
    "rmpair.cli.progress_command",
    "rmpair.cli.prompts_command",
    "rmpair.cli.templates_command",
    "rmpair.cli.settings_commands",
    "rmpair.cli.export_commands",
    "rmpair.cli.exchange_commands",
    "rmpair.cli.help_command",
    "rmpair.cli.completion_command",
    "rmpair.cli.app_command",
]


def all_modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in _NAMES]
