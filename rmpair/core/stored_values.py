"""Values read back from the vault's database, which rmpair did not necessarily write.

Both people's copies of rmpair write the database inside the vault, and either copy may be
damaged, or changed by some other program: any column can hold any value SQLite can
store (a date that is not a date, a rating of 99, a meeting numbered 0 or a billion, NULL
where text belongs, bytes that are not UTF-8). The readers turn each stored value into the
kind of value the views promise. A value they cannot use either leaves its record out, or
is replaced by a safe default, as each reader decides for each field. Either way the
record is noted in ``StoredProblems``, so the person is told once, in one plain sentence
that quotes nothing from the record; and nothing here writes, so the stored value stays in
the vault as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable
from datetime import date, datetime, timezone
from typing import Any, TypeVar

T = TypeVar("T")


class Unreadable(ValueError):
    """A stored value that is not what rmpair writes in its column (a ValueError, as a
    parser's refusal is, for callers that convert one value and catch that)."""


def stored_time(value: Any) -> datetime:
    """A DATETIME column as the ORM writes it: UTC, without an offset in SQLite (a private
    entry's payload keeps the offset)."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise Unreadable from None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def stored_date(value: Any) -> date | None:
    """A DATE column: a date, or None where no date was set."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise Unreadable from None


def stored_text(value: Any) -> str:
    """A text column. A number where text belongs is its digits, and NULL is empty text:
    neither loses anything a person wrote. Bytes are text only if they are UTF-8."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            raise Unreadable from None
    raise Unreadable


def stored_id(value: Any) -> str:
    """A record's id: text rmpair can find the record by again."""
    if type(value) is not str or not value:
        raise Unreadable
    return value


def stored_number(value: Any, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``."""
    if type(value) is not int or not low <= value <= high:
        raise Unreadable
    return value


def stored_choice(value: Any, choices: frozenset[str] | tuple[str, ...]) -> str:
    """One of a fixed set of words, such as a role or a kind of entry."""
    if type(value) is not str or value not in choices:
        raise Unreadable
    return value


def stored_flag(value: Any) -> bool:
    """A BOOLEAN column (0 or 1 in SQLite), or a JSON true or false."""
    if value in (0, 1) and type(value) in (int, bool):
        return bool(value)
    raise Unreadable


def optional(value: Any, parse: Callable[..., T], *bounds: Any) -> T | None:
    """``parse(value, *bounds)`` for a column that may be NULL (which stays None)."""
    return None if value is None else parse(value, *bounds)


class Fields:
    """Reads the values of one record, remembering whether any was replaced by a default.

    ``required`` raises ``Unreadable`` (the caller leaves the record out); ``defaulted``
    returns the default instead and remembers it, so the record is noted once."""

    __slots__ = ("replaced",)

    def __init__(self) -> None:
        self.replaced = False

    def required(self, parse: Callable[..., T], value: Any, *bounds: Any) -> T:
        return parse(value, *bounds)

    def defaulted(self, parse: Callable[..., T], value: Any, *bounds: Any, default: T) -> T:
        try:
            return parse(value, *bounds)
        except Unreadable:
            self.replaced = True
            return default

    def text(self, value: Any) -> str:
        """Text a person wrote: never replaced, so it can never be lost by being saved again
        (see ``stored_text``); raises ``Unreadable`` when it is not text at all."""
        if type(value) is str:
            return value
        self.replaced = True
        return stored_text(value)


_PLURALS = {
    "entry": "entries",
    "meeting": "meetings",
    "agenda item": "agenda items",
    "action": "actions",
    "check-in rating": "check-in ratings",
    "goal": "goals",
    "person": "people",
    "programme record": "programme records",
}


class StoredProblems:
    """The records the readers left out or showed with a default, each counted once however
    often it is read, for one plain sentence the person is shown once."""

    def __init__(self) -> None:
        self._left_out: dict[str, set[Hashable]] = {}
        self._defaulted: dict[str, set[Hashable]] = {}
        self._told: tuple[dict[str, int], dict[str, int]] = ({}, {})

    def left_out(self, record: str, key: Hashable) -> None:
        self._left_out.setdefault(record, set()).add(key)

    def defaulted(self, record: str, key: Hashable) -> None:
        self._defaulted.setdefault(record, set()).add(key)

    def note(self, record: str, key: Hashable, fields: Fields) -> None:
        """Note ``record`` if any of its ``fields`` had to be replaced."""
        if fields.replaced:
            self.defaulted(record, key)

    def read(self, record: str, key: Hashable, build: Callable[[Fields], T]) -> T | None:
        """``build(fields)``, the view of one record read through ``fields``; None when it
        is left out. Either outcome other than a clean read is noted under ``key``."""
        fields = Fields()
        try:
            view = build(fields)
        except Unreadable:
            self.left_out(record, key)
            return None
        self.note(record, key, fields)
        return view

    def untold(self) -> str | None:
        """One sentence about what was found since the last time this was asked, or None."""
        counts = ({r: len(k) for r, k in self._left_out.items()}, {r: len(k) for r, k in self._defaulted.items()})
        if counts == self._told:
            return None
        self._told = counts
        return self.sentence()

    def sentence(self) -> str | None:
        """Everything found so far, as one sentence that quotes nothing from the records."""
        parts = []
        if self._left_out:
            parts.append(f"left out: {_counted(self._left_out)}")
        if self._defaulted:
            parts.append(f"shown with safe values in place of bad ones: {_counted(self._defaulted)}")
        if not parts:
            return None
        return (
            "Some of the vault's records hold values rmpair never writes, perhaps from a damaged "
            f"copy ({'; '.join(parts)}). The vault keeps them as they are."
        )


def _counted(records: dict[str, set[Hashable]]) -> str:
    words = [f"{len(keys)} {record if len(keys) == 1 else _PLURALS[record]}" for record, keys in records.items()]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def tolerant_rows(connection: sqlite3.Connection, sql: str, parameters: tuple = ()) -> list[tuple]:
    """``execute(sql).fetchall()``, except that text which is not UTF-8 arrives as bytes
    (for ``stored_text`` to refuse) instead of failing the whole query."""
    try:
        return connection.execute(sql, parameters).fetchall()
    except sqlite3.OperationalError as error:
        if "decode" not in str(error):
            raise
    # Only now: decoding every value in Python costs a third more on a large table.
    previous = connection.text_factory
    connection.text_factory = _text_or_bytes
    try:
        return connection.execute(sql, parameters).fetchall()
    finally:
        connection.text_factory = previous


def _text_or_bytes(raw: bytes) -> str | bytes:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw
