"""Two laptops from the command line: pair invite / accept, bundle export / import, and
conflicts (list, show, resolve)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rmpair.cli.session import unlocked
from rmpair.cli.terminal_input import PassphraseReader
from rmpair.cli.terminal_output import say
from rmpair.core import paths
from rmpair.core.errors import UsageError

EXIT_NOT_APPLIED = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    from rmpair.cli import add_common_options, add_json_option

    pair = subparsers.add_parser("pair")
    pair_sub = pair.add_subparsers(dest="pair_command", metavar="PAIR_COMMAND", required=True)
    invite = pair_sub.add_parser(
        "invite", help="write an invite for the person who will use the other laptop, and show its pairing code"
    )
    invite.add_argument("--out", required=True, metavar="FILE", help="where to write the invite file")
    invite.set_defaults(handler=run_invite)
    accept = pair_sub.add_parser(
        "accept", help="make this laptop's vault from an invite (asks the pairing code, then your passphrase)"
    )
    accept.add_argument("file", metavar="FILE", help="the invite file from the other laptop")
    accept.set_defaults(handler=run_accept)

    bundle = subparsers.add_parser("bundle")
    bundle_sub = bundle.add_subparsers(dest="bundle_command", metavar="BUNDLE_COMMAND", required=True)
    export = bundle_sub.add_parser("export", help="write a bundle for the other laptop")
    export.add_argument("--out", required=True, metavar="FILE", help="where to write the bundle")
    export.set_defaults(handler=run_bundle_export)
    take_in = bundle_sub.add_parser("import", help="take in a bundle from the other laptop, after showing what changes")
    take_in.add_argument("file", metavar="FILE", help="the bundle file from the other laptop")
    take_in.add_argument("--dry-run", action="store_true", help="show what would change, and change nothing")
    take_in.add_argument("--yes", action="store_true", help="apply without asking (for scripts)")
    take_in.set_defaults(handler=run_bundle_import)

    conflicts = subparsers.add_parser("conflicts")
    conflicts_sub = conflicts.add_subparsers(dest="conflicts_command", metavar="CONFLICTS_COMMAND")
    add_json_option(conflicts)
    conflicts.set_defaults(handler=run_conflicts_list)
    show = conflicts_sub.add_parser("show", help="both versions of one conflict")
    show.add_argument("id", help="the conflict's id, as 'rmpair conflicts' lists it")
    add_json_option(show)
    show.set_defaults(handler=run_conflicts_show)
    resolve = conflicts_sub.add_parser("resolve", help="keep your version, theirs, or both")
    resolve.add_argument("id", help="the conflict's id, as 'rmpair conflicts' lists it")
    resolve.add_argument("--keep", required=True, choices=("mine", "theirs", "both"),
                         help="mine: this laptop's version; theirs: the other laptop's; both: keep theirs as a separate record")
    resolve.set_defaults(handler=run_conflicts_resolve)

    for parser in (invite, accept, export, take_in, conflicts, show, resolve):
        add_common_options(parser)


# -- pairing --------------------------------------------------------------------------------------


def run_invite(args: argparse.Namespace) -> int:
    from rmpair.core.service import PairService
    from rmpair.exchange.invite import make_invite

    out = Path(args.out).expanduser()
    if not out.parent.is_dir():
        raise UsageError(f"The folder {out.parent} does not exist; nothing was written.")
    reader = PassphraseReader()
    service = PairService.unlock(
        paths.resolve_vault_path(getattr(args, "vault", None)),
        reader.ask("Passphrase of the person who will use the other laptop"),
    )
    try:
        made = make_invite(service, out)
    finally:
        service.close()
    print(f"Wrote an invite for {made.for_name} to {out}. It is encrypted; it opens only with this code:")
    print(f"Pairing code: {made.code}")
    print("Pass the code by another way than the file (say it, or send it by phone), and keep the two apart.")
    print("On the other laptop: rmpair pair accept FILE")
    return 0


def run_accept(args: argparse.Namespace) -> int:
    from rmpair.exchange.bundles import read_file
    from rmpair.exchange.invite import accept_invite, open_invite

    path = paths.resolve_vault_path(getattr(args, "vault", None))
    if path.exists() or path.is_symlink():
        raise UsageError(
            f"A vault already exists at {path}; pairing makes a new one. Give another path with --vault."
        )
    data = read_file(Path(args.file), "an invite")
    reader = PassphraseReader()
    opened = open_invite(data, reader.ask("Pairing code"))
    service = accept_invite(opened, path, reader.ask("Your passphrase"))
    try:
        print(f"This laptop's vault is ready at {path}, for {service.me.name} ({service.role}).")
        print("From now on: 'rmpair bundle export --out FILE' after writing, and 'rmpair bundle import FILE'")
        print("for each bundle from the other laptop.")
    finally:
        service.close()
    return 0


# -- bundles --------------------------------------------------------------------------------------


def run_bundle_export(args: argparse.Namespace) -> int:
    from rmpair.exchange.bundles import export_bundle

    out = Path(args.out).expanduser()
    if not out.parent.is_dir():
        raise UsageError(f"The folder {out.parent} does not exist; nothing was written.")
    with unlocked(args, write=True) as service:
        sent = export_bundle(service, out)
    print(sent.line())
    print(f"Written to {out}, encrypted: only your pair's other laptop can open it.")
    return 0


def run_bundle_import(args: argparse.Namespace) -> int:
    from rmpair.exchange.bundles import BundleRefused, apply_import, open_bundle, preview_import, read_file
    from rmpair.exchange.importer import CHANGED, NEEDS_YOU, NEW, REMOVED

    data = read_file(Path(args.file), "a bundle")
    with unlocked(args, write=not args.dry_run) as service:
        try:
            incoming = open_bundle(service, data)
        except BundleRefused as refused:
            if not refused.already_in:
                raise
            print(str(refused))  # a bundle delivered twice, or late: nothing is wrong
            return 0
        try:
            plan = preview_import(service, incoming)
            counts = ", ".join(f"{plan.count(kind)} {kind}" for kind in (NEW, CHANGED, REMOVED, NEEDS_YOU))
            print(f"Bundle {incoming.sequence} from the other laptop: {counts}.")
            for change in plan.changes:
                say(f"  {change.kind}: {change.what}")
            if incoming.rolled_back:
                print("This laptop's vault is older than the other laptop knows it to be (put back from a copy?);")
                print("it takes a new identity, so nothing written since reuses a change number.")
            if args.dry_run:
                print("Nothing was changed (--dry-run).")
                return 0
            if not args.yes and not _confirmed(plan.empty):
                return EXIT_NOT_APPLIED
            apply_import(service, incoming)
        finally:
            incoming.close()
    print("Done: the bundle is in, and the vault saved (the previous version is backup 1).")
    return 0


def _confirmed(nothing_to_change: bool) -> bool:
    if nothing_to_change:
        return True  # only the bundle's number is recorded, so it is not taken in twice
    if not (sys.stdin is not None and sys.stdin.isatty()):
        print("Nothing was changed: there is no terminal to ask. Run it again with --yes to apply.", file=sys.stderr)
        return False
    try:
        answer = input("Apply these changes? [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() not in ("y", "yes"):
        print("Nothing was changed.")
        return False
    return True


# -- conflicts -----------------------------------------------------------------------------------


def run_conflicts_list(args: argparse.Namespace) -> int:
    from rmpair.exchange.conflicts import list_conflicts

    with unlocked(args, write=False) as service:
        found = list_conflicts(service)
    if args.json:
        from rmpair.cli.json_output import emit

        emit({"conflicts": [_conflict_json(conflict) for conflict in found]})
        return 0
    if not found:
        print("No conflicts: both laptops agree on everything you can see.")
        return 0
    for conflict in found:
        say(f"{conflict.ref}  {conflict.what}: two versions of its {', '.join(_field_words(n) for n in conflict.fields)}")
    print("'rmpair conflicts show ID' shows both; 'rmpair conflicts resolve ID --keep mine|theirs|both' settles one.")
    return 0


def run_conflicts_show(args: argparse.Namespace) -> int:
    from rmpair.exchange.conflicts import find_conflict

    with unlocked(args, write=False) as service:
        conflict = find_conflict(service, args.id)
        names = service.pair().names()
    if args.json:
        from rmpair.cli.json_output import emit

        emit({"conflict": _conflict_json(conflict)})
        return 0
    say(f"{conflict.what}")
    for name, versions in conflict.fields.items():
        print(f"{_field_words(name).capitalize()}:")
        for label, version in zip(("mine", "theirs"), versions):
            where = "this laptop" if version.here else "the other laptop"
            say(f"  {label} ({where}, by {names.get(version.by, version.by)}): {version.value}")
    return 0


def run_conflicts_resolve(args: argparse.Namespace) -> int:
    from rmpair.exchange.conflicts import find_conflict, resolve

    with unlocked(args, write=True) as service:
        conflict = find_conflict(service, args.id)
        done = resolve(service, conflict, args.keep)
    say(done)
    print("The choice travels with your next bundle.")
    return 0


def _conflict_json(conflict) -> dict:  # noqa: ANN001 - an exchange.conflicts.Conflict
    from rmpair.cli.json_output import CONFLICT, CONFLICT_VERSION

    return CONFLICT.make(
        id=conflict.ref, record=conflict.group, what=conflict.what,
        fields={
            name: [CONFLICT_VERSION.make(value=v.value, by=v.by, here=v.here) for v in versions]
            for name, versions in conflict.fields.items()
        },
    )


def _field_words(name: str) -> str:
    return {"race_tags": "RACE tags", "due_meeting": "due meeting", "planned_date": "planned date",
            "held_date": "date held", "baseline_score": "score at the start", "midway_score": "midway score",
            "final_score": "score at the end", "meeting_number": "meeting"}.get(name, name.replace("_", " "))


__all__ = ["register"]
