"""Keys typed ahead go where the form has moved on to: the terminal often delivers a fast
typist's keys in one read, so Enter and the next key reach the app together."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input, RadioSet

from rmpair.tui.screens.setup import SetupScreen
from tests.tui.conftest import wait_until


async def test_space_straight_after_enter_chooses_the_role_not_a_space_in_the_name(tmp_path: Path, make_app) -> None:
    app = make_app(tmp_path / "pair.rmpair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, SetupScreen))
        await pilot.press(*"Sam")
        # Both keys are queued before the app handles either, as one read from the terminal gives them.
        app.post_message(events.Key("enter", "\r"))
        app.post_message(events.Key("space", " "))
        roles = app.screen.query_one(RadioSet)
        await wait_until(pilot, lambda: roles.pressed_button is not None)
        assert app.screen.query_one("#setup-name", Input).value == "Sam"
        assert roles.pressed_index == 0  # the mentor, the first choice
