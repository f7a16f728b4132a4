"""The six meetings and their agendas."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from rmpair.core.pair_reader import check_meeting
from rmpair.core.models import (
    AgendaItem,
    now,
)
from rmpair.core.views import (
    AgendaItemView,
    MeetingView,
)
from rmpair.core.service.checks import (
    check_text,
    meeting_row,
    agenda_row,
    agenda_view,
)
from rmpair.core.service.core import ServiceCore


class MeetingChanges(ServiceCore):
    """The six meetings and their agendas."""

    def set_meeting_date(self, number: int, planned: date) -> MeetingView:
        check_meeting(number)

        def update(session: Session) -> None:
            meeting = meeting_row(session, number)
            meeting.planned_date = planned
            meeting.updated_at = now()
            session.add(meeting)

        self._change(update)
        return self.meeting(number)

    def mark_held(self, number: int, held_on: date | None = None) -> MeetingView:
        check_meeting(number)

        def update(session: Session) -> None:
            meeting = meeting_row(session, number)
            meeting.status = "held"
            meeting.held_date = held_on or date.today()
            meeting.updated_at = now()
            session.add(meeting)

        self._change(update)
        return self.meeting(number)

    def mark_planned(self, number: int) -> MeetingView:
        check_meeting(number)

        def update(session: Session) -> None:
            meeting = meeting_row(session, number)
            meeting.status = "planned"
            meeting.held_date = None
            meeting.updated_at = now()
            session.add(meeting)

        self._change(update)
        return self.meeting(number)

    def add_agenda_item(self, number: int, text: str, minutes: int | None = None) -> AgendaItemView:
        check_meeting(number)
        text = check_text(text, "An agenda item")

        def add(session: Session) -> AgendaItem:
            last = session.exec(
                select(AgendaItem).where(AgendaItem.meeting_number == number).order_by(AgendaItem.position.desc())
            ).first()
            item = AgendaItem(
                meeting_number=number, position=(last.position + 1) if last else 0, text=text, minutes=minutes
            )
            session.add(item)
            return item

        return agenda_view(self._change(add))

    def set_agenda_item_done(self, item_id: str, done: bool = True) -> AgendaItemView:
        def update(session: Session) -> AgendaItem:
            item = agenda_row(session, item_id)
            item.done = done
            item.updated_at = now()
            session.add(item)
            return item

        return agenda_view(self._change(update, shared=True))

    def edit_agenda_item(self, item_id: str, text: str, minutes: int | None = None) -> AgendaItemView:
        text = check_text(text, "An agenda item")

        def update(session: Session) -> AgendaItem:
            item = agenda_row(session, item_id)
            item.text, item.minutes, item.updated_at = text, minutes, now()
            session.add(item)
            return item

        return agenda_view(self._change(update))

    def remove_agenda_item(self, item_id: str) -> None:
        def remove(session: Session) -> None:
            item = agenda_row(session, item_id)
            session.delete(item)

        self._change(remove)
