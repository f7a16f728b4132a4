"""The words the command line prints about the pair's records.

Written to be read line by line, by a person or a screen reader: the app's own words
("talking point", "private", "shared") spelled out in full, never a meaning carried only by
a symbol or a colour, and times in the reader's time zone, to the minute.
"""

from __future__ import annotations

from rmpair.core.moments import local_minute
from rmpair.core.vocabulary import ENTRY_KIND_WORDS

RATING_WORDS = {1: "strongly disagree", 2: "disagree", 3: "not sure", 4: "agree", 5: "strongly agree"}


def kind_word(kind: str, count: int = 1) -> str:
    """"talking point", or "talking points" for any count but one."""
    one, many = ENTRY_KIND_WORDS.get(kind, (kind.replace("-", " "), kind.replace("-", " ") + "s"))
    return one if count == 1 else many


def counted(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def visibility_word(private: bool) -> str:
    return "private" if private else "shared"


def meeting_words(number: int | None) -> str:
    return f"meeting {number}" if number else "no meeting"


def rating_words(rating: int | None) -> str:
    return f"{rating} of 5, {RATING_WORDS.get(rating, '')}".rstrip(", ") if rating else "not rated"


def when(moment) -> str:  # noqa: ANN001 - a datetime or None
    return local_minute(moment, missing="never")
