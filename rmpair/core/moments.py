"""How a moment is shown to a person: in their own time zone, to the minute.

The vault stores times in UTC with microseconds, which is right for merging and wrong for
reading: "2026-01-05T10:12:33.123456+00:00" read aloud by a screen reader is a string of
numbers. Every face and every human-readable export says a time this one way.
"""

from __future__ import annotations

from datetime import datetime, timezone


def local_minute(moment: datetime | None, missing: str = "") -> str:
    """"2026-01-05 11:12" in the local time zone (a time without a zone is taken as UTC,
    as the vault stores it)."""
    if moment is None:
        return missing
    return local_time(moment, "%Y-%m-%d %H:%M")


def local_time(moment: datetime, form: str) -> str:
    """``moment`` in the local time zone, written with the ``strftime`` form ``form`` (a
    time without a zone is taken as UTC, as the vault stores it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone().strftime(form)
    except OverflowError:
        # A moment on the calendar's first or last day (only a damaged or hostile row holds
        # one) can have no local time: say it as stored, and say so.
        return moment.astimezone(timezone.utc).strftime(f"{form} UTC")
