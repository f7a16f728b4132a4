"""Reading the small text files a person keeps beside rmpair: settings and content packs.

rmpair did not write them, so they are read as untrusted input: a named pipe or a device
put where a file should be would make a plain read wait for ever or never end, and a huge
file would fill memory. Such a file is refused with a reason the caller can show, before
anything is read from it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnsuitableFile(Exception):
    """A file that is not a small, regular file; ``reason`` says why, in a few plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_small_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, if it is a regular file of at most ``limit`` bytes.

    Raises ``UnsuitableFile`` for a pipe, device, folder or larger file, and ``OSError`` as
    opening or reading does (a missing file is ``FileNotFoundError``)."""
    # Opening a named pipe to read waits for a writer, unless it is opened non-blocking.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsuitableFile("it is not a plain file (a folder, a pipe or a device)")
        if info.st_size > limit:
            raise UnsuitableFile(f"it is larger than {_size(limit)}")
        chunks = []
        total = 0
        while chunk := os.read(fd, 1 << 16):
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise UnsuitableFile(f"it is larger than {_size(limit)}")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
