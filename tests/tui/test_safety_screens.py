"""Safety in the app: the mentor is offered the debrief after hard meetings, the debrief and
the guidance page show the programme's contacts (or say plainly which are missing), and
the glossary is one key away."""

from __future__ import annotations

from pathlib import Path

import pytest

from rmpair.core.service import PairService
from rmpair.tui.screens.guidance import GuidanceScreen
from rmpair.tui.screens.reflection import ReflectionScreen
from tests.tui.conftest import MENTEE_PASSPHRASE, MENTOR_PASSPHRASE, unlock, wait_until

CONTACTS = """
[programme]
name = "Kestrel Trust reverse mentoring"
lead = "Sam Okafor"
lead_contact = "sam.okafor@example.org"
urgent_support = "0800 000 0000"
"""


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    folder = tmp_path / "programme"
    folder.mkdir()
    (folder / "programme.toml").write_text(CONTACTS, encoding="utf-8")
    return folder


def hold_meeting_two(vault: Path) -> None:
    mentor = PairService.unlock(vault, MENTOR_PASSPHRASE)
    try:
        mentor.mark_held(1)
        mentor.mark_held(2)
    finally:
        mentor.close()


def todo_lines(app) -> list[str]:
    todo = app.screen.query_one("#home-todo")
    return [str(todo.get_option_at_index(i).prompt) for i in range(todo.option_count)]


async def test_the_mentor_is_offered_the_debrief_and_it_shows_the_contacts(pair_vault, make_app, programme) -> None:
    hold_meeting_two(pair_vault)
    app = make_app(pair_vault, prompt_dirs=[programme])
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        assert any(line.startswith("Meeting 2 is behind you") for line in todo_lines(app))
        todo = app.screen.query_one("#home-todo")
        todo.focus()
        todo.highlighted = 0
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReflectionScreen))
        await wait_until(pilot, lambda: app.screen.query(".refl-closing"))
        screen = app.screen
        assert screen._template.id == "mentor-debrief"
        assert screen.query_one("#refl-meeting").value == 2
        closing = str(screen.query_one(".refl-closing").render())
        assert "Who to contact in Kestrel Trust reverse mentoring:" in closing
        assert "Programme lead: Sam Okafor" in closing and "Urgent support: 0800 000 0000" in closing
        # What the programme left out is said, not left blank.
        assert "The mentors' peer group: not filled in" in closing
        assert screen.query("#section-getting-heavier")  # the debrief asks whether it is getting heavier


async def test_the_mentee_is_not_offered_the_mentors_debrief(pair_vault, make_app) -> None:
    hold_meeting_two(pair_vault)
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot, MENTEE_PASSPHRASE)
        assert not any("debrief" in line for line in todo_lines(app))
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, ReflectionScreen)


async def test_the_guidance_page_says_what_happens_and_which_contacts_are_missing(pair_vault, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot, MENTEE_PASSPHRASE)
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, GuidanceScreen))
        await pilot.pause()
        page = str(app.screen.query_one("#guide-disclosure .guidance-text").render())
        assert "The mentor hears first." in page
        assert "Programme lead: not filled in" in page
        assert "has not put its name in programme.toml" in page
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: app.screen.query_one("#guidance-pages").active == "guide-glossary")
        glossary = str(app.screen.query_one("#guide-glossary .guidance-text").render())
        assert "Microaggression: " in glossary and "Reasonable adjustment: " in glossary
        await pilot.press("escape")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
