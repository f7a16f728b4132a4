"""The log: filters, search, opening a row, and never the partner's private entries."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Select, TextArea

from rmpair.tui.screens.entry_editor import EntryEditorScreen
from rmpair.tui.screens.reflection import ReflectionScreen
from rmpair.tui.screens.reflection_log import ReflectionLogScreen
from rmpair.tui.widgets.entry_dialogs import ConfirmDelete
from rmpair.tui.widgets.markdown_editor import MarkdownEditor
from tests.tui.conftest import wait_until
from tests.tui.writing_harness import WritingHarness, new_vault, screen_text, shipped_content, switch_person


@pytest.fixture
def service(tmp_path):
    service = new_vault(tmp_path)
    yield service
    service.close()


def rows(app) -> list[str]:
    """The titles the table shows, top to bottom."""
    table = app.screen.query_one("#log-table", DataTable)
    return [str(table.get_row_at(i)[5]) for i in range(table.row_count)]


async def choose(pilot, select_id: str, value) -> None:
    pilot.app.screen.query_one(f"#{select_id}", Select).value = value
    await pilot.pause()


async def test_a_reflection_written_on_the_form_is_found_by_filters_and_search(service):
    service.add_entry(kind="reflection", title="Older thoughts", body="about the canteen", meeting=1,
                      race_tags=["solidarity"])
    service.add_entry(kind="note", title="Shared note", body="rota again", meeting=2, private=False)

    def screens():
        return ReflectionScreen(meeting=2)

    app = WritingHarness(service, screens)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"The rota meeting")
        await pilot.press("tab", *"Nobody asked the night shift")
        app.screen.query_one("#race-resistance").focus()
        await pilot.press("space")
        await pilot.press("escape")  # leaves, saving
        await pilot.pause()
        app.push_screen(ReflectionLogScreen())
        await pilot.pause()
        assert rows(app) == ["The rota meeting", "Shared note", "Older thoughts"]  # newest first
        await choose(pilot, "log-kind", "reflection")
        assert rows(app) == ["The rota meeting", "Older thoughts"]
        await choose(pilot, "log-meeting", 2)
        assert rows(app) == ["The rota meeting"]
        await choose(pilot, "log-meeting", "any")
        await choose(pilot, "log-race", "solidarity")
        assert rows(app) == ["Older thoughts"]
        await choose(pilot, "log-race", "resistance")
        assert rows(app) == ["The rota meeting"]
        await choose(pilot, "log-person", "mentee")
        assert rows(app) == []
        await choose(pilot, "log-person", "mentor")
        assert rows(app) == ["The rota meeting"]
        # Clear everything, then search by keyboard.
        app.screen.query_one("#log-table").focus()
        await pilot.press("c")
        await pilot.pause()
        assert len(rows(app)) == 3
        await pilot.press("slash")
        assert app.screen.query_one("#log-search", Input).has_focus
        await pilot.press(*"night shift")
        await wait_until(pilot, lambda: rows(app) == ["The rota meeting"])
        await pilot.press("enter")  # back to the table
        await pilot.press("enter")  # opens the row: as the questions it was written from
        await wait_until(pilot, lambda: isinstance(app.screen, ReflectionScreen) and app.screen.query(TextArea))
        form = app.screen
        questions = shipped_content().default_reflection_template().sections
        answers = [area.text for area in form.query(".refl-answer").results(TextArea)]
        assert answers == ["The rota meeting", "Nobody asked the night shift"] + [""] * (len(questions) - 2)
        shown = screen_text(app)
        assert questions[0].heading in shown and "The rota meeting" in shown
        assert "## " not in shown, "the form shows questions, not Markdown headings"
        assert form.query_one("#race-resistance").value  # its tags, meeting and privacy too
        assert form.query_one("#refl-meeting", Select).value == 2
        # Answering one more question changes that reflection; it makes no second one.
        form.query_one(f"#section-{questions[2].id}", TextArea).focus()
        await pilot.press(*"Ask them next time")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ReflectionLogScreen))
        [reflection] = [e for e in service.entries(kind="reflection") if e.title == "The rota meeting"]
        assert f"## {questions[2].heading}\n\nAsk them next time" in reflection.body
        assert "Nobody asked the night shift" in reflection.body
        assert len(service.entries()) == 3


async def test_a_reflection_edited_as_markdown_since_opens_in_the_editor_whole(service):
    """Read back under its questions it would lose the lines that fit none of them, so it
    opens as the Markdown it now is."""
    template = shipped_content().default_reflection_template()
    body = f"A line of my own first.\n\n## {template.sections[0].heading}\n\nThe rota meeting\n"
    service.add_entry(kind="reflection", title="Edited since", body=body, meeting=1, template_id=template.id)
    app = WritingHarness(service, ReflectionLogScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one("#log-table", DataTable)
        await wait_until(pilot, lambda: table.has_focus and table.row_count == 1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, EntryEditorScreen))
        assert app.screen.query_one(MarkdownEditor).text == body


async def test_the_partners_private_entries_never_appear(service):
    mentee = switch_person(service)
    mentee.add_entry(kind="reflection", title="Mentee secret", body="confidential words", meeting=1)
    mentee.add_entry(kind="reflection", title="Mentee shared", body="open words", meeting=1, private=False)
    mentor = switch_person(mentee)
    try:
        mentor.add_entry(kind="reflection", title="Mentor own", body="my words", meeting=1)
        app = WritingHarness(mentor, lambda: ReflectionLogScreen())
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            assert sorted(rows(app)) == ["Mentee shared", "Mentor own"]
            await choose(pilot, "log-person", "mentee")
            assert rows(app) == ["Mentee shared"]
            await choose(pilot, "log-person", "any")
            app.screen.query_one("#log-search", Input).value = "confidential"
            await wait_until(pilot, lambda: rows(app) == [])
            app.screen.query_one("#log-search", Input).value = "words"
            await wait_until(pilot, lambda: sorted(rows(app)) == ["Mentee shared", "Mentor own"])
            shown = screen_text(app)
            assert "Mentee shared" in shown
            assert "confidential" not in shown and "Mentee secret" not in shown
    finally:
        mentor.close()


async def test_titles_with_markup_are_shown_literally(service):
    service.add_entry(kind="note", title="[bold]Boss[/] said [red]no", body="x")
    app = WritingHarness(service, lambda: ReflectionLogScreen())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert rows(app) == ["[bold]Boss[/] said [red]no"]
        assert "[bold]Boss[/] said [red]no" in screen_text(app)


async def test_thousands_of_entries_stay_quick(service, monkeypatch):
    # Seeding only: writing the vault file after each of 2,000 entries is the service's
    # cost, not the screen's, and would make this test slow for nothing.
    with monkeypatch.context() as patch:
        patch.setattr(service, "_save", lambda: None)
        for number in range(2000):
            service.add_entry(kind="note", title=f"Note {number}", body="word " * 30, meeting=number % 6 + 1)
    # Speed is bench/'s to measure; a test proves the shape of the work: one change of
    # filter refills the table once, not once per row or per keystroke's echo.
    fills = []
    real = ReflectionLogScreen.refresh_table
    monkeypatch.setattr(ReflectionLogScreen, "refresh_table", lambda self: fills.append(1) or real(self))
    app = WritingHarness(service, lambda: ReflectionLogScreen())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert len(rows(app)) == 2000
        fills.clear()
        await choose(pilot, "log-meeting", 3)
        assert len(rows(app)) == 333
        assert len(fills) == 1
        fills.clear()
        app.screen.query_one("#log-search", Input).value = "Note 1999"
        await wait_until(pilot, lambda: rows(app) == [])  # meeting 3 still chosen; Note 1999 is at meeting 2
        assert len(fills) == 1


async def test_deleting_from_the_log_asks_first(service):
    keep = service.add_entry(kind="note", title="Keep me", body="x")
    gone = service.add_entry(kind="note", title="Delete me", body="y")
    app = WritingHarness(service, lambda: ReflectionLogScreen())
    async with app.run_test() as pilot:
        await pilot.pause()
        assert rows(app)[0] == "Delete me"
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDelete))
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ReflectionLogScreen))
        assert len(service.entries()) == 2
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDelete))
        await pilot.press("ctrl+d")
        await wait_until(pilot, lambda: rows(app) == ["Keep me"])
        assert [e.id for e in service.entries()] == [keep.id]
        assert gone.id not in [e.id for e in service.entries()]


async def test_the_preview_key_below_its_width_says_why_it_shows_nothing(service):
    """v is in the footer at every width; in a narrow window it says why there is no
    preview and how to read the entry instead, rather than doing nothing."""
    from rmpair.tui.screens.reflection_log import NARROW_PREVIEW

    service.add_entry(kind="note", title="A note", body="text", meeting=1)
    app = WritingHarness(service, ReflectionLogScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#log-table", DataTable).focus()
        await pilot.press("v")
        await pilot.pause()
        assert NARROW_PREVIEW in [str(n.message) for n in app._notifications]
        assert "needs a window at least 120 columns wide" in NARROW_PREVIEW


async def test_the_preview_beside_the_list_scrolls_by_keyboard_and_the_footer_says_how(service):
    from tests.tui.test_entry_editor import LONG_BODY, footer_keys

    service.add_entry(kind="note", title="Long notes", body=LONG_BODY, meeting=1)
    app = WritingHarness(service, ReflectionLogScreen)
    async with app.run_test(size=(130, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#log-table", DataTable)
        await wait_until(pilot, lambda: table.has_focus)
        preview = app.screen.query_one("#log-preview")
        await wait_until(pilot, lambda: preview.max_scroll_y > 0)
        await pilot.press("tab")
        await wait_until(pilot, lambda: preview.has_focus)
        await wait_until(pilot, lambda: {"↑↓ Scroll", "PgUp/PgDn Page"} <= footer_keys(app))
        await pilot.press("pagedown")
        await wait_until(pilot, lambda: preview.scroll_y > 5)
        await pilot.press("home")
        await wait_until(pilot, lambda: preview.scroll_y == 0)
