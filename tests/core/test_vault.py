from __future__ import annotations

import errno
import hashlib
import os
import struct

import pytest

from rmpair.core import crypto
from rmpair.core import vault_write
from rmpair.core.crypto import KdfParams
from rmpair.core.errors import RmpairError, VaultDamaged, VaultLocked, VaultMissing, VaultWriteFailed, WrongPassphrase
from rmpair.core.vault import Vault, backup_path, check_generations, restore_backup
from rmpair.core.vault_format import MAGIC, split_prefix


@pytest.fixture
def path(tmp_path):
    return tmp_path / "pair.rmpair"


def make(path, fast_kdf, image=b"first image"):
    vault, code = Vault.create(path, "person-1", "first passphrase", fast_kdf)
    vault.save(image)
    return vault, code


def test_create_save_open_round_trip(path, fast_kdf):
    vault, _ = make(path, fast_kdf, b"database bytes")
    vault.close()
    opened, image = Vault.open(path, "first passphrase")
    assert image == b"database bytes"
    assert opened.person_id == "person-1"
    opened.close()


def test_nothing_is_written_until_the_first_save(path, fast_kdf):
    vault, _ = Vault.create(path, "person-1", "first passphrase", fast_kdf)
    assert not path.exists()
    vault.close()


def test_the_image_is_not_on_disk_in_plaintext(path, fast_kdf):
    vault, _ = make(path, fast_kdf, b"a story about a named director")
    vault.close()
    for file in path.parent.iterdir():
        assert b"named director" not in file.read_bytes()


def test_every_save_uses_a_fresh_nonce(path, fast_kdf):
    vault, _ = make(path, fast_kdf, b"same")
    first = path.read_bytes()
    vault.save(b"same")
    assert path.read_bytes() != first
    vault.close()


def test_wrong_passphrase_is_refused_and_file_untouched(path, fast_kdf):
    make(path, fast_kdf)[0].close()
    before = path.read_bytes()
    with pytest.raises(WrongPassphrase, match="does not open"):
        Vault.open(path, "not the passphrase")
    assert path.read_bytes() == before


def test_missing_vault_says_how_to_create_one(path):
    with pytest.raises(VaultMissing, match="rmpair init"):
        Vault.open(path, "whatever passphrase")


def test_three_backup_generations_are_kept(path, fast_kdf):
    vault, _ = make(path, fast_kdf, b"gen 0")
    for generation in range(1, 6):
        vault.save(f"gen {generation}".encode())
    vault.close()
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "pair.rmpair",
        "pair.rmpair.backup-1",
        "pair.rmpair.backup-2",
        "pair.rmpair.backup-3",
        "pair.rmpair.lock",
    ]
    images = []
    for candidate in (path, backup_path(path, 1), backup_path(path, 2), backup_path(path, 3)):
        candidate.rename(path.with_name("probe"))
        probe = path.with_name("probe")
        vault, image = Vault.open(probe, "first passphrase", write=False)
        images.append(image)
        probe.rename(candidate)
    assert images == [b"gen 5", b"gen 4", b"gen 3", b"gen 2"]


def test_a_second_writer_is_refused_but_a_reader_is_not(path, fast_kdf):
    writer, _ = make(path, fast_kdf)
    with pytest.raises(VaultLocked, match="open in another rmpair"):
        Vault.open(path, "first passphrase")
    reader, image = Vault.open(path, "first passphrase", write=False)
    assert image == b"first image"
    with pytest.raises(VaultWriteFailed, match="read-only"):
        reader.save(b"overwrite")
    writer.close()
    Vault.open(path, "first passphrase")[0].close()


def test_flipped_byte_in_header_is_damage_not_wrong_passphrase(path, fast_kdf):
    make(path, fast_kdf)[0].close()
    data = bytearray(path.read_bytes())
    data[len(MAGIC) + 20] ^= 0x40
    path.write_bytes(bytes(data))
    with pytest.raises(VaultDamaged, match="rmpair restore --backup"):
        Vault.open(path, "first passphrase")


def test_flipped_byte_in_body_is_damage(path, fast_kdf):
    make(path, fast_kdf)[0].close()
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(VaultDamaged):
        Vault.open(path, "first passphrase")


@pytest.mark.parametrize("keep", [0, 3, 8, 12, 40, -1])
def test_truncated_file_is_damage(path, fast_kdf, keep):
    make(path, fast_kdf)[0].close()
    data = path.read_bytes()
    path.write_bytes(data[:keep] if keep >= 0 else data[:-1])
    with pytest.raises(VaultDamaged):
        Vault.open(path, "first passphrase")


def test_a_newer_format_version_asks_for_an_update(path, fast_kdf):
    make(path, fast_kdf)[0].close()
    data = bytearray(path.read_bytes())
    offset = len(MAGIC)
    version, header_len = struct.unpack_from(">HI", data, offset)
    struct.pack_into(">H", data, offset, version + 1)
    header_end = offset + 6 + header_len
    data[header_end : header_end + 32] = hashlib.sha256(bytes(data[:header_end])).digest()
    path.write_bytes(bytes(data))
    with pytest.raises(RmpairError, match="newer rmpair"):
        Vault.open(path, "first passphrase")


def test_check_names_good_backup_and_restore_brings_it_back(path, fast_kdf):
    vault, _ = make(path, fast_kdf, b"one")
    vault.save(b"two")
    vault.close()
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    reports = check_generations(path, "first passphrase")
    assert [(r.label, r.good) for r in reports] == [("vault", False), ("backup 1", True)]
    kept = restore_backup(path, 1, "first passphrase")
    assert kept is not None and kept.read_bytes() == bytes(data)
    assert Vault.open(path, "first passphrase", write=False)[1] == b"one"


def test_passphrase_change_rewraps_and_recovery_code_still_works(path, fast_kdf):
    vault, code = make(path, fast_kdf, b"kept")
    vault.change_passphrase("second passphrase", fast_kdf)
    vault.save(b"kept")
    vault.close()
    with pytest.raises(WrongPassphrase):
        Vault.open(path, "first passphrase")
    assert Vault.open(path, "second passphrase", write=False)[1] == b"kept"
    recovered, image = Vault.open_with_recovery_code(path, code.lower())
    assert image == b"kept"
    recovered.change_passphrase("third passphrase", fast_kdf)
    recovered.save(image)
    recovered.close()
    assert Vault.open(path, "third passphrase", write=False)[1] == b"kept"
    with pytest.raises(WrongPassphrase):
        Vault.open(path, "second passphrase", write=False)


def test_partner_has_own_personal_key_and_the_same_vault_key(path, fast_kdf):
    vault, _ = make(path, fast_kdf)
    vault.add_person("person-2", "partner passphrase", fast_kdf)
    vault.save(b"both")
    first_key = vault.personal_key
    vault.close()
    partner, image = Vault.open(path, "partner passphrase")
    assert image == b"both"
    assert partner.person_id == "person-2"
    assert partner.personal_key != first_key
    partner.close()


def test_full_disk_keeps_the_old_vault_and_leaves_no_temporary(path, fast_kdf, monkeypatch):
    vault, _ = make(path, fast_kdf, b"old")
    before = path.read_bytes()
    real_write = os.write

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(vault_write.os, "write", full)
    with pytest.raises(VaultWriteFailed, match="disk is full"):
        vault.save(b"new")
    monkeypatch.setattr(vault_write.os, "write", real_write)
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if ".tmp-" in p.name]
    vault.save(b"new")
    vault.close()
    assert Vault.open(path, "first passphrase", write=False)[1] == b"new"


def test_leftover_temporaries_are_removed_by_the_next_writer(path, fast_kdf):
    make(path, fast_kdf)[0].close()
    leftover = path.with_name(".pair.rmpair.tmp-deadbeef")
    leftover.write_bytes(b"sealed junk from a killed save")
    Vault.open(path, "first passphrase")[0].close()
    assert not leftover.exists()


def test_closing_drops_the_keys(path, fast_kdf):
    vault, _ = make(path, fast_kdf)
    vault.close()
    with pytest.raises(RmpairError, match="locked"):
        _ = vault.personal_key


def test_a_header_with_more_slots_than_a_pair_needs_is_refused():
    from rmpair.core.vault_format import MAX_SLOTS, FormatError, Header

    slot = {"id": "a", "kind": "passphrase", "owner": "o", "salt": "AAAAAAAAAAAAAAAAAAAAAA==",
            "kdf": {"name": "argon2id", "memory_kib": 1024, "iterations": 1, "lanes": 1}, "sealed": "AAAA"}
    import json

    Header.from_bytes(json.dumps({"slots": [slot] * MAX_SLOTS}).encode())
    with pytest.raises(FormatError, match="more key slots"):
        Header.from_bytes(json.dumps({"slots": [slot] * (MAX_SLOTS + 1)}).encode())


def test_a_slot_without_a_recorded_form_was_derived_in_nfc():
    from rmpair.core.vault_format import FormatError, KeySlot

    raw = {"id": "a", "kind": "passphrase", "owner": "o", "salt": "AAAAAAAAAAAAAAAAAAAAAA==",
           "kdf": {"name": "argon2id", "memory_kib": 1024, "iterations": 1, "lanes": 1}, "sealed": "AAAA"}
    assert KeySlot.from_dict(raw).form == "NFC"
    assert KeySlot.from_dict({**raw, "form": "NFKC"}).form == "NFKC"
    assert KeySlot.from_dict(KeySlot.from_dict(raw).to_dict()).form == "NFC"
    with pytest.raises(FormatError, match="normalisation"):
        KeySlot.from_dict({**raw, "form": "NFD"})


def legacy_slot(vault: Vault, passphrase: str, fast_kdf) -> None:
    """Re-make this person's passphrase slot the way rmpair did before it recorded the
    form: derived from the NFC text."""
    from rmpair.core import crypto
    from rmpair.core.vault_slots import slot_aad

    slot = next(s for s in vault.header.slots if s.kind == "passphrase" and s.owner == vault.owner)
    kek = crypto.derive_key(passphrase, slot.salt, fast_kdf, "NFC")
    slot.sealed = crypto.seal(kek, vault._keys().to_bytes(), slot_aad(slot.slot_id, slot.kind, slot.owner))
    slot.form = "NFC"


def test_a_passphrase_set_before_nfkc_still_opens_and_is_upgraded_when_changed(path, fast_kdf):
    ligature = "\ufb01ne tea at \u2460 o'clock"  # NFKC would read "fine tea at 1 o'clock"
    vault, _ = Vault.create(path, "person-1", ligature, fast_kdf)
    legacy_slot(vault, ligature, fast_kdf)
    vault.save(b"kept")
    vault.close()
    opened, image = Vault.open(path, ligature)
    assert image == b"kept"
    opened.change_passphrase("a new passphrase", fast_kdf)
    opened.save(image)
    assert {s.form for s in opened.header.slots} == {"NFKC"}
    opened.close()
    assert Vault.open(path, "a\u00a0new passphrase", write=False)[1] == b"kept"


def test_a_new_passphrase_is_compared_with_each_slot_in_that_slots_form(path, fast_kdf):
    from rmpair.core.errors import PassphraseInUse

    ligature = "\ufb01ne tea at \u2460 o'clock"
    vault, code = Vault.create(path, "person-1", ligature, fast_kdf)
    legacy_slot(vault, ligature, fast_kdf)
    before = list(vault.header.slots)
    # The folded text does not open the NFC slot, so it is the partner's to choose...
    for taken in (ligature, code):
        with pytest.raises(PassphraseInUse):
            vault.add_person("person-2", taken, fast_kdf)
        assert vault.header.slots == before
    vault.add_person("person-2", "fine tea at 1 o'clock", fast_kdf)
    vault.save(b"both")
    vault.close()
    # ... and each unlocks as themselves.
    assert Vault.open(path, ligature, write=False)[0].person_id == "person-1"
    assert Vault.open(path, "fine tea at 1 o'clock", write=False)[0].person_id == "person-2"


def opens_with(file, passphrase) -> bool:
    try:
        Vault.open(file, passphrase, write=False)[0].close()
    except WrongPassphrase:
        return False
    return True


def test_a_partners_change_leaves_backups_from_before_they_joined_untouched(path, fast_kdf):
    vault, _ = make(path, fast_kdf, b"alone 1")
    vault.save(b"alone 2")
    vault.add_person("person-2", "partner passphrase", fast_kdf)
    vault.save(b"both")
    vault.close()
    before_join = {n: backup_path(path, n).read_bytes() for n in (1, 2)}

    partner, image = Vault.open(path, "partner passphrase")
    partner.change_passphrase("partner's second", fast_kdf)
    partner.save(image)
    partner.close()
    # backup 1 is the generation the partner's change replaced; 2 and 3 held no slot of theirs.
    assert backup_path(path, 2).read_bytes() == before_join[1]
    assert backup_path(path, 3).read_bytes() == before_join[2]
    assert not any(opens_with(backup_path(path, n), "partner passphrase") for n in (1, 2, 3))
    assert opens_with(backup_path(path, 1), "partner's second")

    first, image = Vault.open(path, "first passphrase")
    first.change_passphrase("first's second", fast_kdf)
    first.save(image)
    first.close()
    files = [path] + [backup_path(path, n) for n in (1, 2, 3)]
    assert [opens_with(f, "first passphrase") for f in files] == [False] * 4
    assert [opens_with(f, "first's second") for f in files] == [True] * 4
    # A generation from before the partner joined gains no slot for them.
    assert [opens_with(f, "partner's second") for f in files] == [True, True, True, False]
    assert Vault.open(backup_path(path, 3), "first's second", write=False)[1] == b"alone 2"


def test_a_damaged_backup_loses_the_old_slot_and_stays_damaged(path, fast_kdf):
    vault, _ = make(path, fast_kdf, b"one")
    vault.save(b"two")
    data = bytearray(backup_path(path, 1).read_bytes())
    data[-1] ^= 0xFF
    backup_path(path, 1).write_bytes(bytes(data))
    vault.change_passphrase("second passphrase", fast_kdf)
    vault.save(b"three")
    vault.close()
    # backup 2 is the damaged one now; no passphrase opens what it seals, the old one least.
    reports = {r.label: r for r in check_generations(path, "first passphrase")}
    assert reports["backup 2"].unopened and not reports["backup 2"].good
    reports = {r.label: r for r in check_generations(path, "second passphrase")}
    assert reports["backup 2"].detail == "damaged: contents do not match"
    assert [reports[label].good for label in ("vault", "backup 1")] == [True, True]


def test_restore_refuses_to_replace_an_intact_vault_this_passphrase_does_not_open(path, fast_kdf):
    vault, _ = make(path, fast_kdf, b"one")
    vault.save(b"two")
    stale = backup_path(path, 1).read_bytes()
    vault.change_passphrase("second passphrase", fast_kdf)
    vault.save(b"three")
    vault.close()
    # A backup still holding the old slot, as a change stopped midway leaves it.
    backup_path(path, 1).write_bytes(stale)
    before = path.read_bytes()
    with pytest.raises(WrongPassphrase, match="is not damaged, and this passphrase does not open it"):
        restore_backup(path, 1, "first passphrase")
    assert path.read_bytes() == before
    # Damage is what a restore is for, whichever passphrase opens the backup.
    data = bytearray(before)
    data[len(MAGIC) + 8] ^= 0x01
    path.write_bytes(bytes(data))
    assert restore_backup(path, 1, "first passphrase") is not None
    assert Vault.open(path, "first passphrase", write=False)[1] == b"one"


# The default of releases before RFC 9106's second recommended option was chosen.
OLD_DEFAULT_KDF = KdfParams(memory_kib=65536, iterations=5, lanes=1)


def _slot_params(file):
    header, _ = split_prefix(file.read_bytes())
    return {slot.kind: slot.kdf for slot in header.slots}


def _counting_derivations(monkeypatch):
    derived = []
    real = crypto.derive_key

    def derive_key(secret, salt, params, *args):
        derived.append(params)
        return real(secret, salt, params, *args)

    monkeypatch.setattr(crypto, "derive_key", derive_key)
    return derived


def test_the_default_kdf_is_rfc_9106s_second_recommended_option():
    assert KdfParams() == KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)
    assert crypto.current_params(OLD_DEFAULT_KDF) == KdfParams()


def test_a_slot_with_the_old_default_is_sealed_again_once_after_a_writable_unlock(path, monkeypatch):
    vault, code = Vault.create(path, "person-1", "first passphrase", OLD_DEFAULT_KDF)
    vault.save(b"generation one")
    vault.save(b"generation two")
    vault.close()
    derived = _counting_derivations(monkeypatch)

    opened, image = Vault.open(path, "first passphrase")
    opened.close()
    assert image == b"generation two"
    assert derived == [OLD_DEFAULT_KDF, KdfParams()]
    # Only the slot that was opened moves; the recovery code's moves when it is used.
    assert _slot_params(path) == {"passphrase": KdfParams(), "recovery": OLD_DEFAULT_KDF}
    # The backup was given the new slot too, and no backup generation was spent on it.
    assert _slot_params(backup_path(path, 1)) == {"passphrase": KdfParams(), "recovery": OLD_DEFAULT_KDF}
    assert not backup_path(path, 2).exists()

    sealed_again = path.read_bytes()
    derived.clear()
    again, image = Vault.open(path, "first passphrase")
    again.close()
    assert image == b"generation two"
    assert derived == [KdfParams()]
    assert path.read_bytes() == sealed_again

    restored, _ = Vault.open_with_recovery_code(path, code)
    restored.close()
    assert _slot_params(path) == {"passphrase": KdfParams(), "recovery": KdfParams()}


def test_a_read_only_unlock_or_parameters_never_a_default_are_left_as_they_are(path, fast_kdf, monkeypatch):
    vault, _ = Vault.create(path, "person-1", "first passphrase", OLD_DEFAULT_KDF)
    vault.save(b"image")
    vault.close()
    before = path.read_bytes()
    reader, _ = Vault.open(path, "first passphrase", write=False)
    reader.close()
    assert path.read_bytes() == before

    path.unlink()
    make(path, fast_kdf)[0].close()
    before = path.read_bytes()
    Vault.open(path, "first passphrase")[0].close()
    assert path.read_bytes() == before


def _allocated_while(work) -> int:  # noqa: ANN001 - a callable
    """The most memory Python had allocated beyond what it held before ``work`` ran."""
    import tracemalloc

    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        work()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


def test_saving_and_opening_copy_a_large_image_once(path, fast_kdf):
    # At thousands of entries the image is tens of megabytes, and every change saves it:
    # each extra copy is time and memory a person pays on every keystroke's save.
    image = os.urandom(8 * 1024 * 1024)
    vault, _ = make(path, fast_kdf)
    saved = _allocated_while(lambda: vault.save(image))
    assert saved < 1.2 * len(image), f"a save allocated {saved / len(image):.2f} images"
    vault.close()
    opened: list[bytes] = []
    read = _allocated_while(lambda: opened.append(Vault.open(path, "first passphrase", write=False)[1]))
    assert opened[0] == image
    # The body read from the file and the image decrypted from it; nothing else that size.
    assert read < 2.2 * len(image), f"an open allocated {read / len(image):.2f} images"
