"""A passphrase typed twice, with a plain-words hint about its strength.

Used when a vault is created, when the partner joins and when a passphrase is reset with
the recovery code, always inside a ``PassphraseForm``, which moves on from the first field
to the second on Enter. The hint encourages a few unrelated words rather than symbol soup,
because that is what people remember.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from rmpair.tui import messages

# The service enforces the same minimum (rmpair.core.service.MIN_PASSPHRASE_LENGTH); it is
# repeated here because this screen must paint before the service module is imported.
# A test keeps the two equal.
MIN_PASSPHRASE_LENGTH = 8

_TOO_EASY = {"password", "passphrase", "12345678", "123456789", "qwertyui", "iloveyou", "letmein1"}


def passphrase_hint(passphrase: str) -> str:
    length = len(passphrase)
    words = len(passphrase.split())
    if length == 0:
        return f"At least {MIN_PASSPHRASE_LENGTH} characters. A few unrelated words are best."
    if length < MIN_PASSPHRASE_LENGTH:
        missing = MIN_PASSPHRASE_LENGTH - length
        return f"Too short: {missing} more character{'s' if missing > 1 else ''} needed."
    if passphrase.casefold().replace(" ", "") in _TOO_EASY or len(set(passphrase)) <= 2:
        return "Too easy to guess: choose something that is not on a list of common passwords."
    if words >= 4 or length >= 20:
        return "Strength: strong."
    if words >= 3 or length >= 14:
        return "Strength: good."
    return "Strength: fair. Another word or two would make it much stronger."


def passphrase_problem(passphrase: str, again: str) -> str | None:
    """What is wrong with the pair of entries, in one sentence, or None if they will do."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return f"A passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters."
    if passphrase != again:
        return messages.PASSPHRASES_DIFFER
    return None


class PassphraseFields(Vertical):
    """Two masked inputs and a hint; ``value`` is the passphrase once ``problem()`` is None."""

    DEFAULT_CSS = """
    PassphraseFields {
        height: auto;
        & .passphrase-hint { color: $text-muted; height: auto; }
        & .passphrase-match { color: $text-muted; height: auto; }
    }
    """

    def __init__(self, label: str = messages.PASSPHRASE_LABEL, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._label = label

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="field-label")
        yield Input(password=True, id="passphrase", placeholder="passphrase")
        yield Static(passphrase_hint(""), classes="passphrase-hint", id="passphrase-hint")
        yield Label(messages.PASSPHRASE_AGAIN_LABEL, classes="field-label")
        yield Input(password=True, id="passphrase-again", placeholder="the same passphrase again")
        yield Static("", classes="passphrase-match", id="passphrase-match")

    @property
    def value(self) -> str:
        return self.query_one("#passphrase", Input).value

    @property
    def again(self) -> str:
        return self.query_one("#passphrase-again", Input).value

    def problem(self) -> str | None:
        return passphrase_problem(self.value, self.again)

    def clear(self) -> None:
        for field in self.query(Input):
            field.value = ""

    @on(Input.Changed)
    def _update_hints(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one("#passphrase-hint", Static).update(passphrase_hint(self.value))
        match = ""
        if self.again:
            match = "✓ Both the same." if self.again == self.value else "✗ Not the same yet."
        self.query_one("#passphrase-match", Static).update(match)
