"""The check-in in the app: each role rates its own statements, ratings are private by
default, a line says who sees what, and S shares them (after a question) or stops."""

from __future__ import annotations

from pathlib import Path

from rmpair.core.service import PairService
from rmpair.tui.widgets.checkin_table import CheckinSharing, CheckinTable, ConfirmShareRatings
from tests.tui.conftest import MENTEE_NAME, MENTEE_PASSPHRASE, MENTOR_PASSPHRASE, unlock, wait_until
from tests.tui.test_meeting import open_meeting, show_section, table_rows


def partner_sees(vault: Path) -> set[tuple[str, int]]:
    """What the mentee's own unlock shows of the mentor's ratings."""
    mentee = PairService.unlock(vault, MENTEE_PASSPHRASE, write=False)
    try:
        return {(c.statement_id, c.rating) for c in mentee.checkins() if c.person == "mentor"}
    finally:
        mentee.close()


def sharing_line(screen) -> str:
    return str(screen.query_one(CheckinSharing).render())


async def test_ratings_are_private_until_shared_and_the_line_says_who_sees_what(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        screen = await open_meeting(pilot, 1)
        await show_section(pilot, "checkin")
        table = screen.query_one(CheckinTable)
        table.focus()
        await wait_until(pilot, lambda: "Your ratings are private" in sharing_line(screen))
        assert f"only you see them, not {MENTEE_NAME}" in sharing_line(screen)
        assert f"{MENTEE_NAME} keeps their ratings private" in sharing_line(screen)
        await pilot.press("4")
        await wait_until(pilot, lambda: len(app.service.checkins(1)) == 1)
        await pilot.pause()
        assert partner_sees(pair_vault) == set()

        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmShareRatings))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.service.me.share_checkins)
        await wait_until(pilot, lambda: "You share your ratings" in sharing_line(screen))
        assert partner_sees(pair_vault) == {("safe-to-be-honest", 4)}

        await pilot.press("s")  # stopping needs no question
        await wait_until(pilot, lambda: not app.service.me.share_checkins)
        assert partner_sees(pair_vault) == set()


async def test_declining_the_question_keeps_the_ratings_private(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        screen = await open_meeting(pilot, 1)
        await show_section(pilot, "checkin")
        screen.query_one(CheckinTable).focus()
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmShareRatings))
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is screen)
        assert not app.service.me.share_checkins


async def test_each_role_rates_only_its_own_statements(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(120, 30)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        screen = await open_meeting(pilot, 1)
        await show_section(pilot, "checkin")
        table = screen.query_one(CheckinTable)
        rows = {row[0]: row[1:] for row in table_rows(table)}
        assert rows["I shared only what I chose to share."] == ["-", "not asked"]
        assert rows["I know what I will do differently before we next meet."] == ["not asked", "not shared"]
        table.focus()
        table.move_cursor(row=table.get_row_index("know-next-step"))
        await pilot.press("5")
        # The refusal is said once the key has been handled; only then can "nothing saved" be seen.
        await wait_until(pilot, lambda: any("for your partner to rate" in n.message for n in app._notifications))
        assert app.service.checkins(1) == []
