"""The words the command line prints about the pair's records.

Written to be read line by line, by a person or a screen reader: the app's own words
("talking point", "private", "shared") spelled out in full, never a meaning carried only by
a symbol or a colour, and times in the reader's time zone, to the minute.
"""

from __future__ import annotations

from rmpair.core.moments import local_minute
from rmpair.core.vocabulary import kind_word

__all__ = ["kind_word", "counted", "flowed", "visibility_word", "meeting_words", "rating_words", "when"]

RATING_WORDS = {1: "strongly disagree", 2: "disagree", 3: "not sure", 4: "agree", 5: "strongly agree"}


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


def flowed(text: str) -> str:
    """Content files wrap their paragraphs by hand; the terminal or screen reader re-flows them."""
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in text.strip().split("\n\n"))
