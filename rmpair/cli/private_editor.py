"""Writing an entry in the person's own editor, with the draft on disk as briefly as can be.

``--edit`` opens ``$VISUAL``, else ``$EDITOR`` (as git and jrnl do), on a file in a folder
of its own that only this user may enter (0700), made in memory-backed storage where there
is some (``$XDG_RUNTIME_DIR``, else ``/dev/shm``); where there is none rmpair says so, and
uses the temporary folder. The whole folder goes when the editor closes, with any swap or
backup file the editor made beside the draft: after a save, after an editor that fails, and
when rmpair is stopped (Ctrl+C, SIGTERM, or its terminal closing), in which case the editor
is stopped too and nothing is saved. A folder left by an rmpair killed outright (SIGKILL,
power loss) is removed by the next ``--edit``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rmpair.core.errors import RmpairError

FOLDER_PREFIX = "rmpair-edit-"
DRAFT_NAME = "entry.md"
MEMORY_FOLDERS = ("/dev/shm",)
"""Tried after ``$XDG_RUNTIME_DIR``, in order."""
_MEMORY_FILESYSTEMS = {"tmpfs", "ramfs"}
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
EDITOR_STOP_SECONDS = 5
_STOPPED = "stopped while the editor was open; nothing was saved, and the draft is gone."


def editor_command() -> list[str]:
    """The editor to run, as git finds it: ``$VISUAL``, then ``$EDITOR``."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                command = shlex.split(value)
            except ValueError as error:
                raise RmpairError(f"${variable} ({value}) cannot be read as a command: {error}.") from None
            if command:
                return command
    raise RmpairError(
        "No editor is set. Set VISUAL or EDITOR to one (for example: export EDITOR=nano), "
        "or give the text as an argument or with --file."
    )


def draft_base() -> tuple[Path, bool]:
    """Where the draft's folder goes, and whether that is memory-backed storage."""
    candidates = [os.environ.get("XDG_RUNTIME_DIR", ""), *MEMORY_FOLDERS]
    for candidate in candidates:
        if candidate and _usable(Path(candidate)) and _in_memory(Path(candidate)) is not False:
            return Path(candidate), True
    return Path(tempfile.gettempdir()), False


def _usable(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def _in_memory(folder: Path) -> bool | None:
    """Whether ``folder`` is on a memory-backed file system; None where that cannot be told
    (no /proc/self/mounts: such a system's own run-time folder is taken at its word)."""
    try:
        mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    resolved = str(folder.resolve())
    best, kind = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, parts[2]
    return kind in _MEMORY_FILESYSTEMS


def sweep_leftovers(base: Path) -> None:
    """Remove draft folders of this user's rmpair processes that no longer run."""
    try:
        candidates = list(base.glob(f"{FOLDER_PREFIX}*"))
    except OSError:
        return
    for folder in candidates:
        pid = folder.name[len(FOLDER_PREFIX):].split("-", 1)[0]
        try:
            info = folder.lstat()
        except OSError:
            continue
        if not pid.isdigit() or not folder.is_dir() or folder.is_symlink() or info.st_uid != os.getuid():
            continue
        if not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def edit_privately(initial: str) -> str:
    """Open the editor on ``initial`` and return what it saved; the draft is gone afterwards."""
    command = editor_command()
    with _stopped_by_signals():
        base, in_memory = draft_base()
        if not in_memory:
            print(
                f"rmpair: note: there is no memory-backed folder here, so the draft is kept in {base} "
                "on disk while the editor is open; it is removed afterwards.",
                file=sys.stderr,
            )
        sweep_leftovers(base)
        with _private_folder(base) as folder:
            draft = folder / DRAFT_NAME
            descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
                handle.write(initial)
            code = _run_editor([*command, str(draft)])
            if code != 0:
                raise RmpairError(
                    f"The editor ({command[0]}) stopped with an error (exit {code}); nothing was saved, "
                    "and the draft is gone."
                )
            try:
                return draft.read_bytes().decode("utf-8")
            except FileNotFoundError:
                raise RmpairError("The editor removed the draft; nothing was saved.") from None
            except UnicodeDecodeError:
                raise RmpairError(
                    "The editor saved the draft in another encoding than UTF-8; nothing was saved. "
                    "Set your editor to UTF-8 and try again."
                ) from None


@contextmanager
def _private_folder(base: Path) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-", dir=base))  # 0700
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if folder.exists():
            print(f"rmpair: could not remove the draft folder {folder}; remove it yourself.", file=sys.stderr)


class _Stop:
    """Turns SIGINT, SIGTERM and SIGHUP into KeyboardInterrupt, so the way out removes the
    draft as Ctrl+C does, except while the editor is being started: a stop raised inside
    ``subprocess.Popen`` after the editor began would leave it running unknown to us, still
    holding the terminal and our output. There the stop waits until the editor is known."""

    def __init__(self) -> None:
        self.holding = False
        self.held = False

    def __call__(self, signum: int, frame: object) -> None:
        if self.holding:
            self.held = True
            return
        raise KeyboardInterrupt(_STOPPED)

    @contextmanager
    def held_back(self) -> Iterator[None]:
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        if self.held:
            raise KeyboardInterrupt(_STOPPED)


_stop_signal = _Stop()


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    previous = {}
    for number in _STOP_SIGNALS:
        try:
            previous[number] = signal.signal(number, _stop_signal)
        except ValueError:  # not the main thread: signals stay as they are
            pass
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        _stop_signal.held = False


def _run_editor(command: list[str]) -> int:
    terminal = _terminal_for_editor()
    process = None
    try:
        with _stop_signal.held_back():
            try:
                process = subprocess.Popen(command, stdin=terminal)
            except OSError as error:
                raise RmpairError(f"The editor {command[0]} could not be started ({error.strerror}).") from None
        return process.wait()
    except BaseException:
        if process is not None:
            _stop(process)
        raise
    finally:
        if terminal is not None:
            terminal.close()


def _terminal_for_editor():  # noqa: ANN202 - a file or None
    """When passphrases came through a pipe, the editor still wants the keyboard."""
    if sys.stdin is not None and sys.stdin.isatty():
        return None
    try:
        return open("/dev/tty", "rb")  # noqa: SIM115 - closed by the caller
    except OSError:
        return None


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=EDITOR_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
