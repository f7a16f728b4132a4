"""The vault: one pair's encrypted file, unlocked as one person.

``Vault`` is what the rest of rmpair holds: it creates a vault, unlocks one with a
passphrase or a recovery code (or adopts another laptop's key slots), hands out the keys,
adds a person or changes a passphrase in the header, and saves. The pieces it is made of
live beside it, one concept each: ``vault_slots`` (key slots: making one, finding the one
a secret opens), ``vault_read`` (reading a file and saying what is wrong with it),
``vault_write`` (writing a generation atomically, with its backups) and
``vault_backups`` (checking and restoring backups, and keeping their key slots in step).
This module stays the one door: the names others use are imported from here.

A vault path may be a symbolic link: every function works on the file the links lead to
(``paths.vault_file``), so saves, backups, the lock and restores all happen beside the
real file and the link keeps pointing at it. A link that leads nowhere is refused in
words rather than replaced by a new vault.
"""

from __future__ import annotations

import secrets
from os.path import lexists
from pathlib import Path

from rmpair.core import crypto, vault_write
from rmpair.core.crypto import DecryptionFailed, KdfParams
from rmpair.core.errors import RmpairError, VaultWriteFailed, WrongPassphrase
from rmpair.core.vault_backups import check_generations, generations, restore_backup, retire_replaced_slots
from rmpair.core.vault_format import FormatError, Header, KeySlot, encode_prefix
from rmpair.core.vault_lock import VaultLock
from rmpair.core.vault_read import damaged, open_for_reading, read_prefix, read_rest, read_whole, through_links
from rmpair.core.vault_slots import KeyCache, SlotContents, make_slot, open_slot, refuse_a_way_in_already_here
from rmpair.core.vault_write import (
    BACKUP_GENERATIONS,
    backup_path,
    ensure_folder,
    remove_leftover_temporaries,
    write_owner_only,
)

# What the rest of rmpair imports from here. This module has no ``os`` and no
# ``write_generation`` of its own: every save goes through ``vault_write.write_generation``,
# so a test that fails the disk patches ``vault_write`` (its ``os`` or that function), and
# a patch still aimed here fails loudly instead of silently patching nothing.
__all__ = [
    "BACKUP_GENERATIONS",
    "Vault",
    "backup_path",
    "check_generations",
    "generations",
    "restore_backup",
    "write_owner_only",
]


class Vault:
    """An unlocked vault: its path, header, keys and (when writable) its lock."""

    def __init__(
        self,
        path: Path,
        header: Header,
        contents: SlotContents,
        owner: str,
        lock: VaultLock | None,
    ) -> None:
        self.path = path
        self.header = header
        self._contents: SlotContents | None = contents
        self.owner = owner
        self._lock = lock
        self.outdated_generations: list[str] = []
        """Older generations that still hold a key slot this header has replaced, and
        why they could not be updated (see ``retire_replaced_slots``)."""

    # -- keys -------------------------------------------------------------------------

    @property
    def person_id(self) -> str:
        return self._keys().person_id

    @property
    def personal_key(self) -> bytes:
        return self._keys().personal_key

    def _keys(self) -> SlotContents:
        if self._contents is None:
            raise RmpairError("The vault is locked. Unlock it again to go on.")
        return self._contents

    def pair_key(self, purpose: str) -> bytes:
        """A key both people's laptops can derive (from the vault key), for one purpose."""
        return crypto.subkey(self._keys().vault_key, purpose)

    @property
    def writable(self) -> bool:
        return self._lock is not None and self._lock.held

    # -- creating and opening ----------------------------------------------------------

    @classmethod
    def create(
        cls, path: Path, person_id: str, passphrase: str, kdf: KdfParams | None = None
    ) -> tuple[Vault, str]:
        """A new vault for its first person; nothing is written until the first save.
        Returns the vault and that person's recovery code."""
        kdf = kdf or KdfParams()
        path = through_links(path)
        if path.exists():
            raise RmpairError(
                f"A vault already exists at {path}. Open it, or choose another path with --vault."
            )
        ensure_folder(path.parent)
        lock = VaultLock(path)
        lock.acquire()
        contents = SlotContents(person_id, crypto.random_key(), crypto.random_key())
        owner = secrets.token_hex(8)
        recovery_code = crypto.new_recovery_code()
        header = Header(
            slots=[
                make_slot("passphrase", owner, passphrase, contents, kdf),
                make_slot("recovery", owner, recovery_code, contents, kdf),
            ]
        )
        return cls(path, header, contents, owner, lock), recovery_code

    @classmethod
    def adopt(cls, path: Path, header_bytes: bytes, passphrase: str) -> Vault:
        """A new vault file on this laptop with another laptop's key slots (from a pairing
        invite), opened with one of their passphrases; nothing is written until the first save."""
        path = through_links(path)
        if lexists(path):
            raise RmpairError(
                f"A vault already exists at {path}. Pairing makes a new one: give another path with --vault."
            )
        try:
            header = Header.from_bytes(header_bytes)
        except FormatError as error:
            raise RmpairError(f"The invite's key slots are unreadable ({error.reason}).") from error
        opened = open_slot(header, KeyCache(passphrase), "passphrase")
        if opened is None:
            raise WrongPassphrase(
                "That passphrase opens no one's place in this invite. Type the passphrase of the person "
                "the invite was made for; nothing was created."
            )
        ensure_folder(path.parent)
        lock = VaultLock(path)
        lock.acquire()
        slot, contents = opened
        return cls(path, header, contents, slot.owner, lock)

    @classmethod
    def open(cls, path: Path, passphrase: str, *, write: bool = True) -> tuple[Vault, bytes]:
        """Unlock with a passphrase; returns the vault and the database image."""
        return cls._open(path, passphrase, "passphrase", write)

    @classmethod
    def open_with_recovery_code(cls, path: Path, code: str) -> tuple[Vault, bytes]:
        return cls._open(path, crypto.normalise_recovery_code(code), "recovery", True)

    @classmethod
    def _open(cls, path: Path, secret: str, kind: str, write: bool) -> tuple[Vault, bytes]:
        path = through_links(path)
        lock = VaultLock(path) if write else None
        if lock is not None:
            if not path.is_file():
                read_whole(path)  # says plainly what is missing, before a lock file is made
            # Read only once the lock is held, so no other writer can replace the file
            # between reading it and saving over it.
            lock.acquire()
        try:
            with open_for_reading(path) as file:
                header, prefix = read_prefix(path, file)
                if write:
                    remove_leftover_temporaries(path)
                opened = open_slot(header, KeyCache(secret), kind)
                # The body is read only now: key derivation's 64 MiB and a large body
                # are never in memory at once. The open handle keeps this the same file.
                body = read_rest(path, file, len(prefix))
            if opened is None:
                if kind == "recovery":
                    raise WrongPassphrase(
                        "That recovery code does not open this vault. Check it against the "
                        "one you kept (letters and digits, in groups of five)."
                    )
                raise WrongPassphrase(
                    "That passphrase does not open this vault. Check Caps Lock and try again."
                )
            slot, contents = opened
            try:
                image = crypto.open_sealed(contents.vault_key, body, prefix)
            except DecryptionFailed as error:
                raise damaged(path, "its contents do not match their checksum") from error
            vault = cls(path, header, contents, slot.owner, lock)
            if vault.writable:
                vault._seal_again_if_superseded(slot, secret, image)
                # Finishes what a passphrase change stopped midway (or an older rmpair) left.
                vault.outdated_generations = retire_replaced_slots(path, vault.header, contents.vault_key)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return vault, image

    def _seal_again_if_superseded(self, slot: KeySlot, secret: str, image: bytes) -> None:
        """Seal the slot just opened again with today's key-derivation defaults when it was
        made with an earlier release's (``crypto.SUPERSEDED_DEFAULTS``), and write the vault
        with it at once: the secret is at hand only now. The new slot replaces the old one
        in place (same kind, owner and normal form), so the next unlock derives once, with
        the new parameters, and finds nothing to do. The data is unchanged, so no backup
        generation is spent on it; ``retire_replaced_slots`` then gives the backups the new
        slot. A failed write changes nothing: the old slot still opens, and the next
        writable unlock tries again."""
        params = crypto.current_params(slot.kdf)
        if params == slot.kdf:
            return
        fresh = make_slot(slot.kind, slot.owner, secret, self._keys(), params, slot.form)
        header = Header(slots=[fresh if existing is slot else existing for existing in self.header.slots])
        prefix = encode_prefix(header)
        try:
            vault_write.write_generation(
                self.path, crypto.seal_after(self._keys().vault_key, prefix, image), rotate_backups=False
            )
        except VaultWriteFailed:
            return
        self.header = header

    # -- people and passphrases ----------------------------------------------------------

    def add_person(
        self, person_id: str, passphrase: str, kdf: KdfParams | None = None, personal_key: bytes | None = None
    ) -> str:
        """Seal the vault key and a personal key (a new one unless given) for the partner;
        returns their recovery code. Takes effect at the next save. A passphrase that
        already opens a slot here is refused before anything changes."""
        refuse_a_way_in_already_here(self.header, passphrase)
        kdf = kdf or self._current_kdf()
        contents = SlotContents(person_id, self._keys().vault_key, personal_key or crypto.random_key())
        owner = secrets.token_hex(8)
        recovery_code = crypto.new_recovery_code()
        self.header.slots.append(make_slot("passphrase", owner, passphrase, contents, kdf))
        self.header.slots.append(make_slot("recovery", owner, recovery_code, contents, kdf))
        return recovery_code

    def change_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        """Re-seal this person's keys under a new passphrase; the data is not re-encrypted
        beyond the usual save, and the recovery code stays valid."""
        kept, replaced = [], []
        for slot in self.header.slots:
            (replaced if slot.kind == "passphrase" and slot.owner == self.owner else kept).append(slot)
        refuse_a_way_in_already_here(self.header, new_passphrase, replacing=replaced)
        kdf = kdf or self._current_kdf()
        self.header.slots = kept + [make_slot("passphrase", self.owner, new_passphrase, self._keys(), kdf)]

    def _current_kdf(self) -> KdfParams:
        for slot in self.header.slots:
            if slot.owner == self.owner:
                return crypto.current_params(slot.kdf)
        return KdfParams()

    def person_count(self) -> int:
        return len({slot.owner for slot in self.header.slots})

    # -- saving ----------------------------------------------------------------------------

    def save(self, image: bytes) -> None:
        if not self.writable:
            raise VaultWriteFailed(
                "This vault was opened read-only, so the change was not saved. Close other "
                "rmpair windows on it and try again."
            )
        prefix = encode_prefix(self.header)
        vault_write.write_generation(self.path, crypto.seal_after(self._keys().vault_key, prefix, image))
        self.outdated_generations = retire_replaced_slots(self.path, self.header, self._keys().vault_key)

    def close(self) -> None:
        """Drop the keys and release the lock. Python cannot wipe memory it has copied,
        but nothing here keeps a reference once this returns."""
        self._contents = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None
