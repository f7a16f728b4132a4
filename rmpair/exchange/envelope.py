"""The bytes of a bundle or an invite file: everything inside one AES-GCM seal, padded.

    magic (8) | format version (u16) | key check (16) | nonce (12) | sealed contents

Outside the seal there is nothing of the pair's: no names, dates, counts, ids or sizes
beyond the padded length. The key check is HMAC(key, nonce), cut to 16 bytes: without the
key it is noise, with it it tells "this file was made with a different key" (another pair,
a wrong pairing code) from "this file was altered or cut short".

Inside: a JSON header, then the compressed database image, padded with zeros to a size
bucket (at least 64 KiB; above that the next size of the form m x 2^k with m in 8..15, so
at most one eighth is padding and the length says about three bits more than its order of
magnitude).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from rmpair.core import crypto
from rmpair.core.crypto import DecryptionFailed

FORMAT_VERSION = 1
_FIXED = struct.Struct(">H")
_LENGTHS = struct.Struct(">II")  # header length, compressed image length
_CHECK_BYTES = 16
MIN_PADDED = 64 * 1024
# A bundle of the largest vault rmpair handles is tens of megabytes; the bound stops a
# damaged length from asking for gigabytes.
MAX_IMAGE_BYTES = 1 << 30


class EnvelopeError(Exception):
    """The file cannot be opened; ``reason`` is one of the names below."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


NOT_OURS = "not ours"  # another kind of file, or made with another key
DAMAGED = "damaged"  # made with this key, then altered or cut short
NEWER = "newer"  # a later format of this kind of file


# A schema number counts the vault format's changes, a few a year at most: no rmpair writes
# one past this, so a header that does was not written by rmpair.
MAX_SCHEMA = 1 << 31


def header_schema(header: dict[str, Any], newest: int) -> int:
    """The schema an opened header says its database was written with. The header is
    inside the seal, but the copy of rmpair that sealed it (damaged, or another program
    holding the key) is not to be trusted: ``DAMAGED`` unless rmpair could have written
    it, ``NEWER`` if it is past ``newest``."""
    schema = header.get("schema")
    if type(schema) is not int or not 1 <= schema <= MAX_SCHEMA:
        raise EnvelopeError(DAMAGED)
    if schema > newest:
        raise EnvelopeError(NEWER)
    return schema


@dataclass(frozen=True)
class Opened:
    header: dict[str, Any]
    image: bytes


def padded_size(length: int) -> int:
    if length <= MIN_PADDED:
        return MIN_PADDED
    step = 1 << max(0, length.bit_length() - 4)
    return -(-length // step) * step


def _check(key: bytes, nonce: bytes) -> bytes:
    return hmac.new(key, b"rmpair key check|" + nonce, hashlib.sha256).digest()[:_CHECK_BYTES]


def seal(magic: bytes, key: bytes, header: dict[str, Any], image: bytes) -> bytes:
    header_bytes = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    compressed = zlib.compress(image, 6)
    body = _LENGTHS.pack(len(header_bytes), len(compressed)) + header_bytes + compressed
    body += bytes(padded_size(len(body)) - len(body))
    prefix = magic + _FIXED.pack(FORMAT_VERSION)
    sealed = crypto.seal(key, body, prefix)
    nonce = sealed[: crypto.NONCE_BYTES]
    return prefix + _check(key, nonce) + sealed


def open_(magic: bytes, key: bytes, data: bytes) -> Opened:
    prefix_length = len(magic) + _FIXED.size
    if len(data) < prefix_length or data[: len(magic)] != magic:
        raise EnvelopeError(NOT_OURS)
    (version,) = _FIXED.unpack_from(data, len(magic))
    if version > FORMAT_VERSION:
        raise EnvelopeError(NEWER)
    if version != FORMAT_VERSION:
        raise EnvelopeError(NOT_OURS)
    check = data[prefix_length : prefix_length + _CHECK_BYTES]
    sealed = data[prefix_length + _CHECK_BYTES :]
    if len(sealed) < crypto.NONCE_BYTES:
        raise EnvelopeError(DAMAGED if len(check) == _CHECK_BYTES else NOT_OURS)
    made_with_this_key = hmac.compare_digest(check, _check(key, sealed[: crypto.NONCE_BYTES]))
    try:
        body = crypto.open_sealed(key, sealed, data[:prefix_length])
    except DecryptionFailed:
        raise EnvelopeError(DAMAGED if made_with_this_key else NOT_OURS) from None
    try:
        header_length, image_length = _LENGTHS.unpack_from(body)
        start = _LENGTHS.size
        header = json.loads(body[start : start + header_length])
        if image_length > len(body) or not isinstance(header, dict):
            raise ValueError("lengths")
        compressed = body[start + header_length : start + header_length + image_length]
        decompressor = zlib.decompressobj()
        image = decompressor.decompress(compressed, MAX_IMAGE_BYTES)
        if decompressor.unconsumed_tail or not decompressor.eof:
            raise ValueError("image")
    except (ValueError, struct.error, zlib.error):
        # Authenticated, yet not what rmpair writes: treat it as damage, never guess.
        raise EnvelopeError(DAMAGED) from None
    return Opened(header, image)
