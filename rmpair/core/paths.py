"""Where rmpair keeps things on disk.

Nothing here creates a folder at import time: callers ask for a path, and the code that
writes there makes the folder when it writes.
"""

from __future__ import annotations

import os
from pathlib import Path

from rmpair.core.errors import RmpairError

APP_NAME = "rmpair"
VAULT_FILENAME = "pair.rmpair"
VAULT_ENV = "RMPAIR_VAULT"
PROMPTS_ENV = "RMPAIR_PROMPTS"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # rmpair/


def _user_data_dir() -> Path:
    # Imported here: a command given --vault, as scripts and the benchmarks give it, needs
    # no user folders, and platformdirs is a few milliseconds of every start-up.
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_vault_path() -> Path:
    """The vault path when neither ``--vault`` nor ``RMPAIR_VAULT`` is given."""
    return _user_data_dir() / VAULT_FILENAME


def resolve_vault_path(explicit: str | os.PathLike[str] | None) -> Path:
    """``--vault`` wins, then ``RMPAIR_VAULT``, then the platform default."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(VAULT_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return default_vault_path()


def vault_file(path: Path) -> Path:
    """The file a vault path names: the path itself, or the file its symbolic links lead to
    (which may not exist).

    A vault is saved by renaming a new file over it, and a rename replaces a link, not
    the file it leads to. Saved through a link, the link would become a second vault and
    the real one would keep its old contents for ever. So the vault module works on the
    file the links lead to: its temporaries, backups and lock are made beside that file,
    and the links stay as they are.
    """
    if not os.path.islink(path):
        return path
    real = Path(os.path.realpath(path))
    if os.path.islink(real):  # realpath stops where the links go round in a loop
        raise RmpairError(
            f"{path} is a symbolic link whose links go round in a loop and never reach a file. "
            "Give the vault file itself with --vault."
        )
    return real


def make_private_folder(folder: Path) -> None:
    """Make ``folder``, and any folder above it that is missing, readable by this person
    only (0700), whatever the umask: a folder others can list shows when the pair last
    wrote, and one they can write lets them swap files. A folder that exists already is
    left as it is: it may be the person's own Documents."""
    missing = []
    current = folder
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        # The umask can only take bits away from 0700, so even umask 000 gives 0700.
        path.mkdir(mode=0o700, exist_ok=True)


def held_changes_dir() -> Path:
    """Sealed changes a closed terminal could not save, when the vault's own folder
    refused them (see ``rmpair.core.held_changes``)."""
    return _user_data_dir() / "unsaved"


def user_config_dir() -> Path:
    """Settings that hold nothing private (theme name, idle minutes) live here."""
    import platformdirs  # not at the top: see _user_data_dir

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_prompts_dir() -> Path:
    """A programme's own content pack, layered over the shipped one."""
    return user_config_dir() / "prompts"


def resolve_override_dirs(cli_value: str | os.PathLike[str] | None) -> list[Path]:
    """The folders of a programme's own content: ``--prompts`` wins, then ``RMPAIR_PROMPTS``,
    then the user's pack if it exists. (Here, not with the loading: the app asks before its
    first paint, and the content package is loaded only after it.)"""
    if cli_value:
        return [Path(cli_value).expanduser()]
    from_env = os.environ.get(PROMPTS_ENV)
    if from_env:
        return [Path(from_env).expanduser()]
    user_dir = user_prompts_dir()
    return [user_dir] if user_dir.is_dir() else []


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
