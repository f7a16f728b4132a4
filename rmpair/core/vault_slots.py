"""Key slots: how one secret (a passphrase or a recovery code) opens the vault's keys.

The vault's header holds a slot per person and secret; each seals that person's id, the
vault key and their personal key under a key derived from the secret. Making a slot and
finding the one a secret opens is all crypto over the header, and touches no file: the
vault (``vault``), ``rmpair check`` and ``rmpair restore`` (``vault_backups``) each ask
a slot the same question, so the answer lives here, once.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from rmpair.core import crypto
from rmpair.core.crypto import DecryptionFailed, KdfParams
from rmpair.core.errors import PassphraseInUse
from rmpair.core.vault_format import Header, KeySlot


@dataclass(frozen=True)
class SlotContents:
    """What a key slot seals: who this is, the vault key and their personal key."""

    person_id: str
    vault_key: bytes
    personal_key: bytes

    def to_bytes(self) -> bytes:
        return json.dumps(
            {
                "person": self.person_id,
                "vault_key": self.vault_key.hex(),
                "personal_key": self.personal_key.hex(),
            }
        ).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> SlotContents:
        data = json.loads(raw)
        return cls(
            person_id=data["person"],
            vault_key=bytes.fromhex(data["vault_key"]),
            personal_key=bytes.fromhex(data["personal_key"]),
        )


def slot_aad(slot_id: str, kind: str, owner: str) -> bytes:
    return f"rmpair-slot|{slot_id}|{kind}|{owner}".encode()


def make_slot(
    kind: str, owner: str, secret: str, contents: SlotContents, kdf: KdfParams, form: str = crypto.PASSPHRASE_FORM
) -> KeySlot:
    slot_id = secrets.token_hex(8)
    salt = crypto.random_salt()
    kek = crypto.derive_key(secret, salt, kdf, form)
    sealed = crypto.seal(kek, contents.to_bytes(), slot_aad(slot_id, kind, owner))
    return KeySlot(slot_id=slot_id, kind=kind, owner=owner, salt=salt, kdf=kdf, sealed=sealed, form=form)


class KeyCache:
    """Derived keys by (secret, salt, params, form), so checking four generations that
    share slots costs one key derivation, not four."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self._keys: dict[tuple[bytes, KdfParams, str], bytes] = {}

    def derive(self, slot: KeySlot) -> bytes:
        key = (slot.salt, slot.kdf, slot.form)
        if key not in self._keys:
            self._keys[key] = crypto.derive_key(self.secret, slot.salt, slot.kdf, slot.form)
        return self._keys[key]


def slot_contents(slot: KeySlot, keys: KeyCache) -> SlotContents | None:
    """What the slot seals, if the secret opens it."""
    kek = keys.derive(slot)
    try:
        raw = crypto.open_sealed(kek, slot.sealed, slot_aad(slot.slot_id, slot.kind, slot.owner))
    except DecryptionFailed:
        return None
    try:
        return SlotContents.from_bytes(raw)
    except (ValueError, KeyError, TypeError):
        return None


def open_slot(header: Header, keys: KeyCache, kind: str) -> tuple[KeySlot, SlotContents] | None:
    for slot in header.slots:
        if slot.kind == kind and (contents := slot_contents(slot, keys)) is not None:
            return slot, contents
    return None


PASSPHRASE_IN_USE = (
    "That passphrase already opens this vault (it is someone's passphrase or a recovery code "
    "here), so it could not tell who is unlocking; nothing was changed. Choose a different one."
)


def refuse_a_way_in_already_here(header: Header, secret: str, replacing: list[KeySlot] | None = None) -> None:
    """Unlocking takes the first slot a passphrase opens: a new passphrase that opened
    another person's slot would unlock as them from then on, and one that opened a
    recovery slot would blur which secret is which. This costs one key derivation per
    slot, the price of one unlock attempt, which a person holding the file can make
    offline anyway. Slots in ``replacing`` are about to go, so they do not count."""
    keys = KeyCache(secret)
    # A recovery code is taken in any case with any separators: typed another way,
    # it is still the code, and a passphrase equal to it would be the code itself.
    as_code = KeyCache(crypto.normalise_recovery_code(secret)) if crypto.is_recovery_code(secret) else None
    for slot in header.slots:
        if any(slot is old for old in replacing or ()):
            continue
        if slot_contents(slot, keys) is not None:
            raise PassphraseInUse(PASSPHRASE_IN_USE)
        if as_code is not None and slot.kind == "recovery" and slot_contents(slot, as_code) is not None:
            raise PassphraseInUse(PASSPHRASE_IN_USE)
