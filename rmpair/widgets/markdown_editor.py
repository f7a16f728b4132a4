"""A Markdown text area with a live preview beside it.

The text area is where people write; the preview (Textual's own ``Markdown`` widget)
shows what the entry will look like, so someone who has never met Markdown sees that
``## Heading`` becomes a heading. The preview follows the text a moment after typing
stops, so it never slows typing down.
"""

from __future__ import annotations

from textual import on
from textual._tree_sitter import TREE_SITTER
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Markdown, TextArea

PREVIEW_DELAY = 0.3  # seconds after the last keystroke before the preview is redrawn


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
        self._placeholder = placeholder
        self._preview_timer: Timer | None = None
        self.set_reactive(MarkdownEditor.preview, preview)

    def compose(self) -> ComposeResult:
        area = TextArea(
            self._initial_text,
            language=_markdown_language(),
            soft_wrap=True,
            tab_behavior="focus",
            placeholder=self._placeholder,
            id="md-text",
        )
        area.border_title = "Write (Markdown)"
        yield area
        scroll = VerticalScroll(id="md-preview-scroll", can_focus=False)
        scroll.border_title = "Preview"
        with scroll:
            yield Markdown(self._initial_text if self.preview else "", id="md-preview")

    def on_mount(self) -> None:
        self.set_class(self.preview, "-preview")

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#md-text", TextArea)

    @property
    def text(self) -> str:
        if not self.is_mounted:
            return self._initial_text
        return self.text_area.text

    @text.setter
    def text(self, value: str) -> None:
        if not self.is_mounted:
            self._initial_text = value
            return
        self.text_area.load_text(value)
        self._refresh_preview()

    def focus_text(self, *, at_end: bool = True) -> None:
        area = self.text_area
        area.focus()
        if at_end:
            area.move_cursor(area.document.end)

    def watch_preview(self, preview: bool) -> None:
        self.set_class(preview, "-preview")
        if preview and self.is_mounted:
            self._refresh_preview()

    def toggle_preview(self) -> None:
        self.preview = not self.preview

    @on(TextArea.Changed, "#md-text")
    def _edited(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, event.text_area.text))
        if self.preview:
            if self._preview_timer is not None:
                self._preview_timer.stop()
            self._preview_timer = self.set_timer(PREVIEW_DELAY, self._refresh_preview)

    def _refresh_preview(self) -> None:
        self._preview_timer = None
        if self.preview:
            self.query_one("#md-preview", Markdown).update(self.text_area.text)
