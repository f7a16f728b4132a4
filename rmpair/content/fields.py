"""Checking one TOML table's fields: ``Fields`` reads each as the kind it must be (text, an
id, a whole number in range, a role, meetings, a list) and records a plain problem, naming
what to write instead, for each that is not; ``Skip`` leaves out an item that cannot do
without one. Also the small text helpers the readers share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rmpair.content.model import MEETING_NUMBERS, ROLE_WORDS, ROLES
from rmpair.content.places import Where
from rmpair.core.visible_text import has_control

# A stable id is what saved notes point at, so keep it to characters that survive
# copying between files, shells and URLs.
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class Skip(Exception):
    """An item is missing something it cannot do without; the reason is already recorded."""


class Fields:
    """Reads one table's fields, recording a problem for each thing that is wrong."""

    def __init__(self, table: Mapping[str, Any], where: Where, what: str, known: Sequence[str]) -> None:
        self.table = table
        self.where = where
        self.what = what
        for key in table:
            if key not in known:
                where.problem(
                    f"{what} has a field '{key}' that rmpair does not know, so it was ignored — "
                    f"check the spelling; the fields it can have are {join_words(known, 'and')}",
                    key=key,
                )

    def text(self, key: str, *, required: bool, example: str = "...") -> str:
        value = self.table.get(key)
        if value is None:
            if required:
                self.where.problem(
                    f"{self.what} has no '{key}', so it was skipped — add a line {key} = \"{example}\""
                )
                raise Skip
            return ""
        if not isinstance(value, str):
            self.where.problem(
                f"'{key}' in {self.what} must be text in quotes, so it was skipped — "
                f"write {key} = \"{example}\"",
                key=key,
            )
            raise Skip
        self._refuse_control_characters(key, [value])
        tidied = tidy_text(value)
        if required and not tidied:
            self.where.problem(
                f"'{key}' in {self.what} is empty, so it was skipped — write something between the quotes",
                key=key,
            )
            raise Skip
        return tidied

    def identifier(self, key: str = "id") -> str:
        value = self.text(key, required=True, example="a-short-name")
        if not _ID_PATTERN.match(value):
            self.where.problem(
                f"'{value}' cannot be used as an id, so {self.what} was skipped — use lower-case "
                "letters, digits, dots and dashes only, such as \"resistance.first-time\"",
                key=key,
            )
            raise Skip
        return value

    def whole_number(self, key: str, *, required: bool, low: int, high: int, default: int = 0) -> int:
        value = self.table.get(key)
        if value is None:
            if required:
                self.where.problem(
                    f"{self.what} has no '{key}', so it was skipped — add a line {key} = {low}"
                )
                raise Skip
            return default
        if not is_int(value) or not low <= value <= high:
            self.where.problem(
                f"'{key}' in {self.what} is {value!r} but must be a whole number from {low} to {high}, "
                f"so it was skipped — write a number such as {key} = {low}, without quotes",
                key=key,
            )
            raise Skip
        return int(value)

    def flag(self, key: str) -> bool:
        value = self.table.get(key, False)
        if not isinstance(value, bool):
            self.where.problem(
                f"'{key}' in {self.what} must be true or false, so it was taken as false — "
                f"write {key} = true or leave the line out",
                key=key,
            )
            return False
        return value

    def roles(self, key: str = "role") -> tuple[str, ...]:
        value = self.table.get(key, "both")
        if value not in ROLE_WORDS:
            self.where.problem(
                f"'{key}' in {self.what} is {value!r}, which is not a role, so it was skipped — "
                f'write {key} = "mentor", "mentee" or "both"',
                key=key,
            )
            raise Skip
        return ROLES if value == "both" else (value,)

    def meetings(self, key: str = "meetings") -> tuple[int, ...]:
        value = self.table.get(key)
        if value is None:
            self.where.problem(
                f"{self.what} has no '{key}', so it was skipped — list the meetings it fits, "
                f'such as {key} = [2, 3], or write {key} = "all"'
            )
            raise Skip
        if value == "all":
            return tuple(MEETING_NUMBERS)
        numbers = value if isinstance(value, list) else [value]
        wrong = [n for n in numbers if not is_int(n) or n not in MEETING_NUMBERS]
        if not numbers or wrong:
            shown = join_words(repr(n) for n in wrong) if wrong else "an empty list"
            self.where.problem(
                f"'{key}' in {self.what} has {shown}, but meetings are numbered 1 to 6, so it was "
                f'skipped — write a list such as {key} = [2, 3], or {key} = "all"',
                key=key,
            )
            raise Skip
        return tuple(sorted(set(numbers)))

    def text_list(self, key: str, *, required: bool) -> tuple[str, ...]:
        value = self.table.get(key)
        if value is None:
            if required:
                self.where.problem(
                    f"{self.what} has no '{key}', so it was skipped — add a list such as "
                    f'{key} = ["First", "Second"]'
                )
                raise Skip
            return ()
        all_text = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
        if not value or not all_text:
            self.where.problem(
                f"'{key}' in {self.what} must be a list of quoted text, so it was skipped — write "
                f'{key} = ["First", "Second"]',
                key=key,
            )
            raise Skip
        self._refuse_control_characters(key, value)
        return tuple(tidy_text(v) for v in value)

    def _refuse_control_characters(self, key: str, values: Sequence[str]) -> None:
        # A folder of content may come from anyone; ESC, BEL and the C1 range in it would
        # be obeyed by the terminal that shows it (clear the screen, write the clipboard).
        # A Windows line end is only a line end.
        if any(has_control(value.replace("\r\n", "\n")) for value in values):
            self.where.problem(
                f"'{key}' in {self.what} holds a control character (such as ESC or BEL) that a terminal "
                "would obey, so it was skipped — remove it, or write it out in words",
                key=key,
            )
            raise Skip

    def children(self, key: str, *, noun: str) -> list[tuple[dict[str, Any], Where]]:
        value = self.table.get(key)
        tables = as_tables(value) if value is not None else None
        if not tables:
            self.where.problem(
                f"{self.what} has no {noun}s, so it was skipped — add at least one "
                f"[[{self.where.section}.{key}]] block below it"
            )
            raise Skip
        return [(t, self.where.child(key, i, len(tables))) for i, t in enumerate(tables)]


def is_int(value: Any) -> bool:
    # TOML's true/false arrive as bool, which Python also counts as an int.
    return isinstance(value, int) and not isinstance(value, bool)


def join_words(words: Iterable[str], conjunction: str = "or") -> str:
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def tidy_text(value: str) -> str:
    """Join wrapped lines into paragraphs; a blank line in the file starts a new paragraph."""
    paragraphs = re.split(r"\n\s*\n", value.strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines() if line.strip()) for p in paragraphs)


def as_tables(value: Any) -> list[dict[str, Any]] | None:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return value
    return None
