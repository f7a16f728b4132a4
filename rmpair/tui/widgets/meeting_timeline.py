"""The six meetings side by side: which are held, which is next, and when.

Status is in words and a symbol ("✓ held", "▶ next", "· planned"), never colour alone.
Each card can be focused (left/right move between them) and opened with Enter or a click.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.message import Message
from textual.widget import Widget

from rmpair.tui import messages
from rmpair.core.views import MeetingView


def meeting_status(meeting: MeetingView, next_number: int | None) -> str:
    if meeting.status == "held":
        return messages.STATUS_HELD
    if meeting.status == "cancelled":
        return messages.STATUS_CANCELLED
    if meeting.number == next_number:
        return messages.STATUS_NEXT
    return messages.STATUS_PLANNED


class MeetingCard(Widget, can_focus=True):
    """One meeting in the timeline."""

    HELP_GROUP = "In the meetings timeline"
    # Which card the palette would act on is ambiguous; the screen's own "open meeting"
    # commands cover it there.
    IN_PALETTE = False
    BINDINGS = [
        Binding("enter", "open", "Open meeting", id="timeline.open", show=False,
                tooltip="Open the highlighted meeting: agenda, writing, actions, check-in"),
        Binding("left", "move(-1)", "Previous meeting", id="timeline.previous", show=False,
                tooltip="Move to the meeting before"),
        Binding("right", "move(1)", "Next meeting", id="timeline.next", show=False,
                tooltip="Move to the meeting after"),
    ]

    def __init__(self, meeting: MeetingView, next_number: int | None) -> None:
        super().__init__(id=f"meeting-card-{meeting.number}", classes="meeting-card")
        self.meeting = meeting
        self.next_number = next_number
        self.tooltip = f"Meeting {meeting.number}: press Enter or click to open it"

    def render(self) -> Text:
        meeting = self.meeting
        status = meeting_status(meeting, self.next_number)
        day = meeting.held_date if meeting.held else meeting.planned_date
        text = Text(f"Meeting {meeting.number}\n", style="bold")
        text.append(f"{status}\n")
        text.append(day.strftime("%d %b %Y") if day else "no date")
        return text

    def action_open(self) -> None:
        self.post_message(MeetingTimeline.Opened(self.meeting.number))

    def action_move(self, step: int) -> None:
        target = self.meeting.number + step
        if 1 <= target <= len(self.parent.children):
            self.parent.query_one(f"#meeting-card-{target}").focus()

    def on_click(self) -> None:
        self.action_open()


class MeetingTimeline(HorizontalGroup):
    class Opened(Message):
        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def show(self, meetings: Sequence[MeetingView], next_number: int | None) -> None:
        cards = list(self.query(MeetingCard))
        if len(cards) == len(meetings):
            for card, meeting in zip(cards, meetings):
                card.meeting, card.next_number = meeting, next_number
                card.set_class(meeting.number == next_number, "-next")
                card.set_class(meeting.held, "-held")
                card.refresh()
            return
        self.remove_children()
        new_cards = [MeetingCard(m, next_number) for m in meetings]
        for card in new_cards:
            card.set_class(card.meeting.number == next_number, "-next")
            card.set_class(card.meeting.held, "-held")
        self.mount_all(new_cards)
