"""``rmpair settings`` (list, or set one) and ``rmpair where`` (the files rmpair uses here).

Settings are the app's own preferences, the same file its Settings screen writes; nothing
private is kept in them, so neither command asks for a passphrase.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SETTING_NAMES = {
    "theme": "the app's colour palette",
    "idle-minutes": "minutes without a key press before the app locks itself",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    from rmpair.cli import add_common_options, add_json_option

    settings = subparsers.add_parser(
        "settings",
        description=(
            "With nothing else, list the settings and what each may be. With a name and a value, set it: "
            "'rmpair settings theme high-contrast', 'rmpair settings idle-minutes 10'."
        ),
    )
    settings.add_argument("name", nargs="?", choices=tuple(SETTING_NAMES), metavar="NAME",
                          help=f"the setting to change: {', '.join(SETTING_NAMES)}")
    settings.add_argument("value", nargs="?", help="its new value")
    add_json_option(settings)
    settings.set_defaults(handler=run_settings)

    where = subparsers.add_parser("where")
    add_json_option(where)
    where.set_defaults(handler=run_where)

    for parser in (settings, where):
        add_common_options(parser)


def run_settings(args: argparse.Namespace) -> int:
    from rmpair.cli import CommandLineUsage
    from rmpair.core.settings import default_settings_path, load_palettes, load_settings

    if args.name is not None and args.value is None:
        raise CommandLineUsage(f"Give {args.name} a value, as in: rmpair settings {args.name} VALUE")
    if args.name is not None and args.json:
        raise CommandLineUsage("--json lists the settings; it does not go with setting one.")
    path = default_settings_path()
    loaded = load_settings(path)
    palettes = load_palettes().palettes
    if args.name is not None:
        return _set(args.name, args.value, loaded.settings, palettes, path)
    settings = loaded.settings
    if args.json:
        from rmpair.cli.json_output import SETTINGS, emit

        emit(SETTINGS.make(
            theme=settings.theme, idle_minutes=settings.idle_minutes, themes=[p.name for p in palettes],
            file=str(path), problems=list(loaded.problems),
        ))
        return 0
    for problem in loaded.problems:
        print(f"rmpair: {problem}", file=sys.stderr)
    print(f"theme: {settings.theme} ({SETTING_NAMES['theme']})")
    for palette in palettes:
        print(f"  {palette.name}: {palette.label}. {' '.join(palette.description.split())}")
    print(f"idle-minutes: {settings.idle_minutes:g} ({SETTING_NAMES['idle-minutes']}; 1 to 480)")
    print(f"Kept in {path}{'' if path.exists() else ' (not written yet: these are the defaults)'}.")
    return 0


def _set(name: str, value: str, settings, palettes, path: Path) -> int:  # noqa: ANN001
    from rmpair.core.errors import RmpairError
    from rmpair.core.settings import parse_idle_minutes, save_settings

    if name == "theme":
        names = [p.name for p in palettes]
        if value not in names:
            raise RmpairError(f"There is no theme '{value}'; choose one of {', '.join(names)}.")
        changed = settings.with_theme(value)
    else:
        try:
            changed = settings.with_idle_minutes(parse_idle_minutes(value))
        except ValueError as error:
            raise RmpairError(str(error)) from None
    try:
        save_settings(changed, path)
    except OSError as error:
        raise RmpairError(f"Could not save the settings in {path} ({error.strerror}); nothing was changed.") from None
    shown = changed.theme if name == "theme" else f"{changed.idle_minutes:g}"
    print(f"{name} is now {shown}. The app uses it the next time it starts.")
    return 0


def run_where(args: argparse.Namespace) -> int:
    from rmpair import content
    from rmpair.cli.private_editor import draft_base
    from rmpair.core import paths
    from rmpair.core.settings import default_settings_path
    from rmpair.core.vault import backup_path
    from rmpair.core.vault_lock import lock_path_for

    vault = paths.resolve_vault_path(getattr(args, "vault", None))
    backups = [backup_path(vault, generation) for generation in (1, 2, 3)]
    overrides = content.resolve_override_dirs(getattr(args, "prompts", None)) or [paths.user_prompts_dir()]
    prompts = [paths.shipped_prompts_dir(), *overrides]
    drafts, in_memory = draft_base()
    settings = default_settings_path()
    if args.json:
        from rmpair.cli.json_output import PLACES, emit

        emit(PLACES.make(
            vault=str(vault), vault_exists=vault.exists(), backups=[str(b) for b in backups],
            lock=str(lock_path_for(vault)), settings=str(settings), prompts=[str(p) for p in prompts],
            drafts=str(drafts), drafts_in_memory=in_memory,
        ))
        return 0

    def there(path: Path) -> str:
        return "" if path.exists() else " (not there yet)"

    print(f"vault: {vault}{there(vault)}")
    for number, backup in enumerate(backups, start=1):
        print(f"backup {number}: {backup}{there(backup)}")
    print(f"lock: {lock_path_for(vault)} (there while a writer has the vault open)")
    print(f"settings: {settings}{there(settings)}")
    print(f"programme content, shipped: {prompts[0]}")
    for folder in prompts[1:]:
        print(f"programme content, your programme's own: {folder}{there(folder)}")
    memory = "memory-backed" if in_memory else "on disk: there is no memory-backed folder here"
    print(f"drafts while --edit has the editor open: {drafts} ({memory})")
    return 0
