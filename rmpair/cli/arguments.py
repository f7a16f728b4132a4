"""Argument types the commands share: a wrong value is argparse's one-line usage error
(exit 2), never a traceback."""

from __future__ import annotations

import argparse

from rmpair.core.vocabulary import MEETING_COUNT

NONE_WORDS = ("none", "no", "-")


def meeting_number(value: str) -> int:
    """A meeting, 1 to 6."""
    number = int(value) if value.strip().isdigit() else 0
    if not 1 <= number <= MEETING_COUNT:
        raise argparse.ArgumentTypeError(f"'{value}' is not a meeting; give a number from 1 to {MEETING_COUNT}")
    return number


def meeting_or_none(value: str) -> int | None:
    """A meeting, or 'none' for no meeting."""
    if value.strip().lower() in NONE_WORDS:
        return None
    return meeting_number(value)


def positive_number(value: str) -> int:
    """A place in a numbered list, from 1."""
    if not value.strip().isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number from the list; they start at 1")
    return int(value)


def minutes(value: str) -> int:
    if not value.strip().isdigit() or not 1 <= int(value) <= 600:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of minutes from 1 to 600")
    return int(value)


def race_tags(value: str) -> list[str]:
    """Comma-separated RACE tags; the service checks each against the programme's."""
    return [tag.strip() for tag in value.split(",") if tag.strip()]
