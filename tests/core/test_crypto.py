from __future__ import annotations

import pytest

from rmpair.core import crypto
from rmpair.core.crypto import DecryptionFailed, KdfParams

FAST = KdfParams(memory_kib=1024, iterations=1)


def test_seal_round_trip_with_associated_data():
    key = crypto.random_key()
    sealed = crypto.seal(key, b"lived experience", b"context")
    assert crypto.open_sealed(key, sealed, b"context") == b"lived experience"


def test_every_seal_uses_a_fresh_nonce():
    key = crypto.random_key()
    first, second = crypto.seal(key, b"same"), crypto.seal(key, b"same")
    assert first[: crypto.NONCE_BYTES] != second[: crypto.NONCE_BYTES]
    assert first != second


def test_salts_and_keys_are_fresh():
    assert crypto.random_salt() != crypto.random_salt()
    assert crypto.random_key() != crypto.random_key()
    assert len(crypto.random_key()) == 32


@pytest.mark.parametrize("position", [0, 11, 12, 20, -1])
def test_any_altered_byte_is_detected(position):
    key = crypto.random_key()
    sealed = bytearray(crypto.seal(key, b"do not change me"))
    sealed[position] ^= 0x01
    with pytest.raises(DecryptionFailed):
        crypto.open_sealed(key, bytes(sealed))


def test_wrong_key_and_wrong_associated_data_fail():
    key = crypto.random_key()
    sealed = crypto.seal(key, b"secret", b"entry-1")
    with pytest.raises(DecryptionFailed):
        crypto.open_sealed(crypto.random_key(), sealed, b"entry-1")
    with pytest.raises(DecryptionFailed):
        crypto.open_sealed(key, sealed, b"entry-2")


def test_truncated_sealed_data_fails_cleanly():
    with pytest.raises(DecryptionFailed):
        crypto.open_sealed(crypto.random_key(), b"short")


def test_derivation_depends_on_passphrase_salt_and_params():
    salt = crypto.random_salt()
    base = crypto.derive_key("a passphrase", salt, FAST)
    assert base == crypto.derive_key("a passphrase", salt, FAST)
    assert base != crypto.derive_key("a passphrasE", salt, FAST)
    assert base != crypto.derive_key("a passphrase", crypto.random_salt(), FAST)
    assert base != crypto.derive_key("a passphrase", salt, KdfParams(memory_kib=2048, iterations=1))


def test_derivation_normalises_unicode():
    salt = crypto.random_salt()
    composed, decomposed = "caf\u00e9 au lait", "cafe\u0301 au lait"
    assert crypto.derive_key(composed, salt, FAST) == crypto.derive_key(decomposed, salt, FAST)
    for form in crypto.PASSPHRASE_FORMS:
        assert crypto.derive_key(composed, salt, FAST, form) == crypto.derive_key(decomposed, salt, FAST, form)


def test_new_passphrases_fold_compatibility_forms_and_legacy_ones_do_not():
    # Full-width letters, an ideographic or no-break space and a ligature are what other
    # input methods type for the same words; NFKC folds them, NFC (slots made before) not.
    salt = crypto.random_salt()
    plain = crypto.derive_key("fine tea", salt, FAST)
    for typed in ("\ufb01ne tea", "ｆｉｎｅ\u3000ｔｅａ", "fine\u00a0tea"):
        assert crypto.derive_key(typed, salt, FAST) == plain
        assert crypto.derive_key(typed, salt, FAST, "NFC") != crypto.derive_key("fine tea", salt, FAST, "NFC")
    with pytest.raises(ValueError):
        crypto.derive_key("fine tea", salt, FAST, "NFD")


def test_default_kdf_is_at_least_64_mib_argon2id():
    params = KdfParams()
    assert params.name == "argon2id"
    assert params.memory_kib >= 64 * 1024


@pytest.mark.parametrize(
    "raw",
    [
        None,
        {"name": "scrypt", "memory_kib": 1024, "iterations": 1, "lanes": 1},
        {"name": "argon2id", "memory_kib": 2**40, "iterations": 1, "lanes": 1},
        {"name": "argon2id", "memory_kib": 1024, "iterations": 0, "lanes": 1},
        {"name": "argon2id", "memory_kib": "1024", "iterations": 1, "lanes": 1},
        {"name": "argon2id", "memory_kib": 1024, "iterations": True, "lanes": 1},
    ],
)
def test_hostile_kdf_parameters_are_refused(raw):
    with pytest.raises(ValueError):
        KdfParams.from_dict(raw)


def test_recovery_codes_are_random_and_typed_back_loosely():
    code = crypto.new_recovery_code()
    assert code != crypto.new_recovery_code()
    assert len(code.split("-")) == 6
    typed = code.lower().replace("-", " ")
    assert crypto.normalise_recovery_code(typed) == code


def test_kdf_bounds_leave_room_to_grow_but_not_for_hours_of_work():
    from rmpair.core.crypto import MAX_ITERATIONS, MAX_MEMORY_KIB

    KdfParams.from_dict({"name": "argon2id", "memory_kib": MAX_MEMORY_KIB, "iterations": MAX_ITERATIONS, "lanes": 1})
    with pytest.raises(ValueError):
        KdfParams.from_dict({"name": "argon2id", "memory_kib": MAX_MEMORY_KIB * 2, "iterations": 1, "lanes": 1})
    with pytest.raises(ValueError):
        KdfParams.from_dict({"name": "argon2id", "memory_kib": 65536, "iterations": MAX_ITERATIONS + 1, "lanes": 1})
