"""The six meetings as an iCalendar file, so the pair can put the dates in their own calendars.

Nothing either person wrote goes in: no names, no agenda items (the pair may have reworded
them), no entries. Each event is the meeting's day (held, else planned), titled with the
programme's own words for it. Its UID comes from the pair's random id and the meeting's
number, so importing a newer file moves the event instead of adding a second one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta, timezone

from rmpair.core.views import MeetingView

PRODUCT = "-//rmpair//rmpair meetings//EN"


def meeting_day(meeting: MeetingView) -> date | None:
    return meeting.held_date if meeting.held and meeting.held_date else meeting.planned_date


def meetings_calendar(
    meetings: Sequence[MeetingView], pair_id: str, titles: Mapping[int, str], *, stamp: datetime | None = None
) -> bytes:
    """``titles``: the content pack's title of each meeting's agenda, where it has one."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Reverse mentoring meetings")
    stamp = stamp or datetime.now(timezone.utc)
    for meeting in meetings:
        day = meeting_day(meeting)
        if day is None:
            continue
        event = Event()
        uid = hashlib.sha256(f"{pair_id}|meeting|{meeting.number}".encode()).hexdigest()[:32]
        event.add("uid", f"{uid}@rmpair")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        if day < date.max:  # without DTEND an all-day event is one day long (RFC 5545)
            event.add("dtend", day + timedelta(days=1))
        title = titles.get(meeting.number)
        event.add("summary", f"Reverse mentoring, meeting {meeting.number} of {len(meetings)}" + (f": {title}" if title else ""))
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
