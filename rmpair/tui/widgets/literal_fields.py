"""Fields for the pair's own words: every character kept, none obeyed.

Textual's ``Input`` and ``TextArea`` hand ESC and the C1 controls to the terminal as they
are, and Rich drops BEL, BS, VT, FF and CR from what they show. Its ``TextArea`` also splits its text at every line boundary Python knows (CR, VT, FF,
NEL, U+2028...) and joins the lines back with one newline, so an entry with a lone
carriage return, or a mix of Windows and Unix line ends, would change on a save that
never touched it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Span, Text
from textual import events
from textual.document._document import Document, EditResult, Location
from textual.document._document_navigator import DocumentNavigator
from textual.document._wrapped_document import WrappedDocument
from textual.widgets import Input, TextArea

from rmpair.tui.widgets.literal import visible


LONG_LINE = 2_000
"""Characters from which a line's wrapped sections are made one at a time (see ``_LongLine``)."""


class _TabCount:
    """What Textual (8.2.8, pinned) reads of the sections before the one it draws: their
    tabs, from ``.plain``. Without a tab in the line there is nothing to count."""

    plain = ""


class _Sections(Sequence[Text]):
    """The wrapped sections of one line, made when asked for. Textual asks first for the
    section it draws, then for each section before it only to count tabs."""

    def __init__(self, line: Text, offsets: Sequence[int]) -> None:
        self._line = line
        self._bounds = [0, *offsets, len(line)]
        self._drawn: int | None = None

    def __len__(self) -> int:
        return len(self._bounds) - 1

    def __getitem__(self, index: int) -> Text:  # type: ignore[override]
        if self._drawn is None:
            self._drawn = index
        elif index != self._drawn and "\t" not in self._line.plain:
            return _TabCount()  # type: ignore[return-value]
        start, end = self._bounds[index], self._bounds[index + 1]
        line = self._line
        spans = [
            Span(max(span.start, start) - start, min(span.end, end) - start, span.style)
            for span in line.spans
            if span.end > start and span.start < end
        ]
        return Text(line.plain[start:end], style=line.style, end=line.end, no_wrap=line.no_wrap, spans=spans)


class _LongLine(Text):
    """Textual divides a soft-wrapped line into every one of its sections to draw one of
    them, for each row on screen: on a 100 KB pasted line that is thousands of Text objects
    per row and a second per keystroke. This line makes only the sections drawn."""

    def __init__(self, shown: str) -> None:
        super().__init__(end="", no_wrap=True)
        # Rich scans every new Text for BEL, BS, VT, FF and CR to drop them, which costs
        # milliseconds per row on such a line; visible() has made each of them a picture.
        self._text = [shown]
        self._length = len(shown)

    def pad_right(self, count: int, character: str = " ") -> None:
        # Textual pads every line by one cell for the cursor; Rich's pad would rescan it.
        if count > 0:
            self._text = [self.plain + character * count]
            self._length += count

    def divide(self, offsets: Sequence[int]) -> _Sections:  # type: ignore[override]
        return _Sections(self, offsets)


class ExactDocument(Document):
    """A document whose lines end at "\n" and nowhere else, so its text is what it was given."""

    def __init__(self, text: str) -> None:
        super().__init__("")
        self._newline = "\n"
        self._lines = text.split("\n")

    def replace_range(self, start: Location, end: Location, text: str) -> EditResult:
        top, bottom = sorted((start, end))
        replaced = self.get_text_range(top, bottom)
        lines = self._lines
        before = lines[top[0]][: top[1]] if top[0] < len(lines) else ""
        after = lines[bottom[0]][bottom[1] :] if bottom[0] < len(lines) else ""
        inserted = text.split("\n")
        end_column = len(inserted[-1]) + (len(before) if len(inserted) == 1 else 0)
        inserted[0] = before + inserted[0]
        inserted[-1] += after
        lines[top[0] : bottom[0] + 1] = inserted
        return EditResult((top[0] + len(inserted) - 1, end_column), replaced)


class LiteralTextArea(TextArea):
    """A text area that keeps its text exactly and shows control characters as pictures
    (one for one, so the cursor and selections still land on the right character)."""

    # Textual (pinned) picks its Document class here and offers no other way to change it.
    def _set_document(self, text: str, language: str | None) -> None:
        if language:  # tree-sitter's document keeps its own line model
            super()._set_document(text, language)
            return
        self._highlight_query = None
        self.document = ExactDocument(text)
        self.wrapped_document = WrappedDocument(self.document, tab_width=self.indent_width)
        self.navigator = DocumentNavigator(self.wrapped_document)
        self._build_highlight_map()
        self.move_cursor((0, 0))
        self._rewrap_and_refresh_virtual_size()

    def _on_paste(self, event: events.Paste) -> None:
        # Terminals send each line end of a paste as the Enter key sends it, a CR: those
        # are the lines the person sees in what they copied, so they arrive as lines.
        # Textual then calls TextArea's own handler (it walks the classes), which inserts.
        event.text = event.text.replace("\r\n", "\n").replace("\r", "\n")

    def get_line(self, line_index: int) -> Text:
        line = visible(self.document.get_line(line_index))
        return _LongLine(line) if len(line) > LONG_LINE else Text(line, end="", no_wrap=True)


class LiteralInput(Input):
    """One line of the pair's words, its control characters shown as pictures.

    A field the person is not in shows the start of what it holds: a long title opened
    for editing read "bed how ideas in stand-up…", its end, because Textual puts the
    cursor after the last letter."""

    def on_mount(self) -> None:
        if not self.has_focus:
            self.cursor_position = 0

    def on_blur(self) -> None:
        self.cursor_position = 0

    # Textual (pinned) builds the Text it draws here, through Rich, which drops some controls.
    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        return Text(visible(self.value), no_wrap=True, overflow="ignore", end="")
