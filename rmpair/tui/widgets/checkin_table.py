"""The after-meeting check-in: each statement rated 1 to 5, saved as soon as it is rated.

Each role has statements of its own; a person rates theirs. Ratings are private until
their rater chooses to share them: the line above the table says who sees what, and S
shares or stops sharing (the service seals ratings and decides what each person sees).
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from rmpair.tui import messages
from rmpair.core.errors import RmpairError
from rmpair.tui.widgets.dialogs import ConfirmForGood
from rmpair.tui.widgets.events import VaultChanged
from rmpair.tui.widgets.literal import literal
from rmpair.tui.widgets.record_table import RecordTable

RATING_WORDS = {1: "strongly disagree", 2: "disagree", 3: "not sure", 4: "agree", 5: "strongly agree"}
NOT_ASKED = "not asked"


class CheckinSharing(Static):
    """Who sees whose ratings, in one or two plain lines, above the check-in."""

    DEFAULT_CSS = """
    CheckinSharing {
        height: auto;
        padding: 0 1;
        color: $text;
    }
    """

    def show(self, *, mine_shared: bool, partner_name: str | None, partner_shares: bool, review: bool) -> None:
        self.update(literal(messages.checkin_sharing(mine_shared, partner_name, partner_shares, review)))


class ConfirmShareRatings(ConfirmForGood):
    """Ask before a person's ratings are shown to their partner."""

    BINDINGS = [
        Binding("y", "answer(True)", "Share", id="checkin.share.confirm", tooltip="Share your ratings"),
        Binding("n,escape", "answer(False)", "Keep private", id="checkin.share.cancel",
                tooltip="Keep your ratings to yourself"),
    ]

    def __init__(self, partner_name: str) -> None:
        super().__init__(
            Text(messages.SHARE_RATINGS_QUESTION),
            messages.share_ratings_body(partner_name),
            keep="Keep private (n)",
            act="Share (y)",
            act_id="share",
            tone="warning",
        )


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
        Binding("s", "toggle_sharing", "Share ratings", id="checkin.toggle_sharing",
                tooltip="Share your check-in ratings with your partner, or stop sharing them"),
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
        self._mine: set[str] = set()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        service, content = self.app.service, self.app.content
        if service is None or content is None:
            return
        me, partner = service.me, service.partner
        if not self.columns:
            columns = ["Statement", "You"]
            if partner is not None:
                columns.append(partner.name)
            self.set_columns(*columns, free={"Statement": 1})
        ratings = {(c.person, c.statement_id): c.rating for c in service.checkins(self.meeting)}
        roles = [me.role] + ([partner.role] if partner is not None else [])
        statements = [s for s in content.checkin_statements if any(s.fits(role) for role in roles)]
        self._mine = {s.id for s in statements if s.fits(me.role)}
        # In review together the service hides your own ratings if you keep them private.
        mine_hidden = service.review_mode and not me.share_checkins
        rows = []
        for statement in statements:
            if statement.id not in self._mine:
                mine = NOT_ASKED
            else:
                mine = "kept private" if mine_hidden else _rating_text(ratings.get((me.role, statement.id)))
            cells: list[object] = [statement.text, mine]
            if partner is not None:
                if not statement.fits(partner.role):
                    cells.append(NOT_ASKED)
                elif not partner.share_checkins:
                    cells.append("not shared")
                else:
                    cells.append(_rating_text(ratings.get((partner.role, statement.id))))
            rows.append((statement.id, cells))
        self.set_rows(rows)
        for line in self.screen.query(CheckinSharing).results(CheckinSharing):
            line.show(
                mine_shared=me.share_checkins,
                partner_name=partner.name if partner else None,
                partner_shares=bool(partner and partner.share_checkins),
                review=service.review_mode,
            )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_sharing":
            # Sharing is one person's own choice, never made with the partner at the screen.
            service = self.app.service
            return service is not None and not service.review_mode
        return True

    def action_rate(self, rating: int) -> None:
        statement_id = self.highlighted_id
        if not statement_id:
            return
        if statement_id not in self._mine:
            self.app.notify(messages.NOT_YOUR_STATEMENT, severity="warning")
            return
        try:
            self.app.service.record_checkin(self.meeting, {statement_id: rating})
        except RmpairError as error:
            self.app.notify(str(error), severity="error")
            return
        self.reload()
        # Move on to the next statement (rating a whole check-in is five key presses),
        # and say so: a highlight that jumps without a word looks like a lost rating.
        statement = self.app.content.checkin_statement(statement_id)
        moved_on = self.cursor_row < self.row_count - 1
        if moved_on:
            self.move_cursor(row=self.cursor_row + 1)
        self.post_message(self.Rated(statement.text if statement else "", rating, moved_on))
        self.post_message(VaultChanged())

    @work(exclusive=True, group="checkin-sharing")
    async def action_toggle_sharing(self) -> None:
        service = self.app.service
        if service is None or service.review_mode:
            return
        share = not service.me.share_checkins
        partner = service.partner
        if share and not await self.app.push_screen_wait(
            ConfirmShareRatings(partner.name if partner else messages.YOUR_PARTNER)
        ):
            return
        try:
            service.set_share_checkins(share)
        except RmpairError as error:
            self.app.notify(str(error), severity="error")
            return
        self.reload()
        self.post_message(VaultChanged())


def _rating_text(rating: int | None) -> str:
    # Short, so three columns fit in 80; the scale is explained above the table.
    return f"{rating} of 5" if rating else "-"
