"""A writing form always shows the question being answered, not only its answer box.

On a short terminal the reflection and observation forms opened with the first answer box
at the top of the form and its question scrolled out of sight: a person sat before an
empty box with nothing to say what it was for. Every form built of questions is opened
here from home, in the real app with its style sheets, and walked with Tab (and Shift+Tab)
at both sizes the app is checked at: wherever the focus lands in a question that fits on
screen, the question's heading and the focused widget are both wholly in view.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Label, Select

from rmpair.tui.widgets.question_block import enclosing_question
from tests.tui.conftest import MENTOR_PASSPHRASE, screen_name, unlock, wait_until
from tests.tui.writing_harness import shipped_content

SIZES = ((80, 24), (160, 48))
SMALL = SIZES[0]


def _question_shown(screen: Screen) -> bool:
    focused = screen.focused
    if focused is None:
        return False
    question = enclosing_question(focused)
    if question is None or not question.fits_in_form():
        return screen.can_view_entire(focused)
    return screen.can_view_entire(question.children[0]) and screen.can_view_entire(focused)


def _where(screen: Screen) -> str:
    focused = screen.focused
    question = enclosing_question(focused)
    heading = question.children[0].render() if question is not None else None
    return f"focus on {focused!r}, its question {heading!r}"


async def question_in_view(pilot: Pilot) -> None:
    screen = pilot.app.screen

    def shown() -> bool:
        return _question_shown(screen)

    shown.__name__ = "the focused widget and its question in view"
    try:
        await wait_until(pilot, shown)
    except AssertionError as missing:
        raise AssertionError(f"{missing}: {_where(screen)}") from None


async def walk(pilot: Pilot, key: str, steps: int = 90) -> list[str]:
    """Press ``key`` until the focus comes back round, checking the view at each stop;
    returns the ids of the answers it stopped on, the one it started from last."""
    screen = pilot.app.screen
    start = screen.focused
    answers = []
    for _ in range(steps):
        await pilot.press(key)
        await question_in_view(pilot)
        if enclosing_question(screen.focused) is not None and screen.focused.id:
            answers.append(screen.focused.id)
        if screen.focused is start:
            return answers
    raise AssertionError(f"{key} did not come back to {start!r} in {steps} presses")


def heading_in_view(screen: Screen, heading: str) -> bool:
    """The label that reads ``heading`` is wholly on screen (found by its words, whatever
    holds it)."""
    labels = [label for label in screen.query(Label) if str(label.render()).startswith(heading)]
    return any(screen.can_view_entire(label) for label in labels)


async def open_from_home(pilot: Pilot, key: str, screen: str) -> Screen:
    await unlock(pilot, MENTOR_PASSPHRASE)
    await pilot.press(key)
    await wait_until(pilot, lambda: screen_name(pilot.app) == screen and pilot.app.screen.focused is not None)
    return pilot.app.screen


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_reflection_question_is_shown_with_its_answer(make_app, pair_vault, size):
    templates = shipped_content().reflection_templates_for("mentor")
    app = make_app(pair_vault)
    async with app.run_test(size=size) as pilot:
        screen = await open_from_home(pilot, "r", "ReflectionScreen")
        chooser = screen.query_one("#refl-template", Select)
        seen = []
        for _ in templates:
            template = shipped_content().reflection_template(str(chooser.value))
            first = f"section-{template.sections[0].id}"
            await wait_until(pilot, lambda: screen.focused is not None and screen.focused.id == first)
            await question_in_view(pilot)
            assert heading_in_view(screen, template.sections[0].heading)
            if size == SMALL or not seen:
                answers = await walk(pilot, "tab")
                assert sorted(answers) == sorted(f"section-{s.id}" for s in template.sections)
            if not seen and size == SMALL:
                await walk(pilot, "shift+tab")
            seen.append(template.id)
            await pilot.press("ctrl+n")  # the next template, its first answer focused
            await wait_until(pilot, lambda: chooser.value not in seen or len(seen) == len(templates))
        assert sorted(seen) == sorted(t.id for t in templates)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_observation_question_is_shown_with_its_answer(make_app, pair_vault, size):
    app = make_app(pair_vault)
    async with app.run_test(size=size) as pilot:
        screen = await open_from_home(pilot, "o", "ObservationScreen")
        for number, template in enumerate(shipped_content().observation_templates):
            chooser = screen.query_one("#obs-template", Select)
            chooser.value = template.id  # as chosen from the list
            first = f"field-{template.fields[0].id}"
            await wait_until(pilot, lambda: screen.focused is not None and screen.focused.id == first)
            await question_in_view(pilot)
            assert heading_in_view(screen, template.fields[0].label)
            answers = await walk(pilot, "tab")
            texts = [f"field-{field.id}" for field in template.fields if field.kind == "text"]
            assert set(texts) <= set(answers), " ".join(answers)
            if number == 0 and size == SMALL:
                await walk(pilot, "shift+tab")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_closing_review_question_is_shown_with_its_answer(make_app, pair_vault, size):
    app = make_app(pair_vault)
    async with app.run_test(size=size) as pilot:
        await open_from_home(pilot, "f", "ClosingReviewScreen")
        answers = await walk(pilot, "tab")
        assert sorted(answers) == ["closing-mentee", "closing-mentor", "closing-sponsorship"]
        if size == SMALL:
            await walk(pilot, "shift+tab")
