"""The one door to a pair's vault, for the CLI and the TUI alike.

A ``PairService`` is one person's unlocked view of the vault. It decides what that person
may see (their own private entries and everything shared; in review-together mode only
what is shared), and it saves after every change. A save that fails leaves the change in
memory and raises a ``VaultWriteFailed`` the caller shows; ``retry_save`` tries again.
If it never succeeds, ``hold_unsaved`` seals what is not on disk for the next unlock
(``rmpair.core.held_changes``).
"""

from rmpair.core.service.checks import (
    MIN_PASSPHRASE_LENGTH,
    PRIVATE_BY_DEFAULT,
    check_kind,
    check_race_tags,
    check_rating,
    check_role,
    versioned_session,
)
from rmpair.core.service.pair_service import PairService

__all__ = [
    "MIN_PASSPHRASE_LENGTH",
    "PRIVATE_BY_DEFAULT",
    "PairService",
    "check_kind",
    "check_race_tags",
    "check_rating",
    "check_role",
    "versioned_session",
]
