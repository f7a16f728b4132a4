"""Commands that make, open and look after the vault itself:
init, join, passwd, recover, check, restore."""

from __future__ import annotations

import argparse
from datetime import date

from rmpair.core import paths
from rmpair.cli.terminal_input import PassphraseReader
from rmpair.core.errors import UsageError, VaultMissing

RECOVERY_NOTE = (
    "This is {name}'s recovery code. It is shown once, now. Write it down and keep it "
    "somewhere safe, away from the laptop: it is the only way back in if the passphrase "
    "is forgotten."
)


def register(subparsers: argparse._SubParsersAction) -> None:
    from rmpair.cli import add_common_options

    init = subparsers.add_parser("init")
    init.add_argument("--as", dest="role", choices=("mentor", "mentee"), required=True,
                      help="your role: the mentor (lived experience) or the mentee (the senior leader)")
    init.add_argument("--name", required=True, help="your name, as your partner knows you")
    init.add_argument("--start", type=parse_date, help="programme start, YYYY-MM-DD (default: today)")
    init.add_argument("--cadence", type=int, default=4, metavar="WEEKS", help="weeks between meetings (default 4)")
    init.set_defaults(handler=run_init)

    join = subparsers.add_parser("join")
    join.add_argument("--as", dest="role", choices=("mentor", "mentee"), required=True,
                      help="your partner's role: the other one than the person already in the vault")
    join.add_argument("--name", required=True, help="your partner's name, as you know each other")
    join.set_defaults(handler=run_join)

    passwd = subparsers.add_parser("passwd")
    passwd.set_defaults(handler=run_passwd)

    recover = subparsers.add_parser("recover")
    recover.set_defaults(handler=run_recover)

    check = subparsers.add_parser("check")
    check.set_defaults(handler=run_check)

    restore = subparsers.add_parser("restore")
    restore.add_argument("--backup", type=int, required=True, metavar="N", help="backup number, 1 is newest")
    restore.set_defaults(handler=run_restore)

    for parser in (init, join, passwd, recover, check, restore):
        add_common_options(parser)


def parse_date(text: str) -> date:
    if text.strip().lower() == "today":
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD") from error


def vault_path(args: argparse.Namespace):
    return paths.resolve_vault_path(getattr(args, "vault", None))


def run_init(args: argparse.Namespace) -> int:
    from rmpair.core.service import PairService

    path = vault_path(args)
    if path.exists():
        raise UsageError(f"A vault already exists at {path}. Use 'rmpair join' to add your partner.")
    reader = PassphraseReader()
    passphrase = reader.ask_new("you")
    service, code = PairService.create(
        path,
        role=args.role,
        name=args.name,
        passphrase=passphrase,
        programme_start=args.start,
        cadence_weeks=args.cadence,
        agendas=_agendas(args),
    )
    try:
        print(f"Created the vault at {path} for {service.me.name} ({service.role}).")
        print(RECOVERY_NOTE.format(name=service.me.name))
        print(f"Recovery code: {code}")
        print("Next: your partner runs 'rmpair join'.")
    finally:
        service.close()
    return 0


def _agendas(args: argparse.Namespace):
    from rmpair.cli import programme_content

    return programme_content(args).agenda_templates()


def run_join(args: argparse.Namespace) -> int:
    from rmpair.core.service import PairService

    reader = PassphraseReader()
    existing = reader.ask("Passphrase of the person already in the vault")
    service = PairService.unlock(vault_path(args), existing)
    try:
        passphrase = reader.ask_new(args.name)
        code = service.join(role=args.role, name=args.name, passphrase=passphrase)
        print(f"{args.name} joined as the {args.role}.")
        print(RECOVERY_NOTE.format(name=args.name))
        print(f"Recovery code: {code}")
    finally:
        service.close()
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    from rmpair.core.service import PairService

    reader = PassphraseReader()
    service = PairService.unlock(vault_path(args), reader.ask("Current passphrase"))
    try:
        service.change_passphrase(reader.ask_new(service.me.name))
        print("Passphrase changed. Your recovery code still works.")
    finally:
        service.close()
    return 0


def run_recover(args: argparse.Namespace) -> int:
    from rmpair.core.service import PairService

    reader = PassphraseReader()
    code = reader.ask("Recovery code")
    new = reader.ask_new("you")
    service = PairService.recover(vault_path(args), code, new)
    try:
        print(f"New passphrase set for {service.me.name}. Your recovery code still works.")
    finally:
        service.close()
    return 0


def run_check(args: argparse.Namespace) -> int:
    from rmpair.core.vault import check_generations, generations

    path = vault_path(args)
    if not any(candidate.exists() for _, candidate in generations(path)):
        # Asked before the passphrase: no passphrase can open what is not there.
        raise VaultMissing(
            f"There is no vault at {path}, nor any backup of one. Create one with 'rmpair init', "
            "or give the right path with --vault."
        )
    reader = PassphraseReader()
    reports = check_generations(path, reader.ask("Passphrase"))
    for report in reports:
        when = f", saved {report.saved_at:%Y-%m-%d %H:%M:%S}" if report.saved_at else ""
        print(f"{report.label}: {report.detail}{when} ({report.path.name})")
    vault_report = reports[0]
    if vault_report.good:
        print("The vault is good.")
        return 0
    if vault_report.newer:
        print(
            "The vault was written by a newer rmpair. Update rmpair to open it; restoring a "
            "backup over it would go back to older data."
        )
        return 1
    good_backups = [r for r in reports[1:] if r.good]
    if vault_report.unopened:
        # Not damage: restoring would put older writing in place of an intact vault.
        if good_backups:
            print(
                "This passphrase opens only older backups, not the vault: it was replaced by a "
                "newer one. Unlock with the current passphrase; restoring a backup would undo "
                "what was written since."
            )
        else:
            print(
                "This passphrase opens nothing here. The vault is not damaged as far as can be "
                "seen without its passphrase: check Caps Lock and try again, or set a new "
                "passphrase with 'rmpair recover'."
            )
        return 1
    if good_backups:
        number = good_backups[0].label.split()[-1]
        print(f"The vault is not usable. Restore the newest good backup: rmpair restore --backup {number}")
    else:
        print("Neither the vault nor any backup opens with this passphrase.")
    return 1


def run_restore(args: argparse.Namespace) -> int:
    from rmpair.core.service import PairService

    path = vault_path(args)
    reader = PassphraseReader()
    kept = PairService.restore_backup(path, args.backup, reader.ask("Passphrase"))
    print(f"Backup {args.backup} is now the vault at {path}.")
    if kept is not None:
        print(f"The file it replaced is kept as {kept.name}, in case you need it.")
        if kept.name != path.name + ".replaced":
            print("Files replaced by earlier restores are kept beside it too.")
    return 0
