"""Showing and changing whether an entry is private or shared.

Private is the safe default for what a mentor writes about discrimination, so sharing is
always a deliberate step: a toggle that says in words what it will do, and a question
before anything becomes readable by the partner.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Static

from rmpair.widgets.entry_words import privacy_text


class PrivacyToggle(Widget, can_focus=True):
    """One line saying who can read the entry; Enter, Space or a click asks to change it.

    It does not change anything itself: it posts ``Requested`` and the screen decides
    (sharing asks first), then sets ``private``.
    """

    DEFAULT_CSS = """
    PrivacyToggle {
        height: 1;
        width: auto;
        padding: 0 1;
        background: $boost;
        &:focus {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        &:hover {
            background: $block-hover-background;
        }
    }
    """

    BINDINGS = [
        Binding("enter,space", "request", "Share or make private", show=False,
                id="entry.privacy.toggle", tooltip="Change who can read this entry"),
    ]

    private: reactive[bool] = reactive(True)
    """True while only the author can read the entry."""

    class Requested(Message):
        """The person asked to flip the entry's privacy."""

        def __init__(self, toggle: PrivacyToggle, make_private: bool) -> None:
            super().__init__()
            self.toggle = toggle
            self.make_private = make_private

        @property
        def control(self) -> PrivacyToggle:
            return self.toggle

    def __init__(self, private: bool = True, *, hint: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self._hint = hint
        self.set_reactive(PrivacyToggle.private, private)
        self.tooltip = "Press Enter to change who can read this"

    def render(self) -> Text:
        text = privacy_text(self.private, explain=True)
        if self._hint:
            text.append(f"  ({self._hint})", style="dim")
        return text

    def action_request(self) -> None:
        self.post_message(self.Requested(self, make_private=not self.private))

    def on_click(self) -> None:
        self.action_request()


class ConfirmShare(ModalScreen[bool]):
    """Ask before an entry becomes readable by the partner."""

    DEFAULT_CSS = """
    ConfirmShare {
        align: center middle;
        & > Vertical {
            width: 64;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: thick $warning;
            background: $surface;
            padding: 1 2;
        }
        & .confirm-title {
            text-style: bold;
            margin-bottom: 1;
        }
        & .confirm-body {
            margin-bottom: 1;
        }
        & Horizontal {
            height: auto;
            align-horizontal: right;
        }
        & Button {
            margin-left: 2;
        }
    }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Share", id="entry.share.confirm",
                tooltip="Share it with your partner"),
        Binding("n,escape", "answer(False)", "Keep private", id="entry.share.cancel",
                tooltip="Leave it private"),
    ]

    def __init__(self, entry_title: str, partner: str, *, agenda: int | None = None) -> None:
        super().__init__()
        self._entry_title = entry_title
        self._partner = partner
        self._agenda = agenda

    def compose(self) -> ComposeResult:
        heading = Text("Share ")
        heading.append(f"“{self._entry_title}”")
        if self._agenda:
            heading.append(f" and put it on meeting {self._agenda}'s agenda")
        heading.append("?")
        body = (
            f"{self._partner} will be able to read it. You can make it private again later, "
            "but they may already have read it."
        )
        with Vertical():
            yield Static(heading, classes="confirm-title")
            yield Static(Text(body), classes="confirm-body")
            with Horizontal():
                yield Button("Keep private (n)", id="keep")
                yield Button("Share (y)", id="share", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "share")

    def action_answer(self, share: bool) -> None:
        self.dismiss(share)
