"""The after-meeting check-in: each statement rated 1 to 5, saved as soon as it is rated.

Your partner's ratings show only if they have chosen to share them (the service decides).
"""

from __future__ import annotations

from textual.binding import Binding

from rmpair.tui import messages
from rmpair.core.errors import RmpairError
from rmpair.tui.widgets.events import VaultChanged
from rmpair.tui.widgets.record_table import RecordTable

RATING_WORDS = {1: "strongly disagree", 2: "disagree", 3: "not sure", 4: "agree", 5: "strongly agree"}


class CheckinTable(RecordTable):
    HELP_GROUP = "In the check-in"
    EMPTY_TEXT = messages.NO_CHECKIN_STATEMENTS
    BINDINGS = [
        # Not in the footer (five keys would crowd it): the note above the table says
        # "press a number", and help and the palette list each one.
        Binding(str(rating), f"rate({rating})", f"Rate {rating} ({RATING_WORDS[rating]})",
                id=f"checkin.rate_{rating}", show=False,
                tooltip=f"Rate the highlighted statement {rating} of 5: {RATING_WORDS[rating]}")
        for rating in range(1, 6)
    ]

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
            self.set_columns(*columns)
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
        # Move on to the next statement: rating a whole check-in is five key presses.
        if self.cursor_row < self.row_count - 1:
            self.move_cursor(row=self.cursor_row + 1)
        self.post_message(VaultChanged())


def _rating_text(rating: int | None) -> str:
    # Short, so three columns fit in 80; the scale is explained above the table.
    return f"{rating} of 5" if rating else "-"
