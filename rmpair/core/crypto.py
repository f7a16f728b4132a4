"""The cryptographic primitives rmpair uses, and nothing else.

Keys come in as arguments; nothing here prompts, reads files or keeps state. AES-256-GCM
seals everything (a fresh random 96-bit nonce every time); Argon2id turns a passphrase
into a key-encrypting key, with its parameters stored beside the salt so they can be
raised later without a new file format.
"""

from __future__ import annotations

import os
import secrets
import unicodedata
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
SALT_BYTES = 16
# What sealing adds to the plaintext: the nonce in front, the tag behind.
SEAL_OVERHEAD = NONCE_BYTES + TAG_BYTES

# How a passphrase's text is made canonical before it is derived. NFKC folds the forms
# that look the same and differ only in how they were typed: é as one code point or as e
# and a combining accent, full-width letters from an East Asian input method, a
# non-breaking space, a ligature. It is what NIST SP 800-63B asks of passphrases. Slots
# made before rmpair chose it record nothing and were derived under NFC, which is kept for
# them (so no one is locked out) until that person next sets a passphrase.
PASSPHRASE_FORM = "NFKC"
LEGACY_PASSPHRASE_FORM = "NFC"
PASSPHRASE_FORMS = (LEGACY_PASSPHRASE_FORM, PASSPHRASE_FORM)

# Recovery codes avoid letters that read alike (0/O, 1/I/L) because people copy them by hand.
_RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_RECOVERY_GROUPS = 6
_RECOVERY_GROUP_LEN = 5


class DecryptionFailed(Exception):
    """The key is wrong or the data was altered: AES-GCM's tag did not verify."""


# Room for later releases to raise the cost about sixteen-fold, but not for a tampered
# header to ask for more than about a minute of work or 1 GiB of memory per slot.
MAX_MEMORY_KIB = 1024 * 1024
MAX_ITERATIONS = 16
MAX_LANES = 8


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. The defaults are RFC 9106's second recommended option (section 4):
    64 MiB, 3 passes, 4 lanes, about a fifth of a second here. SECURITY.md says why."""

    memory_kib: int = 65536
    iterations: int = 3
    lanes: int = 4
    name: str = "argon2id"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: object) -> KdfParams:
        if not isinstance(raw, dict) or raw.get("name") != "argon2id":
            raise ValueError("unknown key derivation")
        memory, iterations, lanes = raw.get("memory_kib"), raw.get("iterations"), raw.get("lanes")
        for value in (memory, iterations, lanes):
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError("key derivation parameters are not whole numbers")
        # Bounds stop a tampered header from asking for terabytes of memory or hours of work.
        if not (8 <= memory <= MAX_MEMORY_KIB and 1 <= iterations <= MAX_ITERATIONS and 1 <= lanes <= MAX_LANES):
            raise ValueError("key derivation parameters are out of range")
        if memory < 8 * lanes:
            raise ValueError("key derivation parameters are out of range (Argon2 needs 8 KiB per lane)")
        return cls(memory_kib=memory, iterations=iterations, lanes=lanes)


# The defaults of earlier releases. A slot still derived with one of them is sealed again
# with today's defaults after its next writable unlock (``Vault.open``), so a person pays
# the old cost once more and never again. Parameters that were never a default (a test's
# cheap ones, a later release's stronger ones) are left as they are.
SUPERSEDED_DEFAULTS = frozenset({KdfParams(memory_kib=65536, iterations=5, lanes=1)})


def current_params(params: KdfParams) -> KdfParams:
    """What a slot derived with ``params`` should be sealed with from now on."""
    return KdfParams() if params in SUPERSEDED_DEFAULTS else params


def random_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def random_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def derive_key(secret: str, salt: bytes, params: KdfParams, form: str = PASSPHRASE_FORM) -> bytes:
    """Argon2id over the secret in Unicode normal form ``form`` (see PASSPHRASE_FORM), so
    the same passphrase typed another way still derives the same key."""
    if form not in PASSPHRASE_FORMS:
        raise ValueError(f"unknown passphrase normalisation {form!r}")
    material = unicodedata.normalize(form, secret).encode("utf-8")
    kdf = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(material)


class SealingKey:
    """One key, set up once, for sealing or opening many small things (private entries
    at unlock): building the cipher per item cost more than the decryption itself."""

    def __init__(self, key: bytes) -> None:
        self._cipher = AESGCM(key)

    def seal(self, plaintext: bytes, associated_data: bytes = b"") -> bytes:
        """Encrypt and authenticate; returns nonce || ciphertext-with-tag."""
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._cipher.encrypt(nonce, plaintext, associated_data)

    def seal_after(self, prefix: bytes, plaintext: bytes) -> bytearray:
        """``prefix`` then ``seal(plaintext, prefix)`` (the vault file's layout), built in one
        buffer. A vault's image is tens of megabytes at thousands of entries; sealing it and
        joining the parts copied all of it twice more, on every save."""
        nonce = os.urandom(NONCE_BYTES)
        start = len(prefix) + NONCE_BYTES
        out = bytearray(start + len(plaintext) + TAG_BYTES)
        out[: len(prefix)] = prefix
        out[len(prefix) : start] = nonce
        self._cipher.encrypt_into(nonce, plaintext, prefix, memoryview(out)[start:])
        return out

    def open(self, sealed: bytes, associated_data: bytes = b"") -> bytes:
        if len(sealed) < NONCE_BYTES + 16:
            raise DecryptionFailed("sealed data is too short")
        try:
            # A view, not a slice: slicing would copy the whole body first.
            return self._cipher.decrypt(sealed[:NONCE_BYTES], memoryview(sealed)[NONCE_BYTES:], associated_data)
        except InvalidTag as error:
            raise DecryptionFailed("wrong key or altered data") from error


def seal(key: bytes, plaintext: bytes, associated_data: bytes = b"") -> bytes:
    """Encrypt and authenticate; returns nonce || ciphertext-with-tag."""
    return SealingKey(key).seal(plaintext, associated_data)


def seal_after(key: bytes, prefix: bytes, plaintext: bytes) -> bytearray:
    """``prefix + seal(key, plaintext, prefix)``, without copying the sealed part again."""
    return SealingKey(key).seal_after(prefix, plaintext)


def open_sealed(key: bytes, sealed: bytes, associated_data: bytes = b"") -> bytes:
    return SealingKey(key).open(sealed, associated_data)


def subkey(key: bytes, purpose: str) -> bytes:
    """A key for one purpose derived from another (HKDF-SHA256), so one secret can serve
    several uses without any two of them sharing a key."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose.encode()).derive(key)


# -- sealing for someone else: X25519 + HKDF + AES-GCM ------------------------------------------
# A merge on one laptop sometimes has to make a private entry for the person who is not
# unlocking (their concurrent edit of an entry the other made private). It seals it to their
# public key, which only their personal key can open; the key pair is derived from the
# personal key, so nothing new has to be kept secret.

PUBLIC_KEY_BYTES = 32


def public_key_of(personal_key: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    private = X25519PrivateKey.from_private_bytes(subkey(personal_key, "rmpair person x25519"))
    return private.public_key().public_bytes_raw()


def seal_to(public_key: bytes, plaintext: bytes, associated_data: bytes = b"") -> bytes:
    """Encrypt for the holder of ``public_key``; returns ephemeral public key || sealed."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_key))
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    key = subkey(shared + ephemeral_public + public_key, "rmpair sealed to person")
    return ephemeral_public + seal(key, plaintext, associated_data)


def open_sealed_to_me(personal_key: bytes, sealed: bytes, associated_data: bytes = b"") -> bytes:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

    if len(sealed) < PUBLIC_KEY_BYTES + NONCE_BYTES + 16:
        raise DecryptionFailed("sealed data is too short")
    private = X25519PrivateKey.from_private_bytes(subkey(personal_key, "rmpair person x25519"))
    ephemeral_public = sealed[:PUBLIC_KEY_BYTES]
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    except ValueError as error:
        raise DecryptionFailed("not sealed to this key") from error
    key = subkey(shared + ephemeral_public + private.public_key().public_bytes_raw(), "rmpair sealed to person")
    return open_sealed(key, sealed[PUBLIC_KEY_BYTES:], associated_data)


def new_recovery_code() -> str:
    """About 147 bits of randomness, in groups a person can read aloud and type back."""
    groups = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_GROUP_LEN))
        for _ in range(_RECOVERY_GROUPS)
    ]
    return "-".join(groups)


def is_recovery_code(typed: str) -> bool:
    """Whether ``typed``, read as a recovery code (any case, any separators), has a code's
    letters: as many as one has, all from its alphabet."""
    cleaned = normalise_recovery_code(typed).replace("-", "")
    return len(cleaned) == _RECOVERY_GROUPS * _RECOVERY_GROUP_LEN and all(ch in _RECOVERY_ALPHABET for ch in cleaned)


def normalise_recovery_code(typed: str) -> str:
    """Accept the code however it is typed: any case, spaces or dashes between groups.

    NFKC first, as key derivation does: otherwise full-width letters would pass here as
    something other than a code and then derive the code's key, so a passphrase could be
    someone's recovery code without ``is_recovery_code`` seeing it."""
    cleaned = "".join(ch for ch in unicodedata.normalize("NFKC", typed).upper() if ch.isalnum())
    step = _RECOVERY_GROUP_LEN
    return "-".join(cleaned[i : i + step] for i in range(0, len(cleaned), step))
