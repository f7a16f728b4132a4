"""A text area for the pair's own words: every character kept, none obeyed.

Textual's ``TextArea`` splits its text at every line boundary Python knows (CR, VT, FF,
NEL, U+2028...) and joins the lines back with one newline, so an entry with a lone
carriage return, or a mix of Windows and Unix line ends, would change on a save that
never touched it; and it hands ESC and the C1 controls to the terminal as they are.
"""

from __future__ import annotations

from rich.text import Text
from textual.document._document import Document, EditResult, Location
from textual.document._document_navigator import DocumentNavigator
from textual.document._wrapped_document import WrappedDocument
from textual.widgets import TextArea

from rmpair.widgets.literal import visible


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

    def get_line(self, line_index: int) -> Text:
        return Text(visible(self.document.get_line(line_index)), end="", no_wrap=True)
