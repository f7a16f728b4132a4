"""Showing and changing whether an entry is private or shared.

Private is the safe default for what a mentor writes about discrimination, so sharing is
always a deliberate step, never something keys typed while writing can do:

- the toggle says in words who can read the entry, but is not in the Tab path of the
  form's fields, so Tab, Space or Enter from the last field cannot reach it; it answers a
  click, and the screen's own key (Ctrl+O, in the footer, the palette and the help);
- the question before sharing has "Keep private" focused, its Share button cannot be
  reached with Tab, and its key is a control chord (Ctrl+Y), never a letter that could
  be the next one typed;
- once shared, the toggle and the footer say how to make it private again.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from rmpair.tui.commands import key_in_words
from rmpair.tui.widgets.dialogs import ConfirmForGood
from rmpair.tui.widgets.entry_words import privacy_text
from rmpair.tui.widgets.literal import literal

# A chord, not a letter: the letter after Ctrl+O may be one still being typed.
SHARE_KEY = "ctrl+y"
SHARE_KEY_WORDS = key_in_words(SHARE_KEY)


class PrivacyToggle(Widget, can_focus=False):
    """One line saying who can read the entry and, when it can change, the key that does it.

    It never takes the focus (see the module's docstring); a click asks to change it. It
    does not change anything itself: it posts ``Requested`` and the screen decides
    (sharing asks first), then sets ``private``.
    """

    DEFAULT_CSS = """
    PrivacyToggle {
        height: 1;
        width: auto;
        padding: 0 1;
        background: $boost;
        &:hover {
            background: $block-hover-background;
        }
    }
    """

    private: reactive[bool] = reactive(True, layout=True)
    """True while only the author can read the entry."""

    changeable: reactive[bool] = reactive(True, layout=True)
    """False where this person may not change it (a partner's shared entry)."""

    explain: reactive[bool] = reactive(True, layout=True)
    """Whether there is room to say what private or shared means ("only you can read it");
    the words and the key always show, and the meaning is in the tooltip too."""

    class Requested(Message):
        """The person asked to flip the entry's privacy."""

        def __init__(self, toggle: PrivacyToggle, make_private: bool) -> None:
            super().__init__()
            self.toggle = toggle
            self.make_private = make_private

        @property
        def control(self) -> PrivacyToggle:
            return self.toggle

    def __init__(self, private: bool = True, *, key: str = "", id: str | None = None) -> None:
        """``key`` is the screen's key for the change, as words ("Ctrl+O")."""
        super().__init__(id=id)
        self._key = key
        self.set_reactive(PrivacyToggle.private, private)

    def render(self) -> Text:
        text = privacy_text(self.private, explain=self.explain)
        if self.changeable and self._key:
            text.append(f" · {self._key} {'shares' if self.private else 'makes private'}", style="italic")
        return text

    def watch_private(self) -> None:
        self._update_tooltip()

    def watch_changeable(self) -> None:
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        meaning = privacy_text(self.private, explain=True).plain
        if not self.changeable:
            self.tooltip = meaning
        elif self.private:
            self.tooltip = f"{meaning}. Click to share it with your partner (asks first)"
        else:
            self.tooltip = f"{meaning}. Click to make it private again"

    def on_mount(self) -> None:
        self._update_tooltip()

    def on_click(self) -> None:
        if self.changeable:
            self.post_message(self.Requested(self, make_private=not self.private))


class ConfirmShare(ConfirmForGood):
    """Ask before an entry becomes readable by the partner."""

    BINDINGS = [
        Binding(SHARE_KEY, "answer(True)", "Share", id="entry.share.confirm",
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
            f"but they may already have read it. To share, press {SHARE_KEY_WORDS} or click Share.",
            keep="Keep private (Esc)",
            act=f"Share ({SHARE_KEY_WORDS})",
            act_id="share",
            tone="warning",
        )
