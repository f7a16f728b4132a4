"""Export from the TUI: the pair's record to one unencrypted file.

Exporting is the one moment text leaves the vault unencrypted, so the flow is slow on
purpose where it matters and quick where it does not:

1. choose a format, whether to add your own private entries (never the partner's; not
   offered at all in review together) and a path (your home folder by default);
2. a question says plainly that the file will NOT be encrypted, before anything is
   written, and defaults to not writing;
3. an existing file is replaced only after a second question, which defaults to keeping it;
4. the file is built and written in a thread worker, and the screen says where it went.

The questions are ``ask_dialog``'s; the programme summary, which this screen also opens,
is its own screen (``summary``).
"""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Header, Input, Label, RadioSet, Static
from textual.worker import Worker, WorkerState

from rmpair.core.errors import RmpairError
from rmpair.reports.export import (
    FORMAT_SUFFIXES,
    FORMATS,
    UNENCRYPTED_WARNING,
    ExportError,
    build_export,
    check_export_path,
    default_file_name,
    render,
    write_export,
)
from rmpair.tui.screens.ask_dialog import KEEP, NOTHING_WRITTEN, REPLACE, AskDialog, already_exists
from rmpair.tui.screens.summary import SummaryScreen
from rmpair.tui.widgets.choices import ChoiceButton, ChoiceSet, TickBox
from rmpair.tui.widgets.key_footer import KeyFooter

FORMAT_LABELS = {
    "markdown": "Markdown (.md): plain text, opens anywhere",
    "html": "HTML (.html): one page for a web browser",
    "json": "JSON (.json): exact, for other programs",
}
EXPORT_TITLE = "Export to a file"
EXPORT_INTRO = (
    "One file with the meetings, agendas, actions, goals, shared ratings and all shared "
    "writing. Your partner's private writing is never in it."
)
INCLUDE_PRIVATE = "Also include my own private entries (never my partner's)"
REVIEW_NO_PRIVATE = "Review together is on, so only shared items can be exported."
PATH_LABEL = "Save to this file (its folder must exist)"
EXPORT_BUTTON = "Export…"
WRITE_ANYWAY = "Write the unencrypted file"
DONT_WRITE = "Don't write"


def export_warning(path: Path, include_private: bool, format: str) -> str:
    what = (
        "the shared record and your own private entries"
        if include_private
        else "the shared record (nothing private)"
    )
    return f"{UNENCRYPTED_WARNING}\n\nIt will hold {what}, as {format}, in:\n{path}"


class ExportForm(VerticalScroll):
    """The export form, scrolling above the buttons and the message about what happened.

    The message's rows come from the form, and its height is known only once its text is
    laid out. The form then needs a scrollbar, which narrows its content: a second layout,
    whose new scrollable height arrives after the resize. So the widget to keep in view is
    scrolled to whenever either the form's size or its scrollable size changes, not at a
    guessed refresh.
    """

    keep_in_view: Widget | None = None

    def bring_into_view(self) -> None:
        if self.keep_in_view is not None:
            self.call_after_refresh(self.scroll_to_widget, self.keep_in_view, animate=False)

    def on_resize(self) -> None:
        self.bring_into_view()

    def watch_virtual_size(self) -> None:
        self.bring_into_view()


class ExportScreen(Screen[None]):
    """Choose, confirm, write."""

    AUTO_FOCUS = "#export-format"
    BINDINGS = [
        Binding("escape", "back", "Back", id="export.back", tooltip="Leave without writing anything"),
        Binding("ctrl+s", "export", "Export", id="export.export",
                tooltip="Write the export, after saying plainly that it is not encrypted"),
        Binding("ctrl+o", "summary", "Programme summary", id="export.summary", show=False,
                tooltip="The content-free summary for your programme lead, shown before it is written"),
    ]

    class Written(Message):
        def __init__(self, path: Path, entries: int, private: int, format: str) -> None:
            super().__init__()
            self.path = path
            self.entries = entries
            self.private = private
            self.format = format

    class Failed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self._folder = folder
        """Where the default path points; the home folder unless a test says otherwise."""

    @property
    def review_mode(self) -> bool:
        service = self.app.service
        return service is not None and service.review_mode

    def compose(self) -> ComposeResult:
        folder = self._folder or Path.home()
        yield Header()
        with ExportForm(id="export-scroll", can_focus=False), Vertical(id="export-box"):
            yield Static(EXPORT_INTRO, classes="screen-intro")
            yield Label("Format", classes="field-label")
            with ChoiceSet(id="export-format"):
                for index, format in enumerate(FORMATS):
                    yield ChoiceButton(FORMAT_LABELS[format], value=index == 0, id=f"format-{format}")
            yield TickBox(INCLUDE_PRIVATE, id="export-private")
            yield Static(REVIEW_NO_PRIVATE, id="export-private-note", classes="section-note")
            yield Label(PATH_LABEL, classes="field-label")
            yield Input(str(folder / default_file_name("markdown")), id="export-path")
        # Outside the scrolling form, so the buttons and what happened are always in view.
        with Vertical(id="export-bottom"):
            yield Static("", id="export-problem", classes="problem")
            yield Static("", id="export-result")
            with Horizontal(classes="form-buttons"):
                yield Button(EXPORT_BUTTON, variant="primary", id="export-button")
                yield Button("Programme summary…", id="export-summary-button")
                yield Button("Back", id="export-back-button")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = EXPORT_TITLE
        self.sub_title = "The file is not encrypted"
        review = self.review_mode
        private = self.query_one("#export-private", Checkbox)
        private.disabled = review
        private.value = False
        self.query_one("#export-private-note").display = review
        self.query_one("#export-problem").display = False
        self.query_one("#export-result").display = False

    # -- the form --------------------------------------------------------------------------

    @property
    def format(self) -> str:
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        return pressed.id.removeprefix("format-") if pressed is not None and pressed.id else "markdown"

    @property
    def include_private(self) -> bool:
        # Read the mode again rather than trust the checkbox: review together may never
        # export anything private, whatever state a widget is in.
        return self.query_one("#export-private", Checkbox).value and not self.review_mode

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self) -> None:
        field = self.query_one("#export-path", Input)
        path = Path(field.value)
        if path.suffix.lower() in FORMAT_SUFFIXES.values():
            field.value = str(path.with_suffix(FORMAT_SUFFIXES[self.format]))

    def _show_problem(self, text: str) -> None:
        self._show_below_the_form("#export-problem", text)

    def _show_result(self, text: str) -> None:
        self._show_below_the_form("#export-result", text)

    def _show_below_the_form(self, selector: str, text: str) -> None:
        message = self.query_one(selector, Static)
        message.update(Text(text))
        message.display = bool(text)
        # A message takes rows from the form above it; the path it speaks of stays in view,
        # so a person can read what was written where, or mend the path that failed.
        speaking = any(self.query_one(m).display for m in ("#export-problem", "#export-result"))
        form = self.query_one(ExportForm)
        form.keep_in_view = self.query_one("#export-path", Input) if speaking else None
        form.bring_into_view()

    # -- exporting ---------------------------------------------------------------------------

    @on(Button.Pressed, "#export-button")
    @on(Input.Submitted, "#export-path")
    def _export_pressed(self) -> None:
        self.action_export()

    @work(exclusive=True, group="export-dialog")
    async def action_export(self) -> None:
        self._show_problem("")
        self._show_result("")
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self._show_problem("Type the path of the file to write.")
            return
        try:
            # force=True: only the folder is checked here; an existing file gets its own question.
            path = check_export_path(text, force=True)
        except ExportError as error:
            self._show_problem(str(error))
            return
        include_private, format = self.include_private, self.format
        if not await self.app.push_screen_wait(
            AskDialog(export_warning(path, include_private, format), yes=WRITE_ANYWAY, no=DONT_WRITE,
                      title="This file will NOT be encrypted")
        ):
            self._show_result(NOTHING_WRITTEN)
            return
        replace = False
        if os.path.lexists(path):
            if not await self.app.push_screen_wait(AskDialog(already_exists(path), yes=REPLACE, no=KEEP)):
                self._show_result(f"{NOTHING_WRITTEN} {path} is as it was.")
                return
            replace = True
        self.query_one("#export-button", Button).disabled = True
        self._write(path, format, include_private, replace)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export-write")
    def _write(self, path: Path, format: str, include_private: bool, replace: bool) -> None:
        service = self.app.service
        if service is None:
            return
        try:
            if service.review_mode:
                include_private = False
            document = build_export(service, include_private=include_private, content=self.app.content)
            write_export(render(document, format), path, force=replace)
        except RmpairError as error:
            self.post_message(self.Failed(str(error)))
            return
        private = sum(1 for e in document.entries if e.private)
        self.post_message(self.Written(path, len(document.entries), private, format))

    def on_export_screen_written(self, message: Written) -> None:
        self.query_one("#export-button", Button).disabled = False
        shared = message.entries - message.private
        what = f"{shared} shared entr{'y' if shared == 1 else 'ies'}"
        if message.private:
            what += f" and {message.private} of your private entr{'y' if message.private == 1 else 'ies'}"
        self._show_result(
            f"Written: {message.path}\n{what}, as {message.format}. Only your user account can open the file, "
            "but it is NOT encrypted: delete it when you no longer need it."
        )
        self.app.notify(f"Exported to {message.path}", title="Export written", markup=False)

    def on_export_screen_failed(self, message: Failed) -> None:
        self.query_one("#export-button", Button).disabled = False
        self._show_problem(message.reason)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "export-write" and event.state == WorkerState.ERROR:
            self.query_one("#export-button", Button).disabled = False
            self._show_problem(
                f"The export stopped because of an unexpected problem ({type(event.worker.error).__name__}). "
                f"{NOTHING_WRITTEN}"
            )

    # -- elsewhere ---------------------------------------------------------------------------

    @on(Button.Pressed, "#export-summary-button")
    def action_summary(self) -> None:
        self.app.push_screen(SummaryScreen(folder=self._folder))

    @on(Button.Pressed, "#export-back-button")
    def action_back(self) -> None:
        self.dismiss()


__all__ = ["ExportScreen", "export_warning"]
