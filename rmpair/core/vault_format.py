"""The bytes of a vault file.

    magic (8) | format version (u16) | header length (u32) | header (JSON)
    | SHA-256 of everything before it (32) | body

The header holds only what is needed to unlock: key-derivation parameters, salts and the
sealed key slots. It names no person and no date. The checksum catches accidental damage
to the header before anything is read from it (a flipped bit in the version field is
reported as damage, not as "made by a newer rmpair"); tampering is caught because the body
is AES-GCM with the whole prefix as associated data, and each slot is AES-GCM of its own.
The body is the SQLite database image, sealed with the vault key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
from dataclasses import dataclass, field

from rmpair.core.crypto import LEGACY_PASSPHRASE_FORM, PASSPHRASE_FORMS, KdfParams

MAGIC = b"RMPAIR\x00\x1a"
FORMAT_VERSION = 1
_FIXED = struct.Struct(">HI")
_CHECKSUM_BYTES = 32
# A real header is a few hundred bytes; the bound stops a damaged length from
# making the reader allocate gigabytes.
MAX_HEADER_BYTES = 64 * 1024
# Two people, each with a passphrase slot and a recovery slot, and room to spare. The
# bound caps how much key derivation a tampered header can make an unlock attempt do.
MAX_SLOTS = 8
# Argon2 refuses shorter salts; rmpair writes 16 bytes.
MIN_SALT_BYTES = 8


class FormatError(Exception):
    """The bytes are not a readable vault; ``reason`` says why in a few words."""

    def __init__(self, reason: str, *, newer_version: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.newer_version = newer_version


@dataclass
class KeySlot:
    """One way into the vault: a passphrase or a recovery code, sealing one person's keys."""

    slot_id: str
    kind: str  # "passphrase" or "recovery"
    # A random tag shared by one person's slots, so a recovery code can find the
    # passphrase slot it replaces without the header naming anyone.
    owner: str
    salt: bytes
    kdf: KdfParams
    sealed: bytes
    # The Unicode normal form the secret was derived in (crypto.PASSPHRASE_FORM);
    # slots written before it was recorded were derived in NFC.
    form: str = LEGACY_PASSPHRASE_FORM

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.slot_id,
            "kind": self.kind,
            "owner": self.owner,
            "salt": _b64(self.salt),
            "kdf": self.kdf.to_dict(),
            "form": self.form,
            "sealed": _b64(self.sealed),
        }

    @classmethod
    def from_dict(cls, raw: object) -> KeySlot:
        if not isinstance(raw, dict):
            raise FormatError("a key slot is not an object")
        try:
            kind = raw["kind"]
            if kind not in ("passphrase", "recovery"):
                raise FormatError("a key slot has an unknown kind")
            salt = _unb64(raw["salt"])
            if len(salt) < MIN_SALT_BYTES:
                raise FormatError("a key slot's salt is too short")
            form = raw.get("form", LEGACY_PASSPHRASE_FORM)
            if form not in PASSPHRASE_FORMS:
                raise FormatError("a key slot names an unknown passphrase normalisation")
            return cls(
                slot_id=str(raw["id"]),
                kind=kind,
                owner=str(raw["owner"]),
                salt=salt,
                kdf=KdfParams.from_dict(raw["kdf"]),
                sealed=_unb64(raw["sealed"]),
                form=form,
            )
        except (KeyError, TypeError, ValueError) as error:
            raise FormatError(f"a key slot is unreadable ({error})") from error


@dataclass
class Header:
    slots: list[KeySlot] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        return json.dumps(
            {"slots": [slot.to_dict() for slot in self.slots]}, separators=(",", ":")
        ).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> Header:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            # RecursionError: JSON nested thousands deep, which no rmpair ever wrote.
            raise FormatError("the header is not readable") from error
        if not isinstance(data, dict) or not isinstance(data.get("slots"), list):
            raise FormatError("the header has no key slots")
        if len(data["slots"]) > MAX_SLOTS:
            raise FormatError("the header has more key slots than a pair can have")
        return cls(slots=[KeySlot.from_dict(slot) for slot in data["slots"]])


def encode_prefix(header: Header) -> bytes:
    """Everything before the body; also the associated data the body is sealed with."""
    header_bytes = header.to_bytes()
    start = MAGIC + _FIXED.pack(FORMAT_VERSION, len(header_bytes)) + header_bytes
    return start + hashlib.sha256(start).digest()


# Enough bytes to hold any valid prefix, so a reader can parse the header (and derive
# keys, which takes 64 MiB) before it loads a body that may be tens of megabytes.
MAX_PREFIX_BYTES = len(MAGIC) + _FIXED.size + MAX_HEADER_BYTES + _CHECKSUM_BYTES


def split(data: bytes) -> tuple[Header, bytes, bytes]:
    """Parse a vault file into (header, prefix, sealed body), or raise FormatError."""
    header, prefix = split_prefix(data)
    body = data[len(prefix) :]
    if not body:
        raise FormatError("the file is cut short")
    return header, prefix, body


def split_prefix(data: bytes) -> tuple[Header, bytes]:
    """Parse the header from the start of a vault file (at least the whole prefix, or
    the whole file if shorter); returns (header, prefix)."""
    if len(data) < len(MAGIC) + _FIXED.size:
        if MAGIC.startswith(data[: len(MAGIC)]) and data:
            raise FormatError("the file is cut short")
        raise FormatError("this is not an rmpair vault" if data else "the file is empty")
    if data[: len(MAGIC)] != MAGIC:
        raise FormatError("this is not an rmpair vault")
    version, header_len = _FIXED.unpack_from(data, len(MAGIC))
    if header_len > MAX_HEADER_BYTES:
        raise FormatError("the header length is impossible")
    header_end = len(MAGIC) + _FIXED.size + header_len
    prefix_end = header_end + _CHECKSUM_BYTES
    if len(data) < prefix_end:
        raise FormatError("the file is cut short")
    if hashlib.sha256(data[:header_end]).digest() != data[header_end:prefix_end]:
        raise FormatError("the header is damaged")
    if version != FORMAT_VERSION:
        if version > FORMAT_VERSION:
            raise FormatError("made by a newer rmpair", newer_version=version)
        raise FormatError(f"format version {version} is not one rmpair knows")
    header = Header.from_bytes(data[len(MAGIC) + _FIXED.size : header_end])
    return header, data[:prefix_end]


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)
