"""Reflections: the default template and Gibbs, saved privately as headed Markdown."""

from __future__ import annotations

import pytest
from textual.widgets import Select, TextArea

from rmpair.tui.screens.reflection import ReflectionScreen
from rmpair.tui.widgets.entry_privacy import ConfirmShare
from rmpair.tui.widgets.race_tag_picker import RaceTagPicker
from tests.tui.conftest import wait_until
from tests.tui.writing_harness import WritingHarness, new_vault, switch_person


@pytest.fixture
def service(tmp_path):
    service = new_vault(tmp_path)
    yield service
    service.close()


async def test_a_reflection_with_the_default_questions_in_two_minutes(service):
    service.mark_held(1)
    app = WritingHarness(service, lambda: ReflectionScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#refl-template", Select).value == "what-so-what-now-what"
        assert screen.query_one("#refl-meeting", Select).value == 1  # the meeting just held
        assert screen.query_one("#section-what", TextArea).has_focus
        await pilot.press(*"Ada told me about the rota")
        await pilot.press("tab", *"I had never noticed")
        await pilot.press("tab", *"Change the rota by March")
        screen.query_one("#race-compassion").focus()
        await pilot.press("space")
        assert screen.query_one(RaceTagPicker).tags == ("compassion",)
        await wait_until(pilot, lambda: [e.race_tags for e in service.entries(kind="reflection")] == [("compassion",)])
        [reflection] = service.entries(kind="reflection")  # it saved itself
        assert reflection.private
        assert reflection.meeting == 1
        assert reflection.race_tags == ("compassion",)
        assert reflection.template_id == "what-so-what-now-what"
        assert reflection.title == "Ada told me about the rota"
        assert reflection.body == (
            "## What?\n\nAda told me about the rota\n\n"
            "## So what?\n\nI had never noticed\n\n"
            "## Now what?\n\nChange the rota by March\n"
        )


async def test_gibbs_reflection_and_the_private_toggle(service):
    app = WritingHarness(service, lambda: ReflectionScreen(meeting=2))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("ctrl+n")  # the next template: Gibbs' cycle
        await pilot.pause()
        assert screen.query_one("#refl-template", Select).value == "gibbs"
        assert screen.query_one("#section-description", TextArea).has_focus
        await pilot.press(*"The budget meeting")
        screen.query_one("#section-action-plan", TextArea).focus()
        await pilot.press(*"Chair differently")
        await pilot.press("ctrl+o")  # share: asks first
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmShare))
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: [e.private for e in service.entries(kind="reflection")] == [False])
        [reflection] = service.entries(kind="reflection")
        assert reflection.template_id == "gibbs"
        assert reflection.body == "## Description\n\nThe budget meeting\n\n## Action plan\n\nChair differently\n"


async def test_the_mentor_debrief_is_offered_to_the_mentor_only(service):
    app = WritingHarness(service, lambda: ReflectionScreen())
    async with app.run_test() as pilot:
        await pilot.pause()
        options = [value for _, value in app.screen.query_one("#refl-template", Select)._options]
        assert "mentor-debrief" in options
    mentee = switch_person(service)
    try:
        app = WritingHarness(mentee, lambda: ReflectionScreen())
        async with app.run_test() as pilot:
            await pilot.pause()
            options = [value for _, value in app.screen.query_one("#refl-template", Select)._options]
            assert "mentor-debrief" not in options and "gibbs" in options
    finally:
        mentee.close()


async def test_flush_unsaved_keeps_a_half_written_reflection(service):
    app = WritingHarness(service, lambda: ReflectionScreen(meeting=3))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(*"Half a thought")
        app.screen.flush_unsaved()
        [reflection] = service.entries()
        assert "Half a thought" in reflection.body and reflection.meeting == 3


async def test_in_review_together_mode_a_reflection_starts_shared_and_saves(service):
    service.review_mode = True
    app = WritingHarness(service, lambda: ReflectionScreen(meeting=1))
    async with app.run_test() as pilot:
        await pilot.pause()
        from rmpair.tui.widgets.entry_privacy import PrivacyToggle

        assert "👥 shared" in str(app.screen.query_one(PrivacyToggle).render())
        await pilot.press(*"Written together")
        app.screen.flush_unsaved()
        [reflection] = service.entries()
        assert not reflection.private and "Written together" in reflection.body


@pytest.mark.parametrize(("size", "rows"), [((80, 24), 4), ((160, 48), 8)])
async def test_the_answer_boxes_grow_with_the_terminal(service, size, rows):
    """Four rows to write in on a small terminal; on a tall one the room is used, not left blank."""
    app = WritingHarness(service, lambda: ReflectionScreen(1))
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReflectionScreen))
        answers = list(app.screen.query(".refl-answer"))
        await wait_until(pilot, lambda: all(answer.size.height > 0 for answer in answers))
        assert [answer.outer_size.height for answer in answers] == [rows] * 3
