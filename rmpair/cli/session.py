"""Opening the vault for one CLI command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rmpair.core import paths
from rmpair.core.errors import RmpairError, VaultWriteFailed
from rmpair.cli.terminal_input import PassphraseReader


@contextmanager
def unlocked(args: argparse.Namespace, *, write: bool) -> Iterator:
    """Ask for a passphrase, open the vault as that person, close it afterwards.

    Reading commands open without the writer's lock, so they work while the app has the
    vault open; writing commands take the lock and are refused while another writer holds it.
    """
    from rmpair.core.service import PairService

    with _opened(PairService, args, write=write) as service:
        yield service


@contextmanager
def reading_entries(args: argparse.Namespace) -> Iterator:
    """Like ``unlocked(args, write=False)`` for commands that read entries and nothing else:
    an ``EntryReader``, which spares them importing the service's ORM."""
    from rmpair.core.entry_reader import EntryReader

    with _opened(EntryReader, args, write=False) as reader:
        yield reader


@contextmanager
def reading_pair(args: argparse.Namespace) -> Iterator:
    """Like ``unlocked(args, write=False)`` for commands that read and change nothing
    (export, summary, show): a ``PairReader``, which spares them importing the ORM."""
    from rmpair.core.pair_reader import PairReader

    with _opened(PairReader, args, write=False) as reader:
        yield reader


@contextmanager
def _opened(session_class: type, args: argparse.Namespace, *, write: bool) -> Iterator:
    path = paths.resolve_vault_path(getattr(args, "vault", None))
    passphrase = PassphraseReader().ask("Passphrase")
    # Entries are decoded when the command first reads one: a command that only writes
    # (add, action, goal, meeting) decodes none.
    session = session_class.unlock(path, passphrase, write=write, entries_now=False)
    try:
        yield session
        # After the command's own output, and only when it succeeded: a problem is one line.
        untold = session.stored_problems.untold()
        if untold:
            print(f"rmpair: {untold}", file=sys.stderr)
    except VaultWriteFailed as error:
        raise kept_for_the_app(session, error) from None
    finally:
        session.close()


def kept_for_the_app(session, error: VaultWriteFailed) -> RmpairError:  # noqa: ANN001 - any session
    """A command ends when its save fails, and with it the memory the change was in: what
    was written (perhaps at length, in the editor) is sealed with the person's own key into
    the file a closed terminal leaves, which the app offers back at their next unlock."""
    hold = getattr(session, "hold_unsaved", None)
    held = hold() if hold is not None and error.problem is not None else None
    if held is None:
        return error
    from rmpair.core.held_changes import write_held_file

    try:
        kept = write_held_file(session.path, held)
    except OSError:
        return RmpairError(
            f"{error.problem}, so what you wrote was not saved, and there was no room to keep it "
            f"for later either. {error.remedy or 'Check the disk'}, and write it again."
        )
    then = f"{error.remedy}, then start" if error.remedy else "Start"
    return RmpairError(
        f"{error.problem}, so what you wrote is not in the vault; it is kept sealed, for you "
        f"alone, in {kept}. {then} the app ('rmpair'): after you unlock it offers what you "
        "wrote back, so there is no need to write it again."
    )
