"""Showing and changing whether an entry is private or shared.

Private is the safe default for what a mentor writes about discrimination, so sharing is
always a deliberate step: a toggle that says in words what it will do, and a question
before anything becomes readable by the partner.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from rmpair.tui.widgets.dialogs import ConfirmForGood
from rmpair.tui.widgets.literal import literal
from rmpair.tui.widgets.entry_words import privacy_text


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


class ConfirmShare(ConfirmForGood):
    """Ask before an entry becomes readable by the partner."""

    BINDINGS = [
        Binding("y", "answer(True)", "Share", id="entry.share.confirm",
                tooltip="Share it with your partner"),
        Binding("n,escape", "answer(False)", "Keep private", id="entry.share.cancel",
                tooltip="Leave it private"),
    ]

    def __init__(self, entry_title: str, partner: str, *, agenda: int | None = None) -> None:
        heading = Text("Share ")
        heading.append_text(literal(f"“{entry_title}”"))
        if agenda:
            heading.append(f" and put it on meeting {agenda}'s agenda")
        heading.append("?")
        super().__init__(
            heading,
            f"{partner} will be able to read it. You can make it private again later, "
            "but they may already have read it.",
            keep="Keep private (n)",
            act="Share (y)",
            act_id="share",
            tone="warning",
        )
