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
    "rmpair.cli.prompts_command",
    "rmpair.cli.export_commands",
    "rmpair.cli.exchange_commands",
    "rmpair.cli.app_command",
]


def all_modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in _NAMES]
