"""Export from the TUI: the pair's record to one unencrypted file, and the programme summary.

Exporting is the one moment text leaves the vault unencrypted, so the flow is slow on
purpose where it matters and quick where it does not:

1. choose a format, whether to add your own private entries (never the partner's; not
   offered at all in review together) and a path (your home folder by default);
2. a question says plainly that the file will NOT be encrypted, before anything is
   written, and defaults to not writing;
3. an existing file is replaced only after a second question, which defaults to keeping it;
4. the file is built and written in a thread worker, and the screen says where it went.

The programme summary (``SummaryScreen``) holds numbers and dates only. It is shown on the
screen first, so both people can read exactly what would go to their programme lead, and
written only when "Write" is pressed.
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
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Header, Input, Label, Markdown, RadioSet, Static
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
from rmpair.tui.widgets.choices import ChoiceButton, ChoiceSet, TickBox
from rmpair.tui.widgets.key_footer import KeyFooter, OwnFooter

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
REPLACE = "Replace it"
KEEP = "Keep the old file"
NOTHING_WRITTEN = "Nothing was written."

SUMMARY_TITLE = "Programme summary"
SUMMARY_INTRO = (
    "For your programme lead: numbers and dates only, no names and nothing either of you wrote. "
    "Read it below; nothing is written until you press Write."
)
SUMMARY_RATINGS = "Add average check-in ratings (only of people who share them)"
WRITE_BUTTON = "Write"


def summary_file_name(today: date | None = None) -> str:
    return f"rmpair-summary-{(today or date.today()).isoformat()}.md"


def export_warning(path: Path, include_private: bool, format: str) -> str:
    what = (
        "the shared record and your own private entries"
        if include_private
        else "the shared record (nothing private)"
    )
    return f"{UNENCRYPTED_WARNING}\n\nIt will hold {what}, as {format}, in:\n{path}"


def already_exists(path: Path) -> str:
    return f"{path} already exists.\n\nReplace it with this export? The old file cannot be brought back."


class AskDialog(OwnFooter, ModalScreen[bool]):
    """A yes-or-no question whose safe answer is the default (Escape, or Enter at once)."""

    BINDINGS = [
        Binding("escape", "dismiss(False)", "Cancel", id="export_dialog.cancel",
                tooltip="Close without doing anything"),
    ]

    def __init__(self, question: str, *, yes: str, no: str, title: str = "", default_yes: bool = False) -> None:
        super().__init__()
        self._question = question
        self._title = title
        self._yes = yes
        self._no = no
        self._default_yes = default_yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            if self._title:
                yield Static(self._title, classes="section-heading export-dialog-title")
            yield Static(Text(self._question), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._yes, variant="warning", id="yes")
                yield Button(self._no, variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes" if self._default_yes else "#no", Button).focus()

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


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
        with VerticalScroll(id="export-scroll", can_focus=False), Vertical(id="export-box"):
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
        problem = self.query_one("#export-problem", Static)
        problem.update(Text(text))
        problem.display = bool(text)

    def _show_result(self, text: str) -> None:
        result = self.query_one("#export-result", Static)
        result.update(Text(text))
        result.display = bool(text)
        # The message takes rows from the form above it; the path it speaks of stays in view.
        path = self.query_one("#export-path", Input)
        self.call_after_refresh(path.scroll_visible, animate=False)

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


__all__ = ["AskDialog", "ExportScreen", "SummaryScreen", "export_warning"]
