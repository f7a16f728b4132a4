"""The vault's older generations: checking them, restoring one, and keeping their key
slots in step with the vault's.

``vault_write`` makes the backups as it saves; this module is what is done with them
afterwards, one generation at a time: ``rmpair check`` tries each with a passphrase,
``rmpair restore`` puts a good one back, and after a passphrase changes every older
generation (backups, and files a restore set aside) takes the new key slots, so an old
passphrase opens nothing here. None of it is needed to unlock or save a vault, which is
why it is apart from ``vault``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rmpair.core import crypto, paths, vault_write
from rmpair.core.crypto import DecryptionFailed
from rmpair.core.errors import RmpairError, WrongPassphrase
from rmpair.core.vault_format import MAX_PREFIX_BYTES, FormatError, Header, KeySlot, encode_prefix, split, split_prefix
from rmpair.core.vault_lock import VaultLock
from rmpair.core.vault_read import damaged, open_for_reading, read_whole, split_or_explain
from rmpair.core.vault_slots import KeyCache, open_slot
from rmpair.core.vault_write import BACKUP_GENERATIONS, backup_path, replace_whole, write_error, write_owner_only


@dataclass(frozen=True)
class GenerationReport:
    """What ``rmpair check`` says about the vault or one backup."""

    label: str
    path: Path
    good: bool
    detail: str
    saved_at: datetime | None
    newer: bool = False  # written by a newer rmpair: not damage, and not to be restored over
    # Whole as far as can be seen without a key (its header's checksum holds), but this
    # passphrase opens none of its key slots: not damage, and not to be restored over.
    unopened: bool = False


def retire_replaced_slots(path: Path, header: Header, vault_key: bytes) -> list[str]:
    """Give every older generation beside the vault (its backups, and files a restore set
    aside) the key slots of ``header`` in place of the ones it replaced.

    Every generation seals the same vault key and personal keys, so a backup that still
    held a person's old passphrase slot would give whoever knows that passphrase the keys
    to the newest writing too. A slot is matched by its kind and owner: an older
    generation gains no slot it did not have (one from before the partner joined stays
    without theirs), and its body, bound to its header, is re-sealed with the same vault
    key. Each file is replaced whole and atomically; one not reached (a crash, a full
    disk) is reached at the next save or writable open, which call this. Returns the files
    that could not be updated, each with a few words why.
    """
    current = {(slot.kind, slot.owner): slot for slot in header.slots}
    problems = []
    for older in _older_generations(path):
        try:
            _retire_replaced_slots_in(path, older, current, vault_key)
        except OSError as error:
            problems.append(f"{older.name} ({error.strerror or error})")
    return problems


def _older_generations(path: Path) -> list[Path]:
    files = [backup_path(path, generation) for generation in range(1, BACKUP_GENERATIONS + 1)]
    set_aside = re.compile(re.escape(path.name) + r"\.replaced(\.[0-9]+)?")
    try:
        files += sorted(p for p in path.parent.iterdir() if set_aside.fullmatch(p.name))
    except OSError:
        pass
    return files


def _retire_replaced_slots_in(
    vault_path: Path, older: Path, current: dict[tuple[str, str], KeySlot], vault_key: bytes
) -> None:
    try:
        file = older.open("rb")
    except FileNotFoundError:
        return
    with file:
        try:
            # Most saves find nothing to do: only the header is read for that.
            old_header, prefix = split_prefix(file.read(MAX_PREFIX_BYTES))
        except FormatError:
            return  # not a vault rmpair can read, so no passphrase opens it through rmpair
        slots = [current.get((slot.kind, slot.owner), slot) for slot in old_header.slots]
        if [slot.slot_id for slot in slots] == [slot.slot_id for slot in old_header.slots]:
            return
        file.seek(len(prefix))
        body = file.read()
        # Kept, so 'rmpair check' still says when this generation was saved.
        status = os.fstat(file.fileno())
    new_prefix = encode_prefix(Header(slots=slots))
    try:
        whole = crypto.seal_after(vault_key, new_prefix, crypto.open_sealed(vault_key, body, prefix))
    except DecryptionFailed:
        # Damaged already, so it cannot be re-sealed; its old slots still seal the keys,
        # so they go all the same.
        whole = new_prefix + body
    replace_whole(vault_path, older, whole, times_ns=(status.st_atime_ns, status.st_mtime_ns))


def generations(path: Path) -> Iterator[tuple[str, Path]]:
    """The vault and its backups, newest first, as (label, path)."""
    path = paths.vault_file(path)
    yield "vault", path
    for generation in range(1, BACKUP_GENERATIONS + 1):
        yield f"backup {generation}", backup_path(path, generation)


def check_generations(path: Path, passphrase: str) -> list[GenerationReport]:
    """Try to unlock the vault and each backup with one passphrase."""
    keys = KeyCache(passphrase)
    reports = []
    for label, candidate in generations(path):
        if not candidate.exists():
            if label == "vault":
                reports.append(GenerationReport(label, candidate, False, "missing", None))
            continue
        saved_at = datetime.fromtimestamp(candidate.stat().st_mtime)
        if not candidate.is_file():
            reports.append(GenerationReport(label, candidate, False, "not a file (a folder, a pipe or a device)", saved_at))
            continue
        try:
            data = candidate.read_bytes()
            header, prefix, body = split(data)
            opened = open_slot(header, keys, "passphrase")
            if opened is None:
                reports.append(
                    GenerationReport(
                        label, candidate, False, "this passphrase does not open it", saved_at, unopened=True
                    )
                )
                continue
            image = crypto.open_sealed(opened[1].vault_key, body, prefix)
        except FormatError as error:
            if error.newer_version is not None:
                detail = f"made by a newer rmpair (format {error.newer_version})"
                reports.append(GenerationReport(label, candidate, False, detail, saved_at, newer=True))
                continue
            reports.append(GenerationReport(label, candidate, False, f"damaged: {error.reason}", saved_at))
            continue
        except DecryptionFailed:
            reports.append(
                GenerationReport(label, candidate, False, "damaged: contents do not match", saved_at)
            )
            continue
        except OSError as error:
            reports.append(GenerationReport(label, candidate, False, f"unreadable: {error.strerror}", saved_at))
            continue
        if records_damaged(image):
            reports.append(GenerationReport(label, candidate, False, "damaged: " + DAMAGED_VERSIONS, saved_at))
            continue
        reports.append(GenerationReport(label, candidate, True, "good", saved_at))
    return reports


DAMAGED_VERSIONS = "its record of which laptop made each change is not what rmpair writes"


def records_damaged(image: bytes) -> bool:
    """Whether the database opens but holds versions no copy of rmpair writes: the
    partner's copy wrote them, so the file decrypts as a good one does. A database that
    does not open is left to unlocking, which says why in its own words."""
    import sqlite3

    from rmpair.core.database import Database
    from rmpair.core.record_versions import VersionsDamaged, check_versions

    try:
        database = Database.from_image(image)
    except RmpairError:
        return False
    try:
        check_versions(database.connection)
    except (VersionsDamaged, sqlite3.Error):
        return True
    finally:
        database.close()
    return False


def restore_backup(path: Path, generation: int, passphrase: str) -> Path | None:
    """Put backup ``generation`` back as the vault, after checking it opens.

    The vault being replaced is kept beside it as ``.replaced`` rather than deleted: it
    may be damaged, but it is still the person's data. A second restore keeps the first
    one's file too (``.replaced.2``, ``.replaced.3``, …). Returns the new file's path."""
    if not 1 <= generation <= BACKUP_GENERATIONS:
        raise RmpairError(f"There are backups 1 to {BACKUP_GENERATIONS}; choose one of those.")
    path = paths.vault_file(path)
    source = backup_path(path, generation)
    if not source.exists():
        raise RmpairError(f"There is no backup {generation} beside {path}. Run 'rmpair check' to list them.")
    lock = VaultLock(path)
    lock.acquire()
    try:
        data = read_whole(source)
        header, prefix, body = split_or_explain(source, data)
        keys = KeyCache(passphrase)
        opened = open_slot(header, keys, "passphrase")
        if opened is None:
            raise WrongPassphrase("That passphrase does not open this backup. Try again.")
        try:
            crypto.open_sealed(opened[1].vault_key, body, prefix)
        except DecryptionFailed as error:
            raise damaged(source, "its contents do not match their checksum") from error
        _refuse_to_replace_a_vault_in_use(path, keys)
        kept = None
        if path.exists():
            # Copy first and replace second, so the vault path is never empty.
            kept = path.with_name(path.name + ".replaced")
            number = 1
            while os.path.lexists(kept):
                number += 1
                kept = path.with_name(f"{path.name}.replaced.{number}")
            try:
                write_owner_only(kept, path.read_bytes())
            except OSError as error:
                raise write_error(path.parent, error) from error
        vault_write.write_generation(path, data, rotate_backups=False)
        return kept
    finally:
        lock.release()


def _refuse_to_replace_a_vault_in_use(path: Path, keys: KeyCache) -> None:
    """A restore is for a vault that is damaged or missing, or a roll-back asked for by
    someone it opens for. A vault whose header is whole but which this passphrase does not
    open is not damaged: the passphrase is not the one in use now (it was changed since
    the backup, say), and restoring would put older writing in place of newer."""
    try:
        with open_for_reading(path) as file:
            header, _ = split_prefix(file.read(MAX_PREFIX_BYTES))
    except (RmpairError, OSError, FormatError) as error:
        if isinstance(error, FormatError) and error.newer_version is not None:
            raise RmpairError(
                f"The vault {path} was written by a newer rmpair; restoring a backup over it "
                "would go back to older data. Update rmpair to open it; nothing was changed."
            ) from error
        return  # missing, unreadable or damaged: what a restore is for
    if open_slot(header, keys, "passphrase") is None:
        raise WrongPassphrase(
            f"The vault {path} is not damaged, and this passphrase does not open it: it is not "
            "the passphrase in use now. Restoring would put older writing in its place, so "
            "nothing was changed. Use your current passphrase."
        )
