"""Pairing a second laptop: an invite file and the pairing code that opens it.

The invite holds the vault's whole database and its key slots, sealed (rmpair.exchange.
envelope) under a key derived with Argon2id from a one-time pairing code: 24 characters
from a 31-letter alphabet without look-alikes, about 119 bits, shown once and passed by
another channel than the file. Outside the seal there is only the key derivation's salt
and cost. Accepting it makes this laptop's own vault, with its own identity (so its writes
never share change numbers with the first laptop's), and remembers the first laptop's
state at the invite as already seen.
"""

from __future__ import annotations

import base64
import json
import secrets
import sqlite3
import struct
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rmpair.core import crypto
from rmpair.core.crypto import KdfParams
from rmpair.core.database import SCHEMA_VERSION
from rmpair.core.errors import RmpairError, WrongPassphrase
from rmpair.core.record_versions import laptop_id, take_new_identity
from rmpair.core.service import PairService
from rmpair.exchange import envelope
from rmpair.exchange.bundles import pair_id, seen_vector, write_private_file

INVITE_MAGIC = b"RMPAIR\x00I"
INVITED = "invited"  # bundle_received's row for a laptop invited but not yet heard from
_SEALED_MAGIC = b"RMPAIR\x00i"
_OUTER = struct.Struct(">H")
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_CODE_GROUPS, _CODE_GROUP_LENGTH = 6, 4
# The pairing code is long and random, but Argon2id still makes each guess cost what an
# unlock does: a stolen invite is safe even if the code leaks half its strength.
INVITE_KDF = KdfParams()


@dataclass(frozen=True)
class Invite:
    file: Path
    code: str
    for_name: str


def new_pairing_code() -> str:
    groups = [
        "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_GROUP_LENGTH)) for _ in range(_CODE_GROUPS)
    ]
    return "-".join(groups)


def normalise_code(typed: str) -> str:
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    step = _CODE_GROUP_LENGTH
    return "-".join(cleaned[i : i + step] for i in range(0, len(cleaned), step))


def make_invite(service: PairService, out_path: Path, *, kdf: KdfParams = INVITE_KDF) -> Invite:
    """Write an invite for the person ``service`` is unlocked as, to use on another laptop."""

    def state(connection: sqlite3.Connection, _keys: Any) -> dict[str, Any]:
        return {
            "kind": "invite",
            "pair": pair_id(connection),
            "laptop": laptop_id(connection),
            "sequence": connection.execute("SELECT bundles_sent FROM laptop").fetchone()[0],
            "seen": seen_vector(connection),
            "schema": SCHEMA_VERSION,
            "for": service.role,
            "slots": base64.b64encode(service.key_slots()).decode("ascii"),
            "made": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }

    def remember(connection: sqlite3.Connection, keys: Any) -> dict[str, Any]:
        header = state(connection, keys)
        # What the new laptop starts from: the first bundle for it counts what changed since.
        with connection:
            connection.execute(
                "INSERT OR REPLACE INTO bundle_received (laptop, sequence, seen) VALUES (?, 0, ?)",
                (INVITED, json.dumps(header["seen"], separators=(",", ":"), sort_keys=True)),
            )
        return header

    header = service.exchange(remember, write=True)
    code = new_pairing_code()
    salt = crypto.random_salt()
    outer = json.dumps({"salt": base64.b64encode(salt).decode("ascii"), "kdf": kdf.to_dict()}).encode()
    key = crypto.derive_key(code, salt, kdf)
    sealed = envelope.seal(_SEALED_MAGIC, key, header, service.image())
    write_private_file(out_path, INVITE_MAGIC + _OUTER.pack(len(outer)) + outer + sealed)
    return Invite(out_path, code, service.me.name)


@dataclass(frozen=True)
class OpenedInvite:
    header: dict[str, Any]
    image: bytes


def open_invite(data: bytes, code: str) -> OpenedInvite:
    if not data.startswith(INVITE_MAGIC) or len(data) < len(INVITE_MAGIC) + _OUTER.size:
        raise RmpairError("This is not an rmpair pairing invite; nothing was created.")
    (length,) = _OUTER.unpack_from(data, len(INVITE_MAGIC))
    start = len(INVITE_MAGIC) + _OUTER.size
    try:
        outer = json.loads(data[start : start + length])
        salt = base64.b64decode(outer["salt"], validate=True)
        kdf = KdfParams.from_dict(outer["kdf"])
    except (ValueError, KeyError, TypeError):
        raise RmpairError("This invite is damaged; nothing was created. Make a new one on the other laptop.") from None
    key = crypto.derive_key(normalise_code(code), salt, kdf)
    try:
        opened = envelope.open_(_SEALED_MAGIC, key, data[start + length :])
        envelope.header_schema(opened.header, SCHEMA_VERSION)
    except envelope.EnvelopeError as error:
        if error.reason == envelope.NOT_OURS:
            raise WrongPassphrase(
                "That pairing code does not open this invite. Check it against the one shown on the other "
                "laptop (letters and digits, in groups of four); nothing was created."
            ) from None
        if error.reason == envelope.NEWER:
            raise RmpairError("This invite was made by a newer rmpair; update rmpair here first. Nothing was created.")
        raise RmpairError("This invite is damaged or incomplete; nothing was created. Make a new one.") from None
    header = opened.header
    if header.get("kind") != "invite" or "slots" not in header:
        raise RmpairError("This invite is damaged; nothing was created. Make a new one on the other laptop.")
    return OpenedInvite(header, opened.image)


def accept_invite(invite: OpenedInvite, path: Path, passphrase: str) -> PairService:
    """This laptop's vault from an opened invite, unlocked as the person it was made for."""
    header = invite.header

    def own_identity(connection: sqlite3.Connection) -> None:
        with connection:
            take_new_identity(connection)
            connection.execute("DELETE FROM bundle_received")  # the first laptop's own bookkeeping
            connection.execute(
                "INSERT OR REPLACE INTO bundle_received (laptop, sequence, seen) VALUES (?, ?, ?)",
                (header["laptop"], int(header["sequence"]),
                 json.dumps(header.get("seen", {}), separators=(",", ":"), sort_keys=True)),
            )

    slots = base64.b64decode(header["slots"])
    return PairService.adopt(path, slots, invite.image, passphrase, own_identity)
