"""Shadowing observations: a form from the template, saved as Markdown, turned into a
talking point by one key."""

from __future__ import annotations

import pytest
from textual.widgets import Select, TextArea

from rmpair.tui.screens.entry_editor import EntryEditorScreen
from rmpair.tui.screens.observation import ObservationScreen, observation_markdown
from rmpair.tui.widgets.entry_autosave import EntryStatus
from rmpair.tui.widgets.entry_fields import Checklist, Choice, SbiNote
from rmpair.tui.widgets.entry_words import NOTHING_YET
from tests.tui.conftest import wait_until
from tests.tui.writing_harness import WritingHarness, new_vault, shipped_content


@pytest.fixture
def service(tmp_path):
    service = new_vault(tmp_path)
    yield service
    service.close()


async def test_an_observation_is_saved_then_becomes_a_talking_point_by_one_key(service):
    service.mark_held(1)
    service.mark_held(2)  # so the next meeting is 3
    app = WritingHarness(service, lambda: ObservationScreen(meeting=2))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        # The brief comes first: how you are introduced, and what is confidential.
        assert screen.query_one("#field-brief", TextArea).has_focus
        await pilot.press("tab")
        assert screen.query_one("#field-context", TextArea).has_focus
        await pilot.press(*"Quarterly budget review, in a room")
        await pilot.press("tab")  # on to "who was there"
        await pilot.press(*"Eight managers")
        noticed = screen.query_one("#field-noticed", Checklist)
        noticed.query("TickBox").first().focus()
        await pilot.press("space")
        airtime = screen.query_one("#field-airtime", Choice)
        airtime.focus()
        await pilot.press("down", "enter")
        note = screen.query_one(SbiNote)
        note.query_one(".sbi-situation", TextArea).focus()
        await pilot.press(*"Budget item")
        await pilot.press("tab", *"Ama was talked over twice")
        await pilot.press("tab", *"She stopped contributing")
        level = screen.query_one("#field-level", Checklist)
        level.query("TickBox")[1].focus()
        await pilot.press("space")
        await wait_until(pilot, lambda: "## Level" in "".join(e.body for e in service.entries(kind="observation")))
        [observation] = service.entries(kind="observation")  # it saved itself
        assert observation.private and observation.meeting == 2
        assert observation.template_id == "meeting"
        assert observation.title == "Meeting observation: Quarterly budget review, in a room"
        body = observation.body
        assert "## Context\n\nQuarterly budget review, in a room" in body
        assert "## Who was there\n\nEight managers" in body
        assert "- A few people did most of the talking" in body
        assert "## Airtime\n\nA few people did most of the talking" in body
        assert "### Note 1\n\n- **Situation:** Budget item\n- **Behaviour:** Ama was talked over twice" in body
        assert "## Level\n\n- Team" in body

        await pilot.press("ctrl+t")
        await pilot.pause()
        [point] = service.entries(kind="talking-point")
        assert point.private
        assert point.meeting == 3  # the next meeting, not the observation's
        assert "Ama was talked over twice" in point.body and "She stopped contributing" in point.body
        assert point.race_tags == ("resistance",)
        assert isinstance(app.screen, EntryEditorScreen)  # open to shape it
        assert len(service.entries(kind="observation")) == 1  # the observation stays


async def test_up_to_three_sbi_notes(service):
    app = WritingHarness(service, lambda: ObservationScreen())
    async with app.run_test() as pilot:
        await pilot.pause()
        for _ in range(4):
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert len(app.screen.query(SbiNote)) == 3
        assert not app.screen.query_one("#sbi-add").display


async def test_switching_template_keeps_what_was_written(service):
    app = WritingHarness(service, lambda: ObservationScreen(meeting=1))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(*"Board meeting")
        app.screen.query_one("#obs-template", Select).value = "walkround"
        await wait_until(pilot, lambda: app.screen.query_one(EntryStatus).message == NOTHING_YET, draw=False)
        assert app.screen.query_one("#field-context", TextArea).text == ""
        [saved] = service.entries(kind="observation")
        assert "Board meeting" in saved.body
        await pilot.press(*"Ward 4 visit")
        app.screen.flush_unsaved()
        assert len(service.entries(kind="observation")) == 2
        assert {e.template_id for e in service.entries()} == {"meeting", "walkround"}


def test_markdown_has_only_answered_fields():
    template = shipped_content().observation_template("meeting")
    body = observation_markdown(template, {"context": "Away day", "noticed": [], "notes": [], "level": ["Symbolic"]})
    assert body == "## Context\n\nAway day\n\n## Level\n\n- Symbolic\n"


async def test_blank_observation_cannot_become_a_talking_point(service):
    app = WritingHarness(service, lambda: ObservationScreen())
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert service.entries() == []
        assert isinstance(app.screen, ObservationScreen)


async def tab_to(pilot, widget, limit: int = 60) -> None:
    """Press Tab, as a person would, until ``widget`` has the focus."""
    for _ in range(limit):
        if widget.has_focus:
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached {widget!r}")


async def test_the_talking_point_carries_every_ticked_item_and_every_note(service):
    """Not only the context line: each ticked box, the option chosen, what was written in
    the other fields and each part of each situation-behaviour-impact note."""
    app = WritingHarness(service, lambda: ObservationScreen(meeting=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await tab_to(pilot, screen.query_one("#field-context", TextArea))
        await pilot.press(*"Away day")
        await pilot.press("tab", *"Twelve leads")
        noticed = screen.query_one("#field-noticed", Checklist).query("TickBox")
        for index in (0, 2, 5):
            await tab_to(pilot, noticed[index])
            await pilot.press("space")
        airtime = screen.query_one("#field-airtime", Choice)
        await tab_to(pilot, airtime)
        await pilot.press("down", "down", "enter")
        await tab_to(pilot, screen.query_one(SbiNote).query_one(".sbi-situation", TextArea))
        await pilot.press(*"Opening round", "tab", *"Sam was skipped", "tab", *"Sam left early")
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: len(screen.query(SbiNote)) == 2)
        await tab_to(pilot, screen.query(SbiNote)[1].query_one(".sbi-situation", TextArea))
        await pilot.press(*"Lunch", "tab", *"A joke about accents", "tab", *"Nobody laughed")
        level = screen.query_one("#field-level", Checklist).query("TickBox")
        for index in (0, 3):
            await tab_to(pilot, level[index])
            await pilot.press("space")
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: service.entries(kind="talking-point"))
        [point] = service.entries(kind="talking-point")
        template = shipped_content().observation_template("meeting")
        options = {field.id: field.options for field in template.fields}
        carried = [
            "Away day", "Twelve leads",
            options["noticed"][0], options["noticed"][2], options["noticed"][5],
            options["airtime"][1],
            "Opening round", "Sam was skipped", "Sam left early",
            "Lunch", "A joke about accents", "Nobody laughed",
            options["level"][0], options["level"][3],
        ]
        missing = [words for words in carried if words not in point.body]
        assert not missing, f"the talking point dropped {missing}"
        assert options["noticed"][1] not in point.body  # an item left unticked is not claimed
        assert point.title == "From shadowing: Away day"
        assert isinstance(app.screen, EntryEditorScreen)
