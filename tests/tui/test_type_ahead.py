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


def _queued_together(app, keys: list[tuple[str, str | None]]) -> None:
    """Every key queued before the app handles any, as one read from the terminal gives them
    (a fast typist, a paste with a tab in it, a password manager typing for you)."""
    for key, character in keys:
        app.post_message(events.Key(key, character))


async def test_text_typed_straight_after_tab_goes_to_the_next_field_not_the_one_left(
    pair_vault: Path, make_app
) -> None:
    from textual.widgets import TextArea

    from rmpair.tui.screens.reflection import ReflectionScreen
    from tests.tui.conftest import MENTOR_PASSPHRASE, unlock

    app = make_app(pair_vault)
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReflectionScreen))
        answers = list(app.screen.query(".refl-answer").results(TextArea))
        await wait_until(pilot, lambda: app.focused is answers[0])
        _queued_together(app, [("w", "w"), ("tab", "\t"), ("s", "s"), ("shift+tab", None), ("x", "x")])
        await wait_until(pilot, lambda: answers[0].text == "wx" and answers[1].text == "s")
        assert app.focused is answers[0]


async def test_keys_straight_after_tab_on_the_unlock_screen_are_not_typed_into_the_passphrase(
    pair_vault: Path, make_app
) -> None:
    from rmpair.tui.screens.home import HomeScreen
    from tests.tui.conftest import MENTOR_PASSPHRASE

    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.focused is not None and app.focused.id == "unlock-passphrase")
        _queued_together(
            app, [*((c if c != " " else "space", c) for c in MENTOR_PASSPHRASE), ("tab", "\t"), ("space", " "), ("enter", "\r")]
        )
        # Tab leaves the field for Unlock, where Space does nothing and Enter presses it,
        # with the passphrase as it was typed.
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert not app.service.review_mode
