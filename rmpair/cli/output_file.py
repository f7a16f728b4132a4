"""Where a command writes what it made: a file, or ``-`` for standard output.

A path is checked before the passphrase is asked (a file that exists, a folder that does
not), then written whole and readable by its owner only (``rmpair.reports.export``'s safe
writing). ``-`` sends the text to standard output, for a pipe or a screen reader.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

STDOUT = "-"


@dataclass(frozen=True)
class Output:
    path: Path | None
    """None: standard output."""
    force: bool = False

    @property
    def to_stdout(self) -> bool:
        return self.path is None

    def write(self, text: str) -> None:
        if self.path is None:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            sys.stdout.flush()
            return
        from rmpair.reports.export import ExportFileExists, write_export

        try:
            write_export(text, self.path, force=self.force)
        except ExportFileExists:  # it appeared while the passphrase was being typed
            raise ExportFileExists(exists_message(self.path)) from None


def exists_message(path: Path) -> str:
    return f"{path} already exists; nothing was written. Add --force to replace it, or choose another path."


def output(out: str, *, force: bool) -> Output:
    """Check ``--out`` before any work is done: ``-``, or a path rmpair may write."""
    if out == STDOUT:
        return Output(None)
    from rmpair.reports.export import ExportFileExists, check_export_path

    try:
        return Output(check_export_path(out, force=force), force)
    except ExportFileExists:
        raise ExportFileExists(exists_message(Path(out).expanduser())) from None
