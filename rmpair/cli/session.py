"""Opening the vault for one CLI command."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from rmpair import paths
from rmpair.cli.terminal_input import PassphraseReader


@contextmanager
def unlocked(args: argparse.Namespace, *, write: bool) -> Iterator:
    """Ask for a passphrase, open the vault as that person, close it afterwards.

    Reading commands open without the writer's lock, so they work while the app has the
    vault open; writing commands take the lock and are refused while another writer holds it.
    """
    from rmpair.service import PairService

    path = paths.resolve_vault_path(getattr(args, "vault", None))
    passphrase = PassphraseReader().ask("Passphrase")
    service = PairService.unlock(path, passphrase, write=write)
    try:
        yield service
    finally:
        service.close()
