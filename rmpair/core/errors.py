"""Errors that reach a person.

Every failure the pair can meet (a wrong passphrase, a damaged file, a full disk) is an
``RmpairError`` whose text is one plain sentence saying what is wrong and what to do.
The CLI prints it on one line and exits 1; the TUI shows it in a notification or dialog.
"""

from __future__ import annotations


class RmpairError(Exception):
    """A problem the person can understand and act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class WrongPassphrase(RmpairError):
    """No key slot in the vault opens with the passphrase given."""


class VaultMissing(RmpairError):
    """There is no vault file at the path given."""


class VaultDamaged(RmpairError):
    """The vault file is truncated, altered or not an rmpair vault."""


class VaultLocked(RmpairError):
    """Another rmpair process holds the vault open."""


class VaultWriteFailed(RmpairError):
    """The vault could not be written; the previous file is untouched, and the change
    is still in memory for a retry. ``entry`` is the entry a failed ``add_entry`` made."""

    entry: object | None = None
    problem: str | None = None
    """What went wrong, in a clause ("The disk is full"), where it is known."""
    remedy: str | None = None
    """What to do before trying again ("Free some space"), where there is something."""


class UsageError(RmpairError):
    """A request the domain refuses (bad meeting number, unknown id...)."""


class ContentError(RmpairError):
    """A programme content file could not be used."""


class PassphraseInUse(UsageError):
    """A new passphrase would open a key slot that is already in the vault."""
