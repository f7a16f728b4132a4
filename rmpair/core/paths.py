"""Where rmpair keeps things on disk.

Nothing here creates a folder at import time: callers ask for a path, and the code that
writes there makes the folder when it writes.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "rmpair"
VAULT_FILENAME = "pair.rmpair"
VAULT_ENV = "RMPAIR_VAULT"
PROMPTS_ENV = "RMPAIR_PROMPTS"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # rmpair/


def default_vault_path() -> Path:
    """The vault path when neither ``--vault`` nor ``RMPAIR_VAULT`` is given."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / VAULT_FILENAME


def resolve_vault_path(explicit: str | os.PathLike[str] | None) -> Path:
    """``--vault`` wins, then ``RMPAIR_VAULT``, then the platform default."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(VAULT_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return default_vault_path()


def held_changes_dir() -> Path:
    """Sealed changes a closed terminal could not save, when the vault's own folder
    refused them (see ``rmpair.core.held_changes``)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "unsaved"


def user_config_dir() -> Path:
    """Settings that hold nothing private (theme name, idle minutes) live here."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_prompts_dir() -> Path:
    """A programme's own content pack, layered over the shipped one."""
    return user_config_dir() / "prompts"


def _shipped_dir(name: str) -> Path:
    # An installed wheel carries the top-level folders inside the package (see
    # pyproject's force-include); a source checkout or editable install has them
    # beside the package.
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def shipped_prompts_dir() -> Path:
    return _shipped_dir("prompts")


def shipped_themes_dir() -> Path:
    return _shipped_dir("themes")
