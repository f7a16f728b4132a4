"""Reading passphrases and text for CLI commands.

At a terminal, passphrases are read without echo. When standard input is not a terminal
(a script, a screen reader's helper, a test), each passphrase is one line of standard
input, in the order the command asks for them.
"""

from __future__ import annotations

import getpass
import sys
from dataclasses import dataclass
from pathlib import Path

from rmpair.cli import CommandLineUsage
from rmpair.core.errors import RmpairError, UsageError

MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024


class PassphraseReader:
    def __init__(self) -> None:
        self.interactive = sys.stdin is not None and sys.stdin.isatty()

    def ask(self, prompt: str) -> str:
        if self.interactive:
            try:
                return getpass.getpass(f"{prompt}: ")
            except EOFError as error:
                raise RmpairError("No passphrase was given; nothing was changed.") from error
        line = sys.stdin.readline() if sys.stdin is not None else ""
        if not line:
            raise RmpairError(
                f"Expected a line on standard input for: {prompt}. Nothing was changed."
            )
        return line.rstrip("\r\n")

    def ask_new(self, who: str = "your") -> str:
        first = self.ask(f"New passphrase for {who}")
        second = self.ask("Type it again to confirm")
        if first != second:
            raise UsageError("The two passphrases differ; nothing was changed. Try again.")
        return first


STDIN = "-"


@dataclass(frozen=True)
class TextSource:
    """Where an entry's text comes from: the command line, a file, standard input (``--file -``,
    read after the passphrase lines) or the person's editor (``--edit``).

    A file is read when the source is made, before the passphrase is asked, so a missing file
    is said before anyone types anything; standard input and the editor are read after it."""

    given: str | None = None
    from_stdin: bool = False
    edit: bool = False

    @property
    def missing(self) -> bool:
        return self.given is None and not self.from_stdin and not self.edit

    def read(self, initial: str = "") -> str:
        """The text; ``initial`` is what the editor opens with."""
        if self.edit:
            from rmpair.cli.private_editor import edit_privately

            return edit_privately(initial)
        if self.from_stdin:
            return _read_stdin()
        if self.given is None:
            raise CommandLineUsage(MISSING_TEXT)
        return self.given


MISSING_TEXT = "Give the text as an argument, with --file PATH (- for standard input), or write it with --edit."


def text_source(text: str | None, file: str | None, edit: bool = False, *, required: bool = True) -> TextSource:
    """The one source of text the command line gives; two, or none where one is required,
    is a usage error (exit 2)."""
    given = sum((text is not None, file is not None, edit))
    if given > 1:
        raise CommandLineUsage("Give the text one way: as an argument, with --file, or with --edit.")
    if given == 0 and required:
        raise CommandLineUsage(MISSING_TEXT)
    if file == STDIN:
        return TextSource(from_stdin=True)
    if file is not None:
        return TextSource(given=_read_file(Path(file).expanduser()))
    return TextSource(given=text, edit=edit)


def _read_file(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_TEXT_FILE_BYTES:
            raise UsageError(f"{path} is larger than 64 MB; split it into smaller entries.")
        # Exactly as written, line ends included: text mode would turn CRLF into LF.
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError as error:
        raise UsageError(f"There is no file {path}.") from error
    except UnicodeDecodeError as error:
        raise UsageError(f"{path} is not UTF-8 text; save it as UTF-8 and try again.") from error
    except OSError as error:
        raise UsageError(f"Cannot read {path} ({error.strerror}).") from error


def _read_stdin() -> str:
    """The rest of standard input, after the passphrase lines, exactly as given."""
    stdin = sys.stdin
    if stdin is None:
        raise UsageError("There is no standard input to read the text from.")
    if stdin.isatty():
        print("Type the text, then press Ctrl+D on a line of its own.", file=sys.stderr, flush=True)
    try:
        text = stdin.read(MAX_TEXT_FILE_BYTES + 1)
    except UnicodeDecodeError:
        raise UsageError("Standard input is not UTF-8 text; nothing was saved.") from None
    if len(text) > MAX_TEXT_FILE_BYTES:
        raise UsageError("The text on standard input is larger than 64 MB; split it into smaller entries.")
    return text


def confirmed(question: str, *, yes: bool, refusal: str) -> bool:
    """True if ``--yes`` was given or the person answers yes at the terminal. Without a
    terminal to ask, ``refusal`` (what was not done, and to add --yes) is the problem."""
    if yes:
        return True
    if sys.stdin is None or not sys.stdin.isatty():
        raise RmpairError(refusal)
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        answer = ""
    return answer.strip().lower() in ("y", "yes")
