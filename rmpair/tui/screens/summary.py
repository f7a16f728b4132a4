"""The programme summary from the TUI: read on the screen first, written only on "Write".

The summary holds numbers and dates only. It is shown on the screen first, so both people
can read exactly what would go to their programme lead, and written only when "Write" is
pressed; a file already there is replaced only after a question that defaults to keeping
it (``ask_dialog``). Opened from home and from the export screen.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Header, Input, Label, Markdown, Static
from textual.worker import Worker, WorkerState

from rmpair.core.errors import RmpairError
from rmpair.reports.export import ExportError, check_export_path, write_export
from rmpair.tui.screens.ask_dialog import KEEP, NOTHING_WRITTEN, REPLACE, AskDialog, already_exists
from rmpair.tui.widgets.choices import TickBox
from rmpair.tui.widgets.key_footer import KeyFooter

SUMMARY_TITLE = "Programme summary"
SUMMARY_INTRO = (
    "For your programme lead: numbers and dates only, no names and nothing either of you wrote. "
    "Read it below; nothing is written until you press Write."
)
SUMMARY_RATINGS = "Add average check-in ratings (only of people who share them)"
WRITE_BUTTON = "Write"


def summary_file_name(today: date | None = None) -> str:
    return f"rmpair-summary-{(today or date.today()).isoformat()}.md"


class SummaryScreen(Screen[None]):
    """The content-free programme summary: read it on screen, then write it."""

    AUTO_FOCUS = "#summary-view"
    BINDINGS = [
        Binding("escape", "back", "Back", id="summary.back", tooltip="Leave without writing anything"),
        Binding("ctrl+s", "write", "Write", id="summary.write",
                tooltip="Write the summary shown here to the file named below"),
    ]

    class Built(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Written(Message):
        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    class Failed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self._folder = folder
        self.text: str | None = None
        """The summary exactly as shown, which is exactly what is written."""

    def compose(self) -> ComposeResult:
        folder = self._folder or Path.home()
        yield Header()
        with Vertical(id="summary-box"):
            yield Static(SUMMARY_INTRO, classes="screen-intro")
            yield TickBox(SUMMARY_RATINGS, id="summary-ratings", compact=True)
            with VerticalScroll(id="summary-view", classes="panel"):
                yield Markdown(id="summary-text", open_links=False)
            yield Static("", id="summary-problem", classes="problem")
            yield Static("", id="summary-result")
            with Horizontal(id="summary-path-row"):
                yield Label("File:")
                yield Input(str(folder / summary_file_name()), id="summary-path")
                yield Button(WRITE_BUTTON, variant="primary", id="summary-write", disabled=True)
                yield Button("Back", id="summary-back")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = SUMMARY_TITLE
        self.sub_title = "Numbers and dates only"
        self.query_one("#summary-view").border_title = "What would be written"
        self.query_one("#summary-problem").display = False
        self.query_one("#summary-result").display = False
        self._build(False)

    @on(Checkbox.Changed, "#summary-ratings")
    def _ratings_changed(self, event: Checkbox.Changed) -> None:
        self._build(event.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="summary-build")
    def _build(self, include_ratings: bool) -> None:
        from rmpair.reports.summary import build_summary, render_summary_markdown

        service = self.app.service
        if service is None:
            return
        text = render_summary_markdown(build_summary(service, include_ratings=include_ratings, content=self.app.content))
        self.post_message(self.Built(text))

    async def on_summary_screen_built(self, message: Built) -> None:
        self.text = message.text
        await self.query_one("#summary-text", Markdown).update(message.text)
        self.query_one("#summary-write", Button).disabled = False

    def _show(self, which: str, text: str) -> None:
        widget = self.query_one(f"#summary-{which}", Static)
        widget.update(Text(text))
        widget.display = bool(text)

    @on(Button.Pressed, "#summary-write")
    @on(Input.Submitted, "#summary-path")
    def _write_pressed(self) -> None:
        self.action_write()

    @work(exclusive=True, group="summary-dialog")
    async def action_write(self) -> None:
        self._show("problem", "")
        self._show("result", "")
        if self.text is None:
            return
        text = self.text
        try:
            path = check_export_path(self.query_one("#summary-path", Input).value.strip() or ".", force=True)
        except ExportError as error:
            self._show("problem", str(error))
            return
        replace = False
        if os.path.lexists(path):
            if not await self.app.push_screen_wait(AskDialog(already_exists(path), yes=REPLACE, no=KEEP)):
                self._show("result", f"{NOTHING_WRITTEN} {path} is as it was.")
                return
            replace = True
        self.query_one("#summary-write", Button).disabled = True
        self._write(text, path, replace)

    @work(thread=True, exclusive=True, exit_on_error=False, group="summary-write")
    def _write(self, text: str, path: Path, replace: bool) -> None:
        try:
            write_export(text, path, force=replace)
        except RmpairError as error:
            self.post_message(self.Failed(str(error)))
            return
        self.post_message(self.Written(path))

    def on_summary_screen_written(self, message: Written) -> None:
        self.query_one("#summary-write", Button).disabled = False
        self._show("result", f"Wrote the summary to {message.path}.")
        self.app.notify(f"Summary written to {message.path}", markup=False)

    def on_summary_screen_failed(self, message: Failed) -> None:
        self.query_one("#summary-write", Button).disabled = False
        self._show("problem", message.reason)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR or event.worker.group not in ("summary-build", "summary-write"):
            return
        if self.app.service is None:
            return
        self.query_one("#summary-write", Button).disabled = event.worker.group == "summary-build"
        self._show("problem", f"Something unexpected went wrong ({type(event.worker.error).__name__}). {NOTHING_WRITTEN}")

    @on(Button.Pressed, "#summary-back")
    def action_back(self) -> None:
        self.dismiss()
