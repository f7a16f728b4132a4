"""The vault file on disk: unlock, save, back up, restore.

A vault is one file per pair. It is only ever replaced whole and atomically: the new
generation is written to a temporary file in the same folder, flushed and fsynced, the
previous generation becomes backup 1 (older ones shift down, three are kept), the
temporary file replaces the vault, and the folder is fsynced. At every instant the vault
path holds a complete, good generation. Temporary files are sealed like the vault
itself, so a crash never leaves plaintext behind.

A vault path may be a symbolic link: every function here works on the file the links
lead to (``paths.vault_file``), so saves, backups, the lock and restores all happen beside
the real file and the link keeps pointing at it. A link that leads nowhere is refused in
words rather than replaced by a new vault.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from rmpair.core import crypto, paths
from rmpair.core.crypto import DecryptionFailed, KdfParams
from rmpair.core.errors import (
    PassphraseInUse,
    RmpairError,
    VaultDamaged,
    VaultMissing,
    VaultWriteFailed,
    WrongPassphrase,
)
from rmpair.core.vault_format import MAX_PREFIX_BYTES, FormatError, Header, KeySlot, encode_prefix, split, split_prefix
from rmpair.core.vault_lock import VaultLock

BACKUP_GENERATIONS = 3
_TMP_MARK = ".tmp-"


def backup_path(vault_path: Path, generation: int) -> Path:
    return vault_path.with_name(f"{vault_path.name}.backup-{generation}")


def _tmp_prefix(vault_path: Path) -> str:
    return f".{vault_path.name}{_TMP_MARK}"


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


def _slot_aad(slot_id: str, kind: str, owner: str) -> bytes:
    return f"rmpair-slot|{slot_id}|{kind}|{owner}".encode()


def _make_slot(
    kind: str, owner: str, secret: str, contents: SlotContents, kdf: KdfParams, form: str = crypto.PASSPHRASE_FORM
) -> KeySlot:
    slot_id = secrets.token_hex(8)
    salt = crypto.random_salt()
    kek = crypto.derive_key(secret, salt, kdf, form)
    sealed = crypto.seal(kek, contents.to_bytes(), _slot_aad(slot_id, kind, owner))
    return KeySlot(slot_id=slot_id, kind=kind, owner=owner, salt=salt, kdf=kdf, sealed=sealed, form=form)


class _KeyCache:
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


def _slot_contents(slot: KeySlot, keys: _KeyCache) -> SlotContents | None:
    """What the slot seals, if the secret opens it."""
    kek = keys.derive(slot)
    try:
        raw = crypto.open_sealed(kek, slot.sealed, _slot_aad(slot.slot_id, slot.kind, slot.owner))
    except DecryptionFailed:
        return None
    try:
        return SlotContents.from_bytes(raw)
    except (ValueError, KeyError, TypeError):
        return None


def _open_slot(header: Header, keys: _KeyCache, kind: str) -> tuple[KeySlot, SlotContents] | None:
    for slot in header.slots:
        if slot.kind == kind and (contents := _slot_contents(slot, keys)) is not None:
            return slot, contents
    return None


PASSPHRASE_IN_USE = (
    "That passphrase already opens this vault (it is someone's passphrase or a recovery code "
    "here), so it could not tell who is unlocking; nothing was changed. Choose a different one."
)


def _damaged(path: Path, reason: str) -> VaultDamaged:
    return VaultDamaged(
        f"The vault {path} is damaged ({reason}). Run 'rmpair check' to see which "
        "backup is good, then 'rmpair restore --backup N'."
    )


def _read(path: Path) -> bytes:
    _refuse_special_file(path)
    try:
        return path.read_bytes()
    except FileNotFoundError as error:
        raise VaultMissing(
            f"There is no vault at {path}. Create one with 'rmpair init', or give the "
            "right path with --vault."
        ) from error
    except IsADirectoryError as error:
        raise VaultMissing(f"{path} is a folder, not a vault. Give the vault file with --vault.") from error
    except PermissionError as error:
        raise RmpairError(f"You do not have permission to read {path}. Check its owner and mode.") from error
    except OSError as error:
        raise RmpairError(f"Cannot read {path} ({error.strerror}).") from error


def _refuse_special_file(path: Path) -> None:
    """A named pipe or a device is not a vault: opening one to read could wait for ever."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # reading says plainly what is wrong
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise VaultMissing(f"{path} is not a vault file (it is a pipe or a device). Give the vault file with --vault.")


def _through_links(path: Path) -> Path:
    """The vault file ``path`` names (``paths.vault_file``). A link that leads to nothing is
    refused rather than replaced: the drive it leads to may simply not be connected."""
    real = paths.vault_file(path)
    if real != path and not real.exists():
        raise VaultMissing(
            f"{path} is a symbolic link to {real}, which does not exist. If it is on a drive that "
            "is not connected, connect it; rmpair does not make a vault through a link to nothing, "
            "so to start one there, give that path with --vault."
        )
    return real


@contextmanager
def _open_for_reading(path: Path) -> Iterator[BinaryIO]:
    _refuse_special_file(path)
    try:
        file = path.open("rb")
    except OSError:
        _read(path)  # raises the same plain message a whole read would
        raise
    with file:
        yield file


def _read_prefix(path: Path, file: BinaryIO) -> tuple[Header, bytes]:
    try:
        start = file.read(MAX_PREFIX_BYTES)
    except OSError as error:
        raise RmpairError(f"Cannot read {path} ({error.strerror}).") from error
    try:
        return split_prefix(start)
    except FormatError as error:
        raise _explain_format_error(path, error) from error


def _read_rest(path: Path, file: BinaryIO, offset: int) -> bytes:
    try:
        file.seek(offset)
        body = file.read()
    except OSError as error:
        raise RmpairError(f"Cannot read {path} ({error.strerror}).") from error
    if not body:
        raise _damaged(path, "the file is cut short")
    return body


def _explain_format_error(path: Path, error: FormatError) -> RmpairError:
    if error.newer_version is not None:
        return RmpairError(
            f"The vault {path} was written by a newer rmpair (format "
            f"{error.newer_version}). Update rmpair to open it; the file is untouched."
        )
    return _damaged(path, error.reason)


def _split_or_explain(path: Path, data: bytes) -> tuple[Header, bytes, bytes]:
    try:
        return split(data)
    except FormatError as error:
        raise _explain_format_error(path, error) from error


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
        path = _through_links(path)
        if path.exists():
            raise RmpairError(
                f"A vault already exists at {path}. Open it, or choose another path with --vault."
            )
        _ensure_folder(path.parent)
        lock = VaultLock(path)
        lock.acquire()
        contents = SlotContents(person_id, crypto.random_key(), crypto.random_key())
        owner = secrets.token_hex(8)
        recovery_code = crypto.new_recovery_code()
        header = Header(
            slots=[
                _make_slot("passphrase", owner, passphrase, contents, kdf),
                _make_slot("recovery", owner, recovery_code, contents, kdf),
            ]
        )
        return cls(path, header, contents, owner, lock), recovery_code

    @classmethod
    def adopt(cls, path: Path, header_bytes: bytes, passphrase: str) -> Vault:
        """A new vault file on this laptop with another laptop's key slots (from a pairing
        invite), opened with one of their passphrases; nothing is written until the first save."""
        path = _through_links(path)
        if os.path.lexists(path):
            raise RmpairError(
                f"A vault already exists at {path}. Pairing makes a new one: give another path with --vault."
            )
        try:
            header = Header.from_bytes(header_bytes)
        except FormatError as error:
            raise RmpairError(f"The invite's key slots are unreadable ({error.reason}).") from error
        opened = _open_slot(header, _KeyCache(passphrase), "passphrase")
        if opened is None:
            raise WrongPassphrase(
                "That passphrase opens no one's place in this invite. Type the passphrase of the person "
                "the invite was made for; nothing was created."
            )
        _ensure_folder(path.parent)
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
        path = _through_links(path)
        lock = VaultLock(path) if write else None
        if lock is not None:
            if not path.is_file():
                _read(path)  # says plainly what is missing, before a lock file is made
            # Read only once the lock is held, so no other writer can replace the file
            # between reading it and saving over it.
            lock.acquire()
        try:
            with _open_for_reading(path) as file:
                header, prefix = _read_prefix(path, file)
                if write:
                    _remove_leftover_temporaries(path)
                opened = _open_slot(header, _KeyCache(secret), kind)
                # The body is read only now: key derivation's 64 MiB and a large body
                # are never in memory at once. The open handle keeps this the same file.
                body = _read_rest(path, file, len(prefix))
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
                raise _damaged(path, "its contents do not match their checksum") from error
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
        fresh = _make_slot(slot.kind, slot.owner, secret, self._keys(), params, slot.form)
        header = Header(slots=[fresh if existing is slot else existing for existing in self.header.slots])
        prefix = encode_prefix(header)
        try:
            sealed = crypto.seal(self._keys().vault_key, image, prefix)
            write_generation(self.path, prefix + sealed, rotate_backups=False)
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
        self._refuse_a_way_in_already_here(passphrase)
        kdf = kdf or self._current_kdf()
        contents = SlotContents(person_id, self._keys().vault_key, personal_key or crypto.random_key())
        owner = secrets.token_hex(8)
        recovery_code = crypto.new_recovery_code()
        self.header.slots.append(_make_slot("passphrase", owner, passphrase, contents, kdf))
        self.header.slots.append(_make_slot("recovery", owner, recovery_code, contents, kdf))
        return recovery_code

    def change_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        """Re-seal this person's keys under a new passphrase; the data is not re-encrypted
        beyond the usual save, and the recovery code stays valid."""
        kept, replaced = [], []
        for slot in self.header.slots:
            (replaced if slot.kind == "passphrase" and slot.owner == self.owner else kept).append(slot)
        self._refuse_a_way_in_already_here(new_passphrase, replacing=replaced)
        kdf = kdf or self._current_kdf()
        self.header.slots = kept + [_make_slot("passphrase", self.owner, new_passphrase, self._keys(), kdf)]

    def _refuse_a_way_in_already_here(self, secret: str, replacing: list[KeySlot] | None = None) -> None:
        """Unlocking takes the first slot a passphrase opens: a new passphrase that opened
        another person's slot would unlock as them from then on, and one that opened a
        recovery slot would blur which secret is which. This costs one key derivation per
        slot, the price of one unlock attempt, which a person holding the file can make
        offline anyway."""
        keys = _KeyCache(secret)
        # A recovery code is taken in any case with any separators: typed another way,
        # it is still the code, and a passphrase equal to it would be the code itself.
        as_code = _KeyCache(crypto.normalise_recovery_code(secret)) if crypto.is_recovery_code(secret) else None
        for slot in self.header.slots:
            if any(slot is old for old in replacing or ()):
                continue
            if _slot_contents(slot, keys) is not None:
                raise PassphraseInUse(PASSPHRASE_IN_USE)
            if as_code is not None and slot.kind == "recovery" and _slot_contents(slot, as_code) is not None:
                raise PassphraseInUse(PASSPHRASE_IN_USE)

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
        sealed = crypto.seal(self._keys().vault_key, image, prefix)
        write_generation(self.path, prefix + sealed)
        self.outdated_generations = retire_replaced_slots(self.path, self.header, self._keys().vault_key)

    def close(self) -> None:
        """Drop the keys and release the lock. Python cannot wipe memory it has copied,
        but nothing here keeps a reference once this returns."""
        self._contents = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None


# -- the file, generations and backups -------------------------------------------------------


def _ensure_folder(folder: Path) -> None:
    try:
        paths.make_private_folder(folder)
    except OSError as error:
        raise _write_error(folder, error) from error


def _write_error(where: Path, error: OSError) -> VaultWriteFailed:
    if error.errno == errno.ENOSPC or error.errno == errno.EDQUOT:
        return VaultWriteFailed(
            "The disk is full, so the change was not saved; it is still here. Free some "
            "space and try again. The vault on disk is untouched."
        )
    if error.errno == errno.EFBIG:
        return VaultWriteFailed(
            "The vault has grown past the largest file this computer lets rmpair write (a "
            "file-size limit), so the change was not saved; it is still here. Raise the limit "
            "(ulimit -f) and try again. The vault on disk is untouched."
        )
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return VaultWriteFailed(
            f"Cannot write in {where} ({error.strerror}). Check the folder's permissions, "
            "or choose another with --vault. The vault on disk is untouched."
        )
    return VaultWriteFailed(
        f"Saving to {where} failed ({error.strerror or error}). The change is still here; "
        "try again. The vault on disk is untouched."
    )


def write_generation(path: Path, data: bytes, *, rotate_backups: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically, keeping earlier generations as backups."""

    def rotate() -> None:
        if rotate_backups and path.exists():
            _rotate_backups(path)

    try:
        _replace_whole(path, path, data, before_rename=rotate)
    except OSError as error:
        raise _write_error(path.parent, error) from error


def _replace_whole(
    vault_path: Path,
    target: Path,
    data: bytes,
    before_rename: Callable[[], None] | None = None,
    times_ns: tuple[int, int] | None = None,
) -> None:
    """Write ``data`` to a temporary file beside the vault, flush it, and rename it over
    ``target``: a reader sees the old file or the new one, never a mix. The temporary
    file is named so the vault's next writer removes it if this one dies. ``times_ns``
    (access, modification) are given to the new file."""
    folder = target.parent
    tmp = folder / f"{_tmp_prefix(vault_path)}{secrets.token_hex(6)}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if times_ns is not None:
            os.utime(tmp, ns=times_ns)
        if before_rename is not None:
            before_rename()
        os.replace(tmp, target)
        _fsync_folder(folder)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise


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
        body = crypto.seal(vault_key, crypto.open_sealed(vault_key, body, prefix), new_prefix)
    except DecryptionFailed:
        # Damaged already, so it cannot be re-sealed; its old slots still seal the keys,
        # so they go all the same.
        pass
    _replace_whole(vault_path, older, new_prefix + body, times_ns=(status.st_atime_ns, status.st_mtime_ns))


def _rotate_backups(path: Path) -> None:
    newest = backup_path(path, 1)
    if _same_contents(path, newest):
        # An earlier save made this backup and then failed to replace the vault: the
        # vault is still that generation, so shifting again would push a real older
        # generation out for a second copy of this one.
        return
    # A hard link makes the current generation backup 1 without copying it; where the
    # file system has no hard links, a copy does the same job. It is made before any
    # backup shifts, so a failure here leaves the backups as they were.
    staging = path.with_name(f"{_tmp_prefix(path)}link-{secrets.token_hex(4)}")
    try:
        try:
            os.link(path, staging)
        except OSError:
            write_owner_only(staging, path.read_bytes())
        for generation in range(BACKUP_GENERATIONS, 1, -1):
            older = backup_path(path, generation - 1)
            if older.exists():
                os.replace(older, backup_path(path, generation))
        os.replace(staging, newest)
    finally:
        try:
            staging.unlink(missing_ok=True)
        except OSError:
            pass


def write_owner_only(target: Path, data: bytes) -> None:
    """A new file of sealed bytes (a copy of the vault, changes held past a lock), readable
    by its owner only like the vault itself: a copy others can read would let them guess
    passphrases offline. A file left half-written by a failure is removed."""
    # A new file, never one already there: a link planted at the name would lead the
    # copy somewhere else.
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        try:
            target.unlink()
        except OSError:
            pass
        raise
    os.close(fd)


def _same_contents(first: Path, second: Path) -> bool:
    """Whether two files hold the same bytes (generations differ early: each seal has a
    fresh nonce, so this usually reads one block)."""
    try:
        if os.path.samefile(first, second):
            return True
        if first.stat().st_size != second.stat().st_size:
            return False
        with first.open("rb") as a, second.open("rb") as b:
            while True:
                block = a.read(1 << 16)
                if block != b.read(1 << 16):
                    return False
                if not block:
                    return True
    except OSError:
        return False


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on folders; the rename is still atomic
    finally:
        os.close(fd)


def _remove_leftover_temporaries(path: Path) -> None:
    """A save killed midway leaves a sealed temporary file; the next writer tidies it."""
    prefix = _tmp_prefix(path)
    try:
        leftovers = [p for p in path.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return
    for leftover in leftovers:
        try:
            leftover.unlink()
        except OSError:
            pass


def generations(path: Path) -> Iterator[tuple[str, Path]]:
    """The vault and its backups, newest first, as (label, path)."""
    path = paths.vault_file(path)
    yield "vault", path
    for generation in range(1, BACKUP_GENERATIONS + 1):
        yield f"backup {generation}", backup_path(path, generation)


def check_generations(path: Path, passphrase: str) -> list[GenerationReport]:
    """Try to unlock the vault and each backup with one passphrase."""
    keys = _KeyCache(passphrase)
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
            opened = _open_slot(header, keys, "passphrase")
            if opened is None:
                reports.append(
                    GenerationReport(
                        label, candidate, False, "this passphrase does not open it", saved_at, unopened=True
                    )
                )
                continue
            crypto.open_sealed(opened[1].vault_key, body, prefix)
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
        reports.append(GenerationReport(label, candidate, True, "good", saved_at))
    return reports


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
        data = _read(source)
        header, prefix, body = _split_or_explain(source, data)
        keys = _KeyCache(passphrase)
        opened = _open_slot(header, keys, "passphrase")
        if opened is None:
            raise WrongPassphrase("That passphrase does not open this backup. Try again.")
        try:
            crypto.open_sealed(opened[1].vault_key, body, prefix)
        except DecryptionFailed as error:
            raise _damaged(source, "its contents do not match their checksum") from error
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
                raise _write_error(path.parent, error) from error
        write_generation(path, data, rotate_backups=False)
        return kept
    finally:
        lock.release()


def _refuse_to_replace_a_vault_in_use(path: Path, keys: _KeyCache) -> None:
    """A restore is for a vault that is damaged or missing, or a roll-back asked for by
    someone it opens for. A vault whose header is whole but which this passphrase does not
    open is not damaged: the passphrase is not the one in use now (it was changed since
    the backup, say), and restoring would put older writing in place of newer."""
    try:
        with _open_for_reading(path) as file:
            header, _ = split_prefix(file.read(MAX_PREFIX_BYTES))
    except (RmpairError, OSError, FormatError) as error:
        if isinstance(error, FormatError) and error.newer_version is not None:
            raise RmpairError(
                f"The vault {path} was written by a newer rmpair; restoring a backup over it "
                "would go back to older data. Update rmpair to open it; nothing was changed."
            ) from error
        return  # missing, unreadable or damaged: what a restore is for
    if _open_slot(header, keys, "passphrase") is None:
        raise WrongPassphrase(
            f"The vault {path} is not damaged, and this passphrase does not open it: it is not "
            "the passphrase in use now. Restoring would put older writing in its place, so "
            "nothing was changed. Use your current passphrase."
        )
