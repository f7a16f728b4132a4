"""The text area for the pair's words keeps every character and edits like Textual's own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual import events
from textual.app import App
from textual.document._document import Document
from textual.widgets import TextArea

from tests.hostile_samples import SAMPLES
from rmpair.tui.widgets.literal_fields import LONG_LINE, ExactDocument, LiteralTextArea

LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def test_every_sample_comes_back_exactly():
    for title, body in SAMPLES.values():
        for text in (title, body, body + LINE_BREAKS + "\r\n"):
            assert ExactDocument(text).text == text


_unix_text = st.text(st.characters(blacklist_characters=LINE_BREAKS, blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(text=_unix_text, inserted=_unix_text, data=st.data())
def test_an_edit_does_what_textuals_own_document_does(text, inserted, data):
    """Where Textual's document is exact (only "\\n" line ends) the two agree on every edit."""
    ours, theirs = ExactDocument(text), Document(text)
    lines = theirs.lines

    def location():
        row = data.draw(st.integers(0, len(lines) - 1))
        return row, data.draw(st.integers(0, len(lines[row])))

    start, end = location(), location()
    assert ours.replace_range(start, end, inserted) == theirs.replace_range(start, end, inserted)
    assert ours.text == theirs.text and ours.lines == theirs.lines


class AreaApp(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def compose(self):
        yield LiteralTextArea(self._text)


async def test_typing_among_carriage_returns_changes_only_what_was_typed():
    text = "one\r\ntwo\rthree\x0cfour\n"
    app = AreaApp(text)
    async with app.run_test(size=(60, 10)) as pilot:
        area = app.query_one(LiteralTextArea)
        area.focus()
        area.move_cursor((1, 0))
        await pilot.press("x", "enter")
        await pilot.pause()
        assert area.text == "one\r\nx\ntwo\rthree\x0cfour\n"
        line = "".join(segment.text for segment in area.render_line(2))
        assert "two␍three␌four" in line, "the controls show as pictures"


async def test_a_paste_from_the_terminal_arrives_as_the_lines_that_were_copied():
    """Terminals send the line ends of a paste as CR, like the Enter key; ESC stays text."""
    app = AreaApp("")
    async with app.run_test(size=(60, 10)) as pilot:
        area = app.query_one(LiteralTextArea)
        area.focus()
        app.post_message(events.Paste("first\rsecond\r\nthird \x1b[2J\x0cpage"))
        await pilot.pause()
        assert area.text == "first\nsecond\nthird \x1b[2J\x0cpage"
        assert "".join(segment.text for segment in area.render_line(2)).startswith("third ␛[2J␌page")


class TwoAreasApp(App[None]):
    """The same text in Textual's text area and in ours, side by side."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def compose(self):
        yield TextArea(self._text, soft_wrap=True, id="theirs")
        yield LiteralTextArea(self._text, soft_wrap=True, id="ours")

    CSS = "TextArea { height: 1fr; }"


@pytest.mark.parametrize("words", ["a long pasted line ", "with\ttabs\tin it "])
async def test_a_long_line_is_drawn_as_textual_draws_it(words):
    """A line past LONG_LINE is drawn one section at a time; row for row it must look the
    same as Textual's own drawing, with the cursor at its end (rows deep into the line)."""
    text = words * (LONG_LINE // len(words) + 40)
    app = TwoAreasApp(text)
    async with app.run_test(size=(50, 200)) as pilot:
        theirs, ours = app.query_one("#theirs", TextArea), app.query_one("#ours", LiteralTextArea)
        for area in (theirs, ours):
            area.focus()
            area.move_cursor(area.document.end)
            await pilot.pause()

        def rows(area):
            return ["".join(segment.text for segment in area.render_line(y)) for y in range(area.size.height)]

        assert ours.wrapped_document.height > 40, "the line wraps over many rows"
        assert rows(ours) == rows(theirs)


async def test_a_long_title_shows_its_start_when_the_field_opens_and_after_leaving_it():
    from textual.widgets import Button

    from rmpair.tui.widgets.literal_fields import LiteralInput
    from tests.tui.conftest import screen_text

    title = "Noticed how ideas in stand-up are credited to whoever repeats them loudest, not who said them first"

    class TitleApp(App[None]):
        def compose(self):
            yield Button("elsewhere")
            yield LiteralInput(title, id="title")

    app = TitleApp()
    async with app.run_test(size=(40, 8)) as pilot:
        field = app.query_one("#title", LiteralInput)
        await pilot.pause()
        assert field.scroll_x == 0 and "Noticed how" in screen_text(app)
        field.focus()
        await pilot.press("end")
        await pilot.pause()
        assert field.scroll_x > 0
        app.query_one(Button).focus()
        await pilot.pause()
        assert field.scroll_x == 0 and "Noticed how" in screen_text(app)
