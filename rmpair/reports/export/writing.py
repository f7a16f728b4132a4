"""Writing an export to disk without ever leaving half a file, or a file others can read.

An export is the one thing rmpair writes unencrypted, so the file is its owner's alone
(mode 0600) from the moment it exists, it appears whole or not at all, an existing file is
replaced only when asked, and a folder is never created unasked. ``check_export_path``
refuses a path before any work (or passphrase) is spent on it.

No UI import here.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from rmpair.reports.export.document import ExportError, ExportFileExists, ExportFolderMissing

EXPORT_FILE_MODE = 0o600

UNENCRYPTED_WARNING = (
    "The export will NOT be encrypted: anyone who can open the file can read everything in it. "
    "Keep it somewhere only you can reach, and delete it when you no longer need it."
)


def _exists(path: Path) -> ExportFileExists:
    return ExportFileExists(f"{path} already exists; nothing was written. Choose another path, or ask to replace it.")


def check_export_path(out_path: str | os.PathLike[str], *, force: bool) -> Path:
    """Refuse a path we would not write to, before any work (or passphrase) is spent."""
    path = Path(out_path).expanduser()
    if path.name in ("", ".", ".."):
        raise ExportError(f"{out_path} is not a file name; give a path such as pair-export.md.")
    parent = path.parent
    if not parent.is_dir():
        if parent.exists():
            raise ExportFolderMissing(f"{parent} is not a folder; choose a path inside a folder.")
        raise ExportFolderMissing(
            f"The folder {parent} does not exist; create it first or choose another path. Nothing was written."
        )
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name inside it, such as {path / 'pair-export.md'}.")
    if os.path.lexists(path) and not force:
        raise _exists(path)
    return path


def write_export(text: str, out_path: str | os.PathLike[str], *, force: bool) -> None:
    """Write ``text`` to exactly ``out_path``, readable by its owner only (mode 0600).

    The text goes to a temporary file in the same folder, which then takes the final name
    in one step, so a reader never sees half a file and a failure leaves nothing behind.
    Without ``force`` an existing file is never replaced, even one that appears while we
    write. A missing folder is an error: we do not create folders.
    """
    path = check_export_path(out_path, force=force)
    data = text.encode("utf-8")
    try:
        # mkstemp creates the file with mode 0600 and refuses to reuse an existing name.
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise ExportError(f"Cannot write in {path.parent} ({error.strerror}); nothing was written.") from error
    temp = Path(temp_name)
    try:
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temp, EXPORT_FILE_MODE)
            if force:
                os.replace(temp, path)
            else:
                _place_without_replacing(temp, path)
        except ExportError:
            raise
        except OSError as error:
            raise ExportError(f"Cannot write {path} ({error.strerror}); nothing was written.") from error
    finally:
        if temp.exists():
            temp.unlink()


def _place_without_replacing(temp: Path, path: Path) -> None:
    # A hard link takes the name only if it is free, in one step; where the file system
    # has no hard links, check and rename (a file appearing in between is then replaced).
    try:
        os.link(temp, path)
    except FileExistsError:
        raise _exists(path) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        if os.path.lexists(path):
            raise _exists(path) from None
        os.replace(temp, path)
    else:
        temp.unlink()
