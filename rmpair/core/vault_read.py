"""Reading a vault file from disk, and saying in words what is wrong with one.

Everything between a path someone gave and the bytes of a vault: following symbolic links
to the real file, refusing pipes and devices, reading the header before the body, and
turning a missing, unreadable, damaged or too-new file into one plain sentence. Unlocking
(``vault``) and restoring a backup (``vault_backups``) read files the same way, so the
reading and its messages live here rather than in either; nothing here writes.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from rmpair.core import paths
from rmpair.core.errors import RmpairError, VaultDamaged, VaultMissing
from rmpair.core.vault_format import MAX_PREFIX_BYTES, FormatError, Header, split, split_prefix


def damaged(path: Path, reason: str) -> VaultDamaged:
    return VaultDamaged(
        f"The vault {path} is damaged ({reason}). Run 'rmpair check' to see which "
        "backup is good, then 'rmpair restore --backup N'."
    )


def read_whole(path: Path) -> bytes:
    refuse_special_file(path)
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


def refuse_special_file(path: Path) -> None:
    """A named pipe or a device is not a vault: opening one to read could wait for ever."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # reading says plainly what is wrong
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise VaultMissing(f"{path} is not a vault file (it is a pipe or a device). Give the vault file with --vault.")


def through_links(path: Path) -> Path:
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
def open_for_reading(path: Path) -> Iterator[BinaryIO]:
    refuse_special_file(path)
    try:
        file = path.open("rb")
    except OSError:
        read_whole(path)  # raises the same plain message a whole read would
        raise
    with file:
        yield file


def read_prefix(path: Path, file: BinaryIO) -> tuple[Header, bytes]:
    try:
        start = file.read(MAX_PREFIX_BYTES)
    except OSError as error:
        raise RmpairError(f"Cannot read {path} ({error.strerror}).") from error
    try:
        return split_prefix(start)
    except FormatError as error:
        raise explain_format_error(path, error) from error


def read_rest(path: Path, file: BinaryIO, offset: int) -> bytes:
    try:
        file.seek(offset)
        body = file.read()
    except OSError as error:
        raise RmpairError(f"Cannot read {path} ({error.strerror}).") from error
    if not body:
        raise damaged(path, "the file is cut short")
    return body


def explain_format_error(path: Path, error: FormatError) -> RmpairError:
    if error.newer_version is not None:
        return RmpairError(
            f"The vault {path} was written by a newer rmpair (format "
            f"{error.newer_version}). Update rmpair to open it; the file is untouched."
        )
    return damaged(path, error.reason)


def split_or_explain(path: Path, data: bytes) -> tuple[Header, bytes, bytes]:
    try:
        return split(data)
    except FormatError as error:
        raise explain_format_error(path, error) from error
