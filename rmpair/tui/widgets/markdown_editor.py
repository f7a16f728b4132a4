"""A Markdown text area with a live preview beside it.

The text area is where people write; the preview (Textual's own ``Markdown`` widget)
shows what the entry will look like, so someone who has never met Markdown sees that
``## Heading`` becomes a heading. The preview follows the text a moment after typing
stops, so it never slows typing down.

The text comes back exactly as it went in (``LiteralTextArea``), and an entry too long to
wrap quickly is edited in its first part, with the rest kept unchanged after it.
"""

from __future__ import annotations

from textual import on
from textual._tree_sitter import TREE_SITTER
from textual.app import ComposeResult
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Markdown, Static, TextArea

from rmpair.tui.widgets.literal import preview_source, shortened
from rmpair.tui.widgets.literal_fields import LiteralTextArea
from rmpair.tui.widgets.preview_scroll import SCROLL_HINT, PreviewScroll

PREVIEW_DELAY = 0.3  # seconds after the last keystroke before the preview is redrawn
EDIT_LIMIT = 1_000_000
"""Characters put in the text area at once. Textual wraps every line of the document on
each resize; past about a megabyte that takes long enough to feel like a hang."""


def _markdown_language() -> str | None:
    """"markdown" where tree-sitter can highlight it, else plain text (no crash either way)."""
    if not TREE_SITTER:
        return None
    try:
        from textual._tree_sitter import get_language

        return "markdown" if get_language("markdown") is not None else None
    except Exception:  # noqa: BLE001 - highlighting is a nicety; plain text is always fine
        return None


class MarkdownEditor(Widget):
    """Write Markdown on the left; see it rendered on the right when the preview is on."""

    DEFAULT_CSS = """
    MarkdownEditor {
        layout: horizontal;
        height: 1fr;
        & > TextArea {
            width: 1fr;
            height: 1fr;
        }
        & > #md-kept-note {
            dock: top;
            height: auto;
            color: $text-warning;
            padding: 0 1;
        }
        & > #md-preview-scroll {
            display: none;
            width: 1fr;
            height: 1fr;
            border: round $border-blurred;
            border-title-color: $text-muted;
            padding: 0 1;
        }
        &.-preview > #md-preview-scroll {
            display: block;
        }
    }
    """

    preview: reactive[bool] = reactive(False)
    """True while the rendered preview is shown beside the text."""

    class Changed(Message):
        """The text was edited."""

        def __init__(self, editor: MarkdownEditor, text: str) -> None:
            super().__init__()
            self.editor = editor
            self.text = text

        @property
        def control(self) -> MarkdownEditor:
            return self.editor

    def __init__(
        self,
        text: str = "",
        *,
        placeholder: str = "",
        preview: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._initial_text = text
        self._kept_tail = ""
        """What follows the part in the text area, for an entry over EDIT_LIMIT."""
        self._placeholder = placeholder
        self._preview_timer: Timer | None = None
        self.set_reactive(MarkdownEditor.preview, preview)

    def _split_off_tail(self, text: str) -> str:
        editable = shortened(text, EDIT_LIMIT)
        self._kept_tail = text[len(editable) :]
        return editable

    def _show_kept_note(self) -> None:
        note = self.query_one("#md-kept-note", Static)
        note.display = bool(self._kept_tail)
        note.update(
            f"This entry is too long to edit whole here: its last {len(self._kept_tail):,} characters "
            "are not shown, and are kept unchanged after what you see. rmpair show and export give all of it."
        )

    def compose(self) -> ComposeResult:
        yield Static(id="md-kept-note", markup=False)
        area = LiteralTextArea(
            self._split_off_tail(self._initial_text),
            language=_markdown_language(),
            soft_wrap=True,
            tab_behavior="focus",
            placeholder=self._placeholder,
            id="md-text",
        )
        area.border_title = "Write (Markdown)"
        yield area
        scroll = PreviewScroll(id="md-preview-scroll")
        scroll.border_title = "Preview"
        with scroll:
            # A link in the pair's text is shown, never followed from here.
            yield Markdown(id="md-preview", open_links=False)

    def on_mount(self) -> None:
        self.set_class(self.preview, "-preview")
        self._show_kept_note()
        self._refresh_preview()

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#md-text", TextArea)

    @property
    def text(self) -> str:
        if not self.is_mounted:
            return self._initial_text
        return self.text_area.text + self._kept_tail

    @text.setter
    def text(self, value: str) -> None:
        if not self.is_mounted:
            self._initial_text = value
            return
        self.text_area.load_text(self._split_off_tail(value))
        self._show_kept_note()
        self._refresh_preview()

    def focus_text(self, *, at_end: bool = True) -> None:
        area = self.text_area
        area.focus()
        if at_end:
            area.move_cursor(area.document.end)

    def watch_preview(self, preview: bool) -> None:
        if not preview and self.is_mounted and self.query_one("#md-preview-scroll").has_focus:
            # The preview is about to be hidden with the focus in it: back to the writing.
            self.text_area.focus()
        self.set_class(preview, "-preview")
        if preview and self.is_mounted:
            self._refresh_preview()

    def toggle_preview(self) -> None:
        self.preview = not self.preview

    @on(TextArea.Changed, "#md-text")
    def _edited(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, self.text))
        if self.preview:
            if self._preview_timer is not None:
                self._preview_timer.stop()
            self._preview_timer = self.set_timer(PREVIEW_DELAY, self._refresh_preview)

    def _refresh_preview(self) -> None:
        self._preview_timer = None
        if self.preview:
            source, note = preview_source(self.text_area.text)
            self.query_one("#md-preview-scroll").border_subtitle = note or SCROLL_HINT
            self.query_one("#md-preview", Markdown).update(source)
