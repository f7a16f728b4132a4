"""The blank-screen key: someone walks up, one key, and nothing the pair wrote is on show."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from rmpair.tui.screens.blank import HIDDEN_TEXT, BlankScreen
from tests.tui.review_harness import (
    MENTOR_PASS,
    MENTOR_SECRET_TITLE,
    SHARED_WORD,
    ReviewHarness,
    open_as,
    screenshot_text,
    seeded_pair,
    show_section,
)
from tests.tui.conftest import wait_until


@pytest.fixture
def seeded(tmp_path: Path):
    return seeded_pair(tmp_path)


def on_screen_now(app) -> str:
    return screenshot_text(app)


async def test_one_key_hides_everything_and_enter_brings_it_back(seeded, make_app) -> None:
    app = make_app(seeded.path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "UnlockScreen")
        await pilot.press(*MENTOR_PASS, "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await pilot.press("1")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "MeetingScreen")
        meeting = app.screen
        await show_section(pilot, "writing")
        before = on_screen_now(app)
        assert SHARED_WORD in before and f"{MENTOR_SECRET_TITLE} thoughts" in before
        app.notify(f"Saved {MENTOR_SECRET_TITLE}")
        await pilot.pause()

        await pilot.press("ctrl+backslash")
        await wait_until(pilot, lambda: isinstance(app.screen, BlankScreen))
        hidden = on_screen_now(app)
        assert HIDDEN_TEXT in hidden
        for word in (SHARED_WORD, MENTOR_SECRET_TITLE, "Ada", "Ben", "Meeting 1", "rmpair"):
            assert word not in hidden, f"{word!r} is still on the hidden screen"
        # Other keys do nothing: a curious press does not bring the text back.
        await pilot.press("x", "escape", "1")
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)

        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is meeting)
        assert SHARED_WORD in on_screen_now(app)

        # F9 does the same, for keyboards where a backslash needs a third key.
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, BlankScreen))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is meeting)


async def test_space_returns_and_the_key_works_while_typing(seeded) -> None:
    from rmpair.tui.screens.export import ExportScreen

    service = open_as(seeded.path, MENTOR_PASS)
    app = ReviewHarness(service, ExportScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        path = app.screen.query_one("#export-path", Input)
        path.focus()
        await pilot.press("ctrl+backslash")  # even with the cursor in a text field
        await wait_until(pilot, lambda: isinstance(app.screen, BlankScreen))
        await pilot.press("ctrl+backslash")  # pressing it again does not stack blank screens
        await pilot.pause()
        assert len(app.screen_stack) == 3
        await pilot.press("space")
        await wait_until(pilot, lambda: not isinstance(app.screen, BlankScreen))
        assert app.focused is path
    service.close()


async def test_in_review_together_the_blank_screen_shows_no_banner_either(seeded) -> None:
    from rmpair.tui.screens.progress import ProgressScreen

    service = open_as(seeded.path, MENTOR_PASS)
    service.review_mode = True
    app = ReviewHarness(service, ProgressScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+backslash")
        await pilot.pause()
        text = on_screen_now(app)
        assert "REVIEW TOGETHER" not in text
        assert text.strip().startswith(HIDDEN_TEXT) or HIDDEN_TEXT in text
        await pilot.press("enter")
        await pilot.pause()
        assert "REVIEW TOGETHER" in on_screen_now(app)
    service.close()
