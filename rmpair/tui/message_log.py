"""This session's messages, to read again: a toast lasts seconds in a corner a person
using a magnifier may not be watching. Errors stay on screen until dismissed (a click, or
opening the log). The log lives in memory only and is cleared on lock, since a message
can name what someone wrote ("Saved: <title>").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from rmpair.tui.widgets.key_footer import KeyFooter, OwnFooter

ERROR_TIMEOUT = 24 * 60 * 60.0
"""An error toast stays until it is dismissed; a day stands in for 'for ever'."""
SEVERITY_WORDS = {"information": "", "warning": "Warning", "error": "Error"}
TITLE = "Messages since you unlocked"
NONE_YET = "No messages yet. What rmpair tells you (saved, shared, problems) is kept here until you lock."
LOG_KEY = "f8"


@dataclass(frozen=True)
class LoggedMessage:
    at: datetime
    severity: str
    title: str
    text: str

    def line(self) -> Text:
        said = " · ".join(part for part in (SEVERITY_WORDS.get(self.severity, ""), self.title) if part)
        line = Text(self.at.strftime("%H:%M:%S "), style="bold")
        if said:
            line.append(f"{said}: ", style="bold")
        line.append(self.text)
        return line


def _plain(message: str, markup: bool) -> str:
    if not markup:
        return message
    try:
        return Text.from_markup(message).plain
    except Exception:  # noqa: BLE001 - a message that is not valid markup is shown as it is
        return message


class KeepsMessages:
    """For the App: every notification also goes to ``message_log``; errors stay."""

    message_log: list[LoggedMessage]

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        self.message_log.append(LoggedMessage(datetime.now(), severity, title, _plain(message, markup)))
        if severity == "error":
            timeout = ERROR_TIMEOUT
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)  # type: ignore[misc]

    def forget_messages(self) -> None:
        """Clear the toasts and the log: a message can name what someone wrote ("A private
        talking-point draft for meeting 2"), so none outlives a lock or the start of review
        together, where the partner may be reading."""
        app: Any = self
        app.clear_notifications()
        self.message_log.clear()

    def action_message_log(self) -> None:
        app: Any = self
        if not isinstance(app.screen, MessageLogScreen):
            app.push_screen(MessageLogScreen(list(self.message_log)))


class MessageLogScreen(OwnFooter, ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="messages.close", tooltip="Close the messages and go back"),
    ]

    def __init__(self, log: list[LoggedMessage]) -> None:
        super().__init__()
        self._log = log

    def compose(self) -> ComposeResult:
        with Vertical(id="messages-box", classes="dialog"):
            yield Static(TITLE, classes="section-heading")
            with VerticalScroll(id="messages-scroll"):
                if not self._log:
                    yield Static(NONE_YET, classes="section-note")
                for message in reversed(self._log):  # newest first
                    yield Static(message.line(), classes="logged-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        # Read here, so the toasts (errors included) have done their job.
        self.app.clear_notifications()
        self.query_one("#messages-scroll").focus()

    def action_close(self) -> None:
        self.dismiss()

    DEFAULT_CSS = """
    MessageLogScreen {
        align: center middle;
        #messages-box { width: 100; max-width: 100%; height: 100%; max-height: 30; }
        #messages-scroll { height: 1fr; }
        .logged-message { margin: 0 0 1 0; }
    }
    """
