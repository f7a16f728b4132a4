"""Sealing a private entry's payload so only its author can open it.

Normally with the author's personal key. A merge on the other person's session sometimes
has to make a private entry for the author (their edit of an entry the other made private
meanwhile); it seals that to the author's public key instead (``sealed_to="public"``). A
private copy a merge made from another entry's blob keeps that blob, sealed under the other
entry's id (``sealed_as``). Opening tries exactly the way the row says it was sealed.
"""

from __future__ import annotations

import json
from typing import Any

from rmpair.core import crypto
from rmpair.core.crypto import DecryptionFailed

SEALED_TO_PUBLIC = "public"


def entry_aad(entry_id: str) -> bytes:
    return f"rmpair-entry|{entry_id}".encode()


# ``json.loads`` on bytes first guesses their encoding; a payload is always UTF-8, and
# unlocking decodes thousands of them.
_decode_payload = json.JSONDecoder().decode


# The partner holds the vault key, so they see each sealed entry's blob. Padding it to a
# size bucket hides its length to the byte, and so how much was written. Powers of two
# from 1 KiB: the payload's fixed fields take about 300 bytes, so a note of a few hundred
# characters and a one-line one look alike, and any text is at most doubled. Above 1 MiB
# (a pasted document, rare) the next whole MiB: doubling would double the vault and the
# memory every save takes, and to the MiB a size says little about a text that long.
MIN_SEALED_BYTES = 1024
LARGE_SEALED_BYTES = 1024 * 1024


def sealed_size(plaintext_bytes: int, overhead: int = crypto.SEAL_OVERHEAD) -> int:
    """The size a sealed private entry whose payload has this many bytes is padded to."""
    need = plaintext_bytes + overhead
    if need > LARGE_SEALED_BYTES:
        return -(-need // LARGE_SEALED_BYTES) * LARGE_SEALED_BYTES
    size = MIN_SEALED_BYTES
    while size < need:
        size *= 2
    return size


def is_padded(sealed: bytes) -> bool:
    return len(sealed) == sealed_size(len(sealed) - crypto.SEAL_OVERHEAD)


def _padded(payload: dict[str, Any], overhead: int) -> bytes:
    """The payload as JSON, padded with spaces (JSON ignores them, so payloads sealed
    before padding still read) to fill its bucket once sealed."""
    raw = json.dumps(payload).encode()
    return raw + b" " * (sealed_size(len(raw), overhead) - overhead - len(raw))


def seal_payload(personal_key: bytes | crypto.SealingKey, aad: bytes, payload: dict[str, Any]) -> bytes:
    """Any private payload (an entry's, a person's check-in ratings), padded to its bucket
    and sealed with the personal key, bound by ``aad`` to the record it stands for."""
    key = personal_key if isinstance(personal_key, crypto.SealingKey) else crypto.SealingKey(personal_key)
    return key.seal(_padded(payload, crypto.SEAL_OVERHEAD), aad)


def open_payload(key: crypto.SealingKey, aad: bytes, blob: bytes) -> dict[str, Any] | None:
    """A payload ``seal_payload`` sealed, or None if this key did not seal it."""
    try:
        raw = key.open(blob, aad)
    except DecryptionFailed:
        return None
    return _decode_payload(raw.decode("utf-8"))


def seal_private(personal_key: bytes | crypto.SealingKey, entry_id: str, payload: dict[str, Any]) -> bytes:
    return seal_payload(personal_key, entry_aad(entry_id), payload)


def seal_for(public_key: bytes, entry_id: str, payload: dict[str, Any]) -> bytes:
    overhead = crypto.SEAL_OVERHEAD + crypto.PUBLIC_KEY_BYTES
    return crypto.seal_to(public_key, _padded(payload, overhead), entry_aad(entry_id))


def open_private(
    personal_key: bytes,
    key: crypto.SealingKey,
    entry_id: str,
    blob: bytes,
    sealed_as: str | None = None,
    sealed_to: str | None = None,
) -> dict[str, Any] | None:
    """The payload, or None if it is not this person's to open."""
    aad = entry_aad(sealed_as or entry_id)
    try:
        if sealed_to == SEALED_TO_PUBLIC:
            raw = crypto.open_sealed_to_me(personal_key, blob, aad)
        else:
            raw = key.open(blob, aad)
    except DecryptionFailed:
        return None
    return _decode_payload(raw.decode("utf-8"))


class PrivateKeys:
    """What one unlocked person can do with private payloads during a merge: open and seal
    their own, and seal one for the other person to their public key."""

    def __init__(self, personal_key: bytes, public_keys: dict[str, bytes | None]) -> None:
        self._personal_key = personal_key
        self._key = crypto.SealingKey(personal_key)
        self._public_keys = public_keys

    def open_mine(self, entry_id: str, blob: bytes, sealed_as: str | None, sealed_to: str | None) -> dict[str, Any] | None:
        return open_private(self._personal_key, self._key, entry_id, blob, sealed_as, sealed_to)

    def seal_mine(self, entry_id: str, payload: dict[str, Any]) -> bytes:
        return seal_private(self._key, entry_id, payload)

    @property
    def sealing_key(self) -> crypto.SealingKey:
        """This person's personal key, for sealing and opening other private payloads
        (check-in ratings) during a merge."""
        return self._key

    def seal_for(self, role: str, entry_id: str, payload: dict[str, Any]) -> tuple[bytes, str]:
        public_key = self._public_keys.get(role)
        if public_key is None:
            from rmpair.core.errors import RmpairError

            raise RmpairError(
                f"The {role} has not opened this vault since it could exchange bundles, so rmpair "
                "cannot seal their private copy of an entry; nothing was changed. Ask them to unlock "
                "rmpair once on this laptop, then import again."
            )
        return seal_for(public_key, entry_id, payload), SEALED_TO_PUBLIC
