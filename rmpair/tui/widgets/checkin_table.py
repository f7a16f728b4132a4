"""The after-meeting check-in: each statement rated 1 to 5, saved as soon as it is rated.

Your partner's ratings show only if they have chosen to share them (the service decides).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message

from rmpair.tui import messages
from rmpair.core.errors import RmpairError
from rmpair.tui.widgets.events import VaultChanged
from rmpair.tui.widgets.record_table import RecordTable

RATING_WORDS = {1: "strongly disagree", 2: "disagree", 3: "not sure", 4: "agree", 5: "strongly agree"}


class CheckinTable(RecordTable):
    HELP_GROUP = "In the check-in"
    KEY_HINT = "1 to 5 rates the highlighted statement · ↑ ↓ move"
    EMPTY_TEXT = messages.NO_CHECKIN_STATEMENTS
    BINDINGS = [
        # One entry in the footer for the five ("1-5 Rate"); help and the palette list each.
        Binding("1", "rate(1)", "Rate", id="checkin.rate_1", key_display="1-5",
                tooltip="Rate the highlighted statement from 1 (strongly disagree) to 5 (strongly agree)"),
        *[
            Binding(str(rating), f"rate({rating})", f"Rate {rating} ({RATING_WORDS[rating]})",
                    id=f"checkin.rate_{rating}", show=False,
                    tooltip=f"Rate the highlighted statement {rating} of 5: {RATING_WORDS[rating]}")
            for rating in range(2, 6)
        ],
    ]

    class Rated(Message):
        """A statement was rated; the screen says so, and where the highlight went."""

        def __init__(self, statement: str, rating: int, moved_on: bool) -> None:
            super().__init__()
            self.statement = statement
            self.rating = rating
            self.moved_on = moved_on

    def __init__(self, *, meeting: int, id: str | None = None) -> None:
        super().__init__(id=id)
        self.meeting = meeting

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        service, content = self.app.service, self.app.content
        if service is None or content is None:
            return
        me, partner = service.role, service.partner
        if not self.columns:
            columns = ["Statement", "You"]
            if partner is not None:
                columns.append(partner.name)
            self.set_columns(*columns, free={"Statement": 1})
        ratings = {(c.person, c.statement_id): c.rating for c in service.checkins(self.meeting)}
        rows = []
        # In review together the service hides your own ratings if you keep them private.
        mine_hidden = service.review_mode and not service.me.share_checkins
        for statement in content.checkin_statements:
            mine = "kept private" if mine_hidden else _rating_text(ratings.get((me, statement.id)))
            cells: list[object] = [statement.text, mine]
            if partner is not None:
                theirs = ratings.get((partner.role, statement.id))
                cells.append(_rating_text(theirs) if theirs else ("not shared" if not partner.share_checkins else "-"))
            rows.append((statement.id, cells))
        self.set_rows(rows)

    def action_rate(self, rating: int) -> None:
        statement_id = self.highlighted_id
        if not statement_id:
            return
        try:
            self.app.service.record_checkin(self.meeting, {statement_id: rating})
        except RmpairError as error:
            self.app.notify(str(error), severity="error")
            return
        self.reload()
        # Move on to the next statement (rating a whole check-in is five key presses),
        # and say so: a highlight that jumps without a word looks like a lost rating.
        statement = next((s.text for s in self.app.content.checkin_statements if s.id == statement_id), "")
        moved_on = self.cursor_row < self.row_count - 1
        if moved_on:
            self.move_cursor(row=self.cursor_row + 1)
        self.post_message(self.Rated(statement, rating, moved_on))
        self.post_message(VaultChanged())


def _rating_text(rating: int | None) -> str:
    # Short, so three columns fit in 80; the scale is explained above the table.
    return f"{rating} of 5" if rating else "-"
