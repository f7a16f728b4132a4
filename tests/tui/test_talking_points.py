"""Preparing talking points: prompts by category and meeting, drafts, sharing."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Select, Tabs

from rmpair.tui.screens.entry_editor import EntryEditorScreen
from rmpair.tui.screens.talking_points import TalkingPointsScreen
from rmpair.tui.widgets.entry_privacy import ConfirmShare
from rmpair.tui.widgets.markdown_editor import MarkdownEditor
from rmpair.tui.widgets.prompt_panel import PromptPanel
from tests.tui.conftest import wait_until
from tests.tui.writing_harness import WritingHarness, new_vault, shipped_content, switch_person


@pytest.fixture
def service(tmp_path):
    service = new_vault(tmp_path)
    yield service
    service.close()


def listed(app) -> list[str]:
    option_list = app.screen.query_one("#prompt-list", OptionList)
    return [option_list.get_option_at_index(i).id for i in range(option_list.option_count)]


async def test_picking_a_prompt_by_keyboard_makes_a_private_draft(service):
    app = WritingHarness(service, lambda: TalkingPointsScreen(meeting=2))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#prompt-list", OptionList).has_focus
        second = shipped_content().prompt(listed(app)[1])
        await pilot.press("down", "enter")
        await pilot.pause()
        [draft] = service.entries(kind="talking-point")
        assert draft.private
        assert draft.title == second.title
        assert draft.body.startswith(f"> **{second.title}**")
        assert second.text.strip().splitlines()[0] in draft.body
        assert draft.race_tags == (second.category,)
        assert draft.meeting == 2
        assert draft.template_id == second.id
        # ...and it opens for writing, the cursor after the quoted prompt.
        assert isinstance(app.screen, EntryEditorScreen)
        await pilot.press(*"My story")
        await pilot.press("escape")
        await pilot.pause()
        assert service.entry(draft.id).body.endswith("My story")
        assert isinstance(app.screen, TalkingPointsScreen)
        drafts = app.screen.query_one("#tp-drafts", OptionList)
        assert drafts.get_option_at_index(0).id == draft.id
        assert "🔒 private" in str(drafts.get_option_at_index(0).prompt)


async def test_category_and_meeting_filters_change_the_list(service):
    content = shipped_content()
    app = WritingHarness(service, lambda: TalkingPointsScreen(meeting=2))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        every = listed(app)
        assert every and all(content.prompt(p).fits(role="mentor", meeting=2) for p in every)
        # Category: move along the tabs by keyboard.
        app.screen.query_one(Tabs).focus()
        await pilot.press("right")
        await pilot.pause()
        resistance = listed(app)
        assert resistance and set(resistance) < set(every)
        assert {content.prompt(p).category for p in resistance} == {"resistance"}
        detail = str(app.screen.query_one("#detail-category-title").content)
        assert "Resistance" in detail  # what the category means is in view
        # Meeting: choose meeting 5 in the select by keyboard.
        app.screen.query_one("#prompt-meeting", Select).focus()
        await pilot.press("enter", "down", "down", "down", "enter")
        await pilot.pause()
        assert app.screen.query_one(PromptPanel).meeting == 5
        later = listed(app)
        assert later != resistance
        assert all(5 in content.prompt(p).meetings for p in later)
        # Role: the partner's prompts.
        app.screen.query_one("#prompt-role", Select).value = "mentee"
        await pilot.pause()
        assert all("mentee" in content.prompt(p).roles for p in listed(app))
        assert app.screen.sub_title == "Preparing for meeting 5"


async def test_drafts_share_and_move_to_the_agenda_by_key(service):
    first = service.add_entry(kind="talking-point", title="[bold]Lift[/]", body="Broken again", meeting=3)
    second = service.add_entry(kind="talking-point", title="Panels", body="Who sits on them", meeting=3)
    service.add_entry(kind="talking-point", title="Elsewhere", body="Other meeting", meeting=4)
    app = WritingHarness(service, lambda: TalkingPointsScreen(meeting=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        drafts = app.screen.query_one("#tp-drafts", OptionList)
        assert drafts.option_count == 2
        assert "[bold]Lift[/]" in str(drafts.get_option_at_index(0).prompt)  # literal, not bold
        await pilot.press("d")
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmShare))
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: "👥 shared" in str(drafts.get_option_at_index(0).prompt))
        assert not service.entry(first.id).private
        await pilot.press("down", "a")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmShare))
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: service.entry(second.id).on_agenda)
        moved = service.entry(second.id)
        assert moved.on_agenda and not moved.private
        assert [i.text for i in service.meeting(3).agenda] == ["Panels"]


async def test_the_partners_private_drafts_are_not_listed(service):
    service.add_entry(kind="talking-point", title="Mentor only", body="secret", meeting=2)
    mentee = switch_person(service)
    try:
        app = WritingHarness(mentee, lambda: TalkingPointsScreen(meeting=2))
        async with app.run_test() as pilot:
            await pilot.pause()
            assert app.screen.query_one(PromptPanel).role == "mentee"
            drafts = app.screen.query_one("#tp-drafts", OptionList)
            assert drafts.option_count == 1 and drafts.get_option_at_index(0).disabled  # the "none yet" line
    finally:
        mentee.close()


async def test_new_blank_talking_point_is_made_only_once_written(service):
    app = WritingHarness(service, lambda: TalkingPointsScreen(meeting=1))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, EntryEditorScreen))
        app.screen.query_one(MarkdownEditor).focus_text()
        await pilot.press(*"Rota")
        await pilot.press("escape")
        await pilot.pause()
        [entry] = service.entries()
        assert (entry.kind, entry.meeting, entry.private) == ("talking-point", 1, True)


async def test_left_and_right_on_the_prompt_list_change_category(service):
    app = WritingHarness(service, lambda: TalkingPointsScreen(meeting=2))
    async with app.run_test() as pilot:
        await pilot.pause()
        panel = app.screen.query_one(PromptPanel)
        await pilot.press("right")
        await pilot.pause()
        assert panel.category == "resistance"
        assert app.screen.query_one("#prompt-list", OptionList).has_focus  # still on the list
        await pilot.press("left", "left")
        await pilot.pause()
        assert panel.category == "solidarity"  # wraps round past "All"
        assert {shipped_content().prompt(p).category for p in listed(app)} == {"solidarity"}


async def test_in_the_real_app_a_draft_typed_just_before_locking_is_kept(tmp_path):
    """The whole path a mentor takes: home, talking points, a prompt, a few words, Ctrl+L."""
    from rmpair.tui.app import RmpairApp
    from rmpair.core.service import PairService
    from tests.tui.writing_harness import FAST_KDF, MENTOR_PASS, screen_text

    service = new_vault(tmp_path)
    path = service.path
    app = RmpairApp(path, kdf=FAST_KDF, settings_path=tmp_path / "settings.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_session(service, shipped_content())
        await app.show_home()
        await pilot.pause()
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TalkingPointsScreen))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, EntryEditorScreen))
        await pilot.press(*"Words typed a moment before locking")
        await pilot.press("ctrl+l")  # no pause: the autosave has not run yet
        await pilot.pause()
        assert app.service is None
        assert "Words typed a moment before locking" not in screen_text(app)
    reopened = PairService.unlock(path, MENTOR_PASS)
    try:
        [draft] = reopened.entries()
        assert draft.private and draft.kind == "talking-point"
        assert draft.body.endswith("Words typed a moment before locking")
    finally:
        reopened.close()


async def test_start_here_comes_first_and_specialist_words_are_explained_beside_the_prompt(service):
    app = WritingHarness(service, lambda: TalkingPointsScreen(meeting=4))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        prompts = listed(app)
        assert prompts[0] == "start-here.meeting-4.mentor"
        option_list = app.screen.query_one("#prompt-list", OptionList)
        option_list.highlighted = prompts.index("resistance.fence-not-box")
        await pilot.pause()
        assert str(app.screen.query_one("#detail-terms-title").content) == "Words used here"
        terms = str(app.screen.query_one("#detail-terms-text").content)
        assert terms.startswith("Reasonable adjustment: ") and "legal duty" in terms
        option_list.highlighted = prompts.index("start-here.meeting-4.mentor")
        await pilot.pause()
        # The category's description beside it uses one too.
        assert str(app.screen.query_one("#detail-terms-text").content).startswith("Stretch project: ")
