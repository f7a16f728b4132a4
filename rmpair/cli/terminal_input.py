"""Reading passphrases and text for CLI commands.

At a terminal, passphrases are read without echo. When standard input is not a terminal
(a script, a screen reader's helper, a test), each passphrase is one line of standard
input, in the order the command asks for them.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from rmpair.core.errors import RmpairError, UsageError

MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024


class PassphraseReader:
    def __init__(self) -> None:
        self.interactive = sys.stdin is not None and sys.stdin.isatty()

    def ask(self, prompt: str) -> str:
        try:
            return _utf8_only(self._read(prompt))
        except (UnicodeDecodeError, UnicodeEncodeError):
            # Undecodable bytes arrive as an error (a UTF-8 locale) or as lone surrogates
            # (the C locale), which no key derivation can take; neither is worth a traceback.
            raise RmpairError(
                f"What was given for '{prompt}' is not UTF-8 text. Nothing was changed; "
                "give the passphrase as UTF-8 text."
            ) from None

    def _read(self, prompt: str) -> str:
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


def _utf8_only(text: str) -> str:
    text.encode("utf-8")  # raises for lone surrogates
    return text


def read_text_argument(text: str | None, file: str | None) -> str:
    """Entry text from the command line or from --file, but not both."""
    if text is not None and file is not None:
        raise UsageError("Give the text or --file, not both.")
    if file is not None:
        path = Path(file).expanduser()
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
    if text is None:
        raise UsageError("Give the entry's text, or --file PATH.")
    return text
