"""The meeting view: agenda checklist, the writing for the meeting (private or shared, in
words), actions due at it, held/date, and the after-meeting check-in."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from textual.widgets import TabbedContent

from rmpair.tui.screens.meeting import MeetingScreen
from rmpair.tui.widgets.actions_table import ActionsTable
from rmpair.tui.widgets.agenda_checklist import AgendaChecklist
from rmpair.tui.widgets.checkin_table import CheckinTable
from rmpair.tui.widgets.entries_table import EntriesTable
from tests.tui.conftest import (
    MENTEE_PASSPHRASE,
    MENTEE_SECRET,
    MENTOR_PASSPHRASE,
    MENTOR_SECRET,
    OPEN_ACTION,
    SHARED_NOTE,
    screen_text,
    unlock,
    wait_until,
)


async def open_meeting(pilot, number: int = 1) -> MeetingScreen:
    await pilot.press(str(number))
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, MeetingScreen))
    return pilot.app.screen


def table_rows(table) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def show_section(pilot, section: str) -> None:
    pilot.app.screen.query_one(TabbedContent).active = section
    await pilot.pause()


async def test_mentor_sees_own_private_entry_and_shared_ones_with_words(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(120, 30)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await open_meeting(pilot, 1)
        await pilot.press("right_square_bracket")
        rows = table_rows(app.screen.query_one(EntriesTable))
        by_title = {row[1]: row for row in rows}
        assert by_title[MENTOR_SECRET][3] == "🔒 private"
        assert by_title[SHARED_NOTE][3] == "👥 shared"
        assert MENTEE_SECRET not in by_title
        text = screen_text(app)
        assert MENTOR_SECRET in text and "🔒 private" in text and "👥 shared" in text


async def test_mentee_never_sees_the_mentors_private_entry(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(120, 30)) as pilot:
        await unlock(pilot, MENTEE_PASSPHRASE)
        await open_meeting(pilot, 1)
        await pilot.press("right_square_bracket")
        titles = [row[1] for row in table_rows(app.screen.query_one(EntriesTable))]
        assert MENTEE_SECRET in titles and SHARED_NOTE in titles
        assert MENTOR_SECRET not in titles
        assert MENTOR_SECRET not in screen_text(app)


async def test_agenda_checklist_toggle_add_edit_remove(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        screen = await open_meeting(pilot, 1)
        checklist = screen.query_one(AgendaChecklist)
        assert app.focused is checklist
        first = app.service.meeting(1).agenda[0]
        await pilot.press("space")
        await wait_until(pilot, lambda: app.service.meeting(1).agenda[0].done)
        assert "[x]" in str(checklist.get_option_at_index(0).prompt)
        await pilot.press("space")
        await wait_until(pilot, lambda: not app.service.meeting(1).agenda[0].done)

        count = len(app.service.meeting(1).agenda)
        await pilot.press("a")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AskText")
        await pilot.press(*"Talk about the new policy", "enter")
        await wait_until(pilot, lambda: len(app.service.meeting(1).agenda) == count + 1)
        await wait_until(pilot, lambda: checklist.option_count == count + 1)

        checklist.highlighted = 0
        await pilot.press("e")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AskText")
        app.screen.query_one("Input").value = "Introductions, briefly"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.service.meeting(1).agenda[0].text == "Introductions, briefly")

        await pilot.press("x")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ConfirmDialog")
        await pilot.click("#yes")
        await wait_until(pilot, lambda: all(i.id != first.id for i in app.service.meeting(1).agenda))


async def test_actions_due_at_the_meeting_done_added_and_carried(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        screen = await open_meeting(pilot, 1)
        await pilot.press("right_square_bracket", "right_square_bracket")
        table = screen.query_one(ActionsTable)
        assert app.focused is table
        assert [row[1] for row in table_rows(table)] == [OPEN_ACTION]
        await pilot.press("c")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AskText")
        app.screen.query_one("Input").value = "3"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.service.actions()[0].due_meeting == 3)
        assert app.service.actions()[0].carried_from == 1
        await wait_until(pilot, lambda: table_rows(table)[0][1] != OPEN_ACTION)

        await pilot.press("a")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AskText")
        await pilot.press(*"Send the notes", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ChoiceDialog")
        await pilot.click("#choice-mentee")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "PickDialog")
        await pilot.press("enter")  # this meeting, not held yet, is highlighted
        await wait_until(pilot, lambda: any(a.text == "Send the notes" for a in app.service.actions()))
        added = next(a for a in app.service.actions() if a.text == "Send the notes")
        assert added.owner == "mentee" and added.due_meeting == 1
        await wait_until(pilot, lambda: [row[1] for row in table_rows(table)] == ["Send the notes"])
        await pilot.press("space")
        await wait_until(pilot, lambda: next(a for a in app.service.actions() if a.id == added.id).done)
        assert table_rows(table)[0][0] == "[x]", "done actions stay listed at their meeting, ticked"


async def test_mark_held_then_check_in(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        screen = await open_meeting(pilot, 1)
        await pilot.press("h")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AskText")
        app.screen.query_one("Input").value = "2025-02-03"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.service.meeting(1).held)
        assert app.service.meeting(1).held_date == date(2025, 2, 3)
        await wait_until(pilot, lambda: screen.query_one(TabbedContent).active == "checkin")
        table = screen.query_one(CheckinTable)
        assert app.focused is table
        statements = [s.id for s in app.content.checkin_statements]
        await pilot.press("4", "5")
        await wait_until(pilot, lambda: len(app.service.checkins(1)) == 2)
        ratings = {c.statement_id: c.rating for c in app.service.checkins(1) if c.person == "mentor"}
        assert ratings == {statements[0]: 4, statements[1]: 5}
        assert table_rows(table)[0][1] == "4 of 5"
        assert "Held on" in screen_text(app)
        # The keys are in the footer, and the move to the next row is said, not silent.
        text = screen_text(app)
        assert "1-5 Rate" in text
        said = str(screen.query_one("#meeting-checkin-said").render())
        second = app.content.checkin_statement(statements[1]).text.rstrip(".")
        assert said == f"Saved: 5 of 5 for “{second}”. The highlight moved to the next statement."

        await pilot.press("h")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ConfirmDialog")
        await pilot.click("#yes")
        await wait_until(pilot, lambda: not app.service.meeting(1).held)


async def test_partner_ratings_show_when_shared(pair_vault: Path, make_app) -> None:
    from rmpair.core.service import PairService

    mentee = PairService.unlock(pair_vault, MENTEE_PASSPHRASE)
    statement = "safe-to-be-honest"
    mentee.record_checkin(1, {statement: 2})
    mentee.set_share_checkins(True)
    mentee.close()
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        screen = await open_meeting(pilot, 1)
        await show_section(pilot, "checkin")
        rows = {row[0]: row for row in table_rows(screen.query_one(CheckinTable))}
        text = app.content.checkin_statement(statement).text
        assert rows[text][2] == "2 of 5"


async def test_change_the_meeting_date(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await open_meeting(pilot, 2)
        await pilot.press("d")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AskText")
        app.screen.query_one("Input").value = "not a date"
        await pilot.press("enter")
        await pilot.pause()
        assert "YYYY-MM-DD" in screen_text(app)
        app.screen.query_one("Input").value = "2026-03-09"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.service.meeting(2).planned_date == date(2026, 3, 9))
        assert "Mon 09 Mar 2026" in screen_text(app)


async def test_writing_keys_open_the_writing_screens_for_this_meeting(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await open_meeting(pilot, 2)
        await pilot.press("n")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "EntryEditorScreen")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        await pilot.press("t")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TalkingPointsScreen")
        assert app.screen.meeting == 2


async def test_opening_an_entry_from_the_meeting(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        screen = await open_meeting(pilot, 1)
        await pilot.press("right_square_bracket")
        table = screen.query_one(EntriesTable)
        assert app.focused is table
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "EntryEditorScreen")


async def test_a_meeting_with_a_thousand_entries_stays_quick(tmp_path: Path, make_app, monkeypatch) -> None:
    from rmpair.core.service import PairService
    from tests.tui.conftest import FAST_KDF

    path = tmp_path / "busy.rmpair"
    service, _code = PairService.create(path, role="mentor", name="Ada", passphrase="ada passphrase", kdf=FAST_KDF)
    for number in range(1000):
        service.add_entry(kind="note", title=f"note {number:04}", body="words " * 40, meeting=1, private=number % 2 == 0)
    for number in range(200):
        service.add_action(f"action {number:03}", due_meeting=1)
    service.close()
    # Speed is bench/'s to measure; a test proves the shape of the work: each table is
    # filled once, and ticking one action changes its row in place, not the whole table.
    fills: list[str] = []
    for table_class in (EntriesTable, ActionsTable):
        real = table_class.set_rows
        monkeypatch.setattr(
            table_class, "set_rows", lambda self, rows, real=real: fills.append(type(self).__name__) or real(self, rows)
        )
    app = make_app(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await unlock(pilot, "ada passphrase")
        screen = await open_meeting(pilot, 1)
        await pilot.press("right_square_bracket")
        table = screen.query_one(EntriesTable)
        assert table.row_count == 1000
        await pilot.press("end")
        assert table.highlighted_id is not None
        assert fills.count("EntriesTable") == 1
        await pilot.press("right_square_bracket")
        fills.clear()
        await pilot.press("space")
        await wait_until(pilot, lambda: sum(a.done for a in app.service.actions()) == 1)
        assert "ActionsTable" not in fills


def test_long_lists_never_use_listview() -> None:
    """ListView makes a widget per item; DataTable and OptionList stay fast with thousands."""
    import rmpair.tui

    mine = sorted(Path(rmpair.tui.__file__).parent.rglob("*.py"))
    offenders = [
        path.name
        for path in mine
        if re.search(r"import[^\n]*\bListView\b|\bListView\(", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


async def test_the_agenda_says_how_much_time_is_left_to_spare(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        screen = await open_meeting(pilot, 1)
        purpose = str(screen.query_one("#meeting-purpose").render())
        assert "Planned: 45 of 60 minutes, 15 to spare." in purpose


async def add_action_by_keys(pilot, text: str) -> None:
    """Press a on the actions list, type what is to be done, take "Mine": the due question waits."""
    app = pilot.app
    await pilot.press("a")
    await wait_until(pilot, lambda: type(app.screen).__name__ == "AskText")
    await pilot.press(*text, "enter")
    await wait_until(pilot, lambda: type(app.screen).__name__ == "ChoiceDialog")
    await pilot.press("enter")
    await wait_until(pilot, lambda: type(app.screen).__name__ == "PickDialog")


async def go_to_actions(pilot, screen: MeetingScreen) -> None:
    """Press ] until the actions tab is shown (and its list has the focus)."""
    for _ in range(4):
        if screen.query_one(TabbedContent).active == "actions":
            break
        await pilot.press("right_square_bracket")
    await wait_until(pilot, lambda: pilot.app.focused is screen.query_one(ActionsTable))


async def mark_held_by_keys(pilot, screen: MeetingScreen) -> None:
    app = pilot.app
    await pilot.press("h")
    await wait_until(pilot, lambda: type(app.screen).__name__ == "AskText")
    await pilot.press("enter")  # today
    await wait_until(pilot, lambda: app.service.meeting(screen.number).held)
    await wait_until(pilot, lambda: app.screen is screen)


async def test_an_action_added_at_a_held_meeting_is_due_at_the_next_one(pair_vault: Path, make_app) -> None:
    """Not overdue the moment it is added: the question offers only meetings still to come
    and opens on the next one; the person is told where the action went."""
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        screen = await open_meeting(pilot, 1)
        await mark_held_by_keys(pilot, screen)
        await go_to_actions(pilot, screen)
        await add_action_by_keys(pilot, "Share the slides")
        shown = screen_text(app)
        assert "Meeting 2 (the next)" in shown
        assert "Meeting 1," not in shown, "a meeting already held is not offered"
        assert "Any time (no meeting)" in shown
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(a.text == "Share the slides" for a in app.service.actions()))
        added = next(a for a in app.service.actions() if a.text == "Share the slides")
        assert added.due_meeting == 2 and not app.service.meeting(2).held
        assert any("listed there and on home" in n.message for n in app._notifications)

        # Another meeting still to come can be chosen with the arrow keys.
        await add_action_by_keys(pilot, "Read the report")
        await pilot.press("down", "down", "enter")
        await wait_until(pilot, lambda: any(a.text == "Read the report" for a in app.service.actions()))
        assert next(a for a in app.service.actions() if a.text == "Read the report").due_meeting == 4


async def test_after_the_last_meeting_an_action_is_due_any_time_and_the_question_says_why(
    pair_vault: Path, make_app
) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        for number in range(1, 7):
            screen = await open_meeting(pilot, number)
            await mark_held_by_keys(pilot, screen)
            await pilot.press("escape")
            await wait_until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        screen = await open_meeting(pilot, 6)
        await go_to_actions(pilot, screen)
        await add_action_by_keys(pilot, "Tell the programme lead")
        question = str(app.screen.query_one(".dialog-question").render())
        assert "All six meetings are held, so there is no next meeting" in question
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(a.text == "Tell the programme lead" for a in app.service.actions()))
        assert next(a for a in app.service.actions() if a.text == "Tell the programme lead").due_meeting is None


async def test_a_guided_reflection_reopens_from_the_writing_tab_as_its_questions(pair_vault: Path, make_app) -> None:
    """Renamed since it was written, it keeps its own title when an answer changes."""
    from textual.widgets import TextArea

    from rmpair.content.answers import reflection_markdown
    from rmpair.tui.screens.reflection import ReflectionScreen

    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        gibbs = app.content.reflection_template("gibbs")
        first, feelings = gibbs.sections[0], gibbs.sections[1]
        body = reflection_markdown(gibbs, {first.id: "The budget meeting", feelings.id: "Tired, then hopeful"})
        entry = app.service.add_entry(kind="reflection", title="Budget day, looking back", body=body, meeting=1,
                                      template_id="gibbs")
        screen = await open_meeting(pilot, 1)
        await pilot.press("right_square_bracket")
        table = screen.query_one(EntriesTable)
        await wait_until(pilot, lambda: app.focused is table and table.row_count > 1)
        for _ in range(table.row_count):
            if table.highlighted_id == entry.id:
                break
            await pilot.press("down")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReflectionScreen) and app.screen.query(".refl-answer"))
        form = app.screen
        assert form.query_one(f"#section-{feelings.id}", TextArea).text == "Tired, then hopeful"
        form.query_one(f"#section-{feelings.id}", TextArea).focus()
        await pilot.press("end", *", then sure")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        changed = app.service.entry(entry.id)
        assert "Tired, then hopeful, then sure" in changed.body
        assert changed.title == "Budget day, looking back"
