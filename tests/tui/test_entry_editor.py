"""The entry editor: autosave, flush on lock, sharing, literal titles."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from rmpair.tui.screens.entry_editor import EntryEditorScreen
from rmpair.tui.widgets import entry_autosave
from rmpair.tui.widgets.entry_autosave import EntryStatus
from rmpair.tui.widgets.entry_privacy import ConfirmShare, PrivacyToggle
from rmpair.tui.widgets.markdown_editor import MarkdownEditor
from tests.tui.conftest import type_and_move_on, wait_until
from tests.tui.writing_harness import WritingHarness, new_vault, screen_text


@pytest.fixture
def service(tmp_path):
    service = new_vault(tmp_path)
    yield service
    service.close()


async def test_typing_is_saved_a_moment_after_it_stops(service):
    saves = []
    real_save = service._vault.save
    service._vault.save = lambda image: saves.append(1) or real_save(image)
    app = WritingHarness(service, lambda: EntryEditorScreen(kind="note", meeting=2))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, Input)  # a new entry starts at its title
        typed = "Budget day" + "Who was in the room"
        await pilot.press(*"Budget day", "enter")
        await pilot.press(*"Who was in the room")
        # Saved by itself, with no key pressed (on a loaded machine a gap between two keys
        # may save a part first; the last save follows the last key).
        await wait_until(pilot, lambda: [(e.title, e.body) for e in service.entries()] == [("Budget day", "Who was in the room")])
        [entry] = service.entries()
        assert (entry.kind, entry.title, entry.body, entry.meeting) == ("note", "Budget day", "Who was in the room", 2)
        assert not entry.private  # notes are shared by default
        # Not once per key: the save waits for a pause in typing. (A loaded machine can
        # make a pause between two keys, so a few saves may happen, never one a key.)
        assert len(saves) <= len(typed) // 4
        await pilot.press(*" today")
        await wait_until(pilot, lambda: service.entry(entry.id).body == "Who was in the room today")
        assert len(service.entries()) == 1  # updated, not created again


async def test_opening_and_leaving_creates_nothing(service):
    app = WritingHarness(service, lambda: EntryEditorScreen(kind="reflection"))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert service.entries() == []


async def test_flush_unsaved_saves_pending_text_at_once(service, monkeypatch):
    # The automatic save would wait an hour: what is saved below is flush_unsaved's doing.
    monkeypatch.setattr(entry_autosave, "SAVE_DELAY", 3600)
    app = WritingHarness(service, lambda: EntryEditorScreen(kind="talking-point", meeting=1))
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        screen.query_one(MarkdownEditor).focus_text()
        await pilot.press(*"The lift was broken again")
        assert service.entries() == []
        screen.flush_unsaved()
        [entry] = service.entries()
        assert entry.body == "The lift was broken again"
        assert entry.private  # talking points start private
        assert entry.kind == "talking-point"


async def test_leaving_saves_without_waiting(service):
    app = WritingHarness(service, lambda: EntryEditorScreen(kind="note"))
    async with app.run_test() as pilot:
        await pilot.pause()
        await type_and_move_on(pilot, "Quick thought", then="md-text")
        await pilot.press(*"more")
        await pilot.press("escape")
        await pilot.pause()
        [entry] = service.entries()
        assert entry.title == "Quick thought" and entry.body == "more"


async def test_sharing_asks_then_turns_private_into_shared(service):
    draft = service.add_entry(kind="talking-point", title="Promotions", body="Who gets the panel seat?", meeting=2)
    assert draft.private
    app = WritingHarness(service, lambda: EntryEditorScreen(draft.id))
    async with app.run_test() as pilot:
        await pilot.pause()
        toggle = app.screen.query_one(PrivacyToggle)
        assert "🔒 private" in str(toggle.render())
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmShare))
        await pilot.press("n")  # changed their mind: nothing happens
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmShare))
        assert service.entry(draft.id).private
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmShare))
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: not service.entry(draft.id).private)
        assert "👥 shared" in str(toggle.render())
        await pilot.press("ctrl+o")  # the same key makes it private again, no question
        await pilot.pause()
        assert service.entry(draft.id).private


async def test_markup_in_a_title_is_shown_literally(service):
    entry = service.add_entry(kind="note", title="[bold]Boss[/] said [red]no", body="[/]")
    app = WritingHarness(service, lambda: EntryEditorScreen(entry.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#editor-title", Input).value == "[bold]Boss[/] said [red]no"
        app.screen.query_one(MarkdownEditor).preview = True
        await wait_until(pilot, lambda: "[bold]Boss[/] said [red]no" in screen_text(app))
        app.screen.flush_unsaved()
        assert service.entry(entry.id).title == "[bold]Boss[/] said [red]no"  # untouched


async def test_a_refused_save_shows_the_message_and_keeps_the_text(service):
    app = WritingHarness(service, lambda: EntryEditorScreen(kind="note", race_tags=("resistance",)))
    async with app.run_test() as pilot:
        await pilot.pause()
        service.known_race_tags = ("compassion",)  # a content pack without resistance
        await pilot.press(*"Tagged")
        app.screen.flush_unsaved()
        await pilot.pause()
        status = app.screen.query_one(EntryStatus)
        assert "Not saved" in status.message and "not a RACE category" in status.message
        assert app.screen.query_one("#editor-title", Input).value == "Tagged"
        await pilot.press("escape")  # refuses to leave once, saying why
        await pilot.pause()
        assert isinstance(app.screen, EntryEditorScreen)


async def test_a_failed_write_is_shown_and_retried_without_losing_text(service, monkeypatch):
    from rmpair.core.errors import VaultWriteFailed
    from rmpair.core.service import PairService

    app = WritingHarness(service, lambda: EntryEditorScreen(kind="reflection", meeting=1))
    async with app.run_test() as pilot:
        await pilot.pause()
        vault = service._vault  # fault injection: the disk is full for a while
        real_save = vault.save

        def full_disk(image):
            raise VaultWriteFailed("The disk is full.")

        monkeypatch.setattr(vault, "save", full_disk)
        await pilot.press(*"Written while the disk was full")
        app.screen.flush_unsaved()
        await pilot.pause()
        status = app.screen.query_one(EntryStatus)
        assert "The disk is full." in status.message and "Ctrl+S" in status.message
        assert ".." not in status.message  # the reason's own full stop, not a second one
        assert service.unsaved
        await pilot.press(*"!")
        app.screen.flush_unsaved()
        assert len(service.entries()) == 1  # the retry updated the same entry, not a new one
        monkeypatch.setattr(vault, "save", real_save)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not service.unsaved
        assert "Saved" in app.screen.query_one(EntryStatus).message
        path = service.path
    service.close()
    reopened = PairService.unlock(path, "mentor passphrase")
    try:
        [entry] = reopened.entries()
        assert entry.title == "Written while the disk was full!"
    finally:
        reopened.close()


async def test_opening_an_entry_that_is_gone_creates_nothing(service):
    app = WritingHarness(service, lambda: EntryEditorScreen("deadbeefdeadbeef"))
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: not isinstance(app.screen, EntryEditorScreen))
        assert service.entries() == []


def footer_keys(app) -> set[str]:
    """The keys the footer shows whole, as "key description"."""
    from textual.widgets._footer import FooterKey

    return {f"{key.key_display} {key.description}" for key in app.screen.query(FooterKey) if key.display}


LONG_BODY = "\n\n".join(f"## Part {n}\n\nWhat happened at step {n}, in a few words." for n in range(1, 31))


async def test_the_preview_scrolls_by_keyboard_and_the_footer_says_how(service):
    entry = service.add_entry(kind="note", title="Long notes", body=LONG_BODY, meeting=1, private=False)
    app = WritingHarness(service, lambda: EntryEditorScreen(entry.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        editor = app.screen.query_one(MarkdownEditor)
        editor.focus_text()
        await pilot.press("ctrl+r")
        preview = editor.query_one("#md-preview-scroll")
        await wait_until(pilot, lambda: preview.display and preview.max_scroll_y > 0)
        assert preview.border_subtitle == "Tab, then ↑↓ PgUp PgDn"  # how to get there, on its edge
        await pilot.press("tab")
        await wait_until(pilot, lambda: preview.has_focus)
        await wait_until(pilot, lambda: {"↑↓ Scroll", "PgUp/PgDn Page"} <= footer_keys(app))
        await pilot.press("down")
        await wait_until(pilot, lambda: preview.scroll_y == 1)
        await pilot.press("pagedown")
        await wait_until(pilot, lambda: preview.scroll_y > 5)
        paged = preview.scroll_y
        await pilot.press("pageup")
        await wait_until(pilot, lambda: preview.scroll_y < paged)
        await pilot.press("end")
        await wait_until(pilot, lambda: preview.scroll_y == preview.max_scroll_y)
        # Hiding the preview from inside it puts the focus back in the writing.
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: editor.text_area.has_focus)
        assert service.entry(entry.id).body == LONG_BODY  # the keys scrolled; they wrote nothing
