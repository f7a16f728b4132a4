"""Guidance: what happens if something serious is said, who to contact, and the glossary.

The same pages ``rmpair help TOPIC`` prints (``rmpair.content.guidance``), one tab each:
the programme's guides (the disclosure guide, with the programme's contacts, or a plain
line for each one the programme has not filled in), then the glossary. Nothing here is
private: both people may read it together, in review together too.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static, TabbedContent, TabPane

from rmpair.content.guidance import DISCLOSURE_TOPIC, help_text, help_topics
from rmpair.tui.widgets.key_footer import KeyFooter
from rmpair.tui.widgets.literal import literal


def _tab_id(topic: str) -> str:
    return "guide-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in topic)


class GuidanceScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="guidance.back", tooltip="Back to where you were"),
        Binding("left_square_bracket", "page(-1)", "Previous page", id="guidance.previous", show=False,
                tooltip="Show the page to the left: the guidance, then the glossary"),
        Binding("right_square_bracket", "page(1)", "Next page", id="guidance.next",
                tooltip="Show the page to the right: the guidance, then the glossary"),
    ]

    def __init__(self, topic: str = DISCLOSURE_TOPIC) -> None:
        super().__init__()
        self._first = topic
        self.topics: list[str] = []

    def compose(self) -> ComposeResult:
        content = self.app.load_content()
        topics = help_topics(content)
        self.topics = [name for name, _ in topics]
        yield Header()
        with TabbedContent(id="guidance-pages", initial=_tab_id(self._first) if self._first in self.topics else None):
            for name, title in topics:
                # Content, not a str: a tab reads a str as markup, and the title is the pack's.
                with TabPane(Content(title.split(":")[0]), id=_tab_id(name)):
                    with VerticalScroll(classes="guidance-page"):
                        yield Static(literal(help_text(content, name)), classes="guidance-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Support, disclosure and the glossary"
        self._focus_page()

    def _focus_page(self) -> None:
        active = self.query_one(TabbedContent).active
        if active:
            self.query_one(f"#{active} VerticalScroll").focus()

    def action_back(self) -> None:
        self.dismiss()

    def action_page(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        ids = [_tab_id(name) for name in self.topics]
        index = ids.index(tabs.active) if tabs.active in ids else 0
        tabs.active = ids[(index + step) % len(ids)]
        self._focus_page()
