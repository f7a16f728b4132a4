"""Choosing a prompt to write from: by RACE category, meeting and who it is written for.

Someone who does not know where to start sees every category as a tab, the prompts
suggested for the meeting they are preparing ("start here" ones first), and (beside them,
on the screen that uses this panel) what the highlighted prompt's category means for them
and what any specialist word in it means (the glossary).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalGroup, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import OptionList, Select, Static, Tab, Tabs
from textual.widgets.option_list import Option

from rmpair.tui.widgets import entry_words as words
from rmpair.tui.widgets.choices import TickBox

ALL_TAB = "cat--all"
ANY_ROLE = "any"


def _tab_id(category_id: str) -> str:
    return "cat-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in category_id)


def prompt_option(prompt: Any, category_name: str | None) -> Option:
    """One prompt as a list line: its title, and its category when several are listed."""
    label = Text()
    if category_name:
        label.append(f"{category_name}: ", style="italic")
    label.append(prompt.title)
    return Option(label, id=prompt.id)


class PromptPanel(Widget):
    """Category tabs, meeting and role filters, and the prompts that fit them."""

    HELP_GROUP = "In the prompts"

    DEFAULT_CSS = """
    PromptPanel {
        height: 1fr;
        layout: vertical;
        & > Tabs {
            width: 1fr;
        }
        & > #prompt-filters {
            height: auto;
        }
        & #prompt-meeting {
            width: 15;
        }
        & #prompt-role {
            width: 26;
            margin-left: 2;
        }
        & #prompt-only-meeting {
            margin-left: 2;
        }
        & > #prompt-body {
            height: 1fr;
        }
        & #prompt-list {
            width: 1fr;
            height: 1fr;
            border: round $border-blurred;
            border-title-color: $text-muted;
            &:focus {
                border: heavy $border;
                border-title-color: $text;
            }
        }
        & #prompt-detail {
            width: 1fr;
            height: 1fr;
            border: round $border-blurred;
            border-title-color: $text-muted;
            padding: 0 1;
            &:focus {
                border: heavy $border;
            }
        }
        & .detail-heading {
            text-style: bold;
            color: $accent;
        }
        & .detail-text {
            margin-bottom: 1;
        }
        & .detail-hint {
            color: $text-muted;
            text-style: italic;
            margin-bottom: 1;
        }
    }
    """

    BINDINGS = [
        Binding("left", "category(-1)", "Previous category", show=False, id="prompts.previous-category",
                tooltip="Show the previous RACE category's prompts"),
        Binding("right", "category(1)", "Next category", show=False, id="prompts.next-category",
                tooltip="Show the next RACE category's prompts"),
    ]

    category: reactive[str | None] = reactive(None, init=False)
    """The RACE category whose prompts are listed, or None for all of them."""
    meeting: reactive[int] = reactive(1, init=False)
    """The meeting being prepared."""
    role: reactive[str | None] = reactive(None, init=False)
    """List prompts written for this role (mentor or mentee), or None for everyone's."""
    only_meeting: reactive[bool] = reactive(True, init=False)
    """List only the prompts the programme suggests for ``meeting``."""

    class Picked(Message):
        """A prompt was chosen (Enter or a click)."""

        def __init__(self, panel: PromptPanel, prompt: Any) -> None:
            super().__init__()
            self.panel = panel
            self.prompt = prompt

        @property
        def control(self) -> PromptPanel:
            return self.panel

    class Highlighted(Message):
        """The highlighted prompt changed (None when the list is empty)."""

        def __init__(self, panel: PromptPanel, prompt: Any | None) -> None:
            super().__init__()
            self.panel = panel
            self.prompt = prompt

        @property
        def control(self) -> PromptPanel:
            return self.panel

    class FiltersChanged(Message):
        """The category, meeting or role filter changed."""

        def __init__(self, panel: PromptPanel) -> None:
            super().__init__()
            self.panel = panel

        @property
        def control(self) -> PromptPanel:
            return self.panel

    def __init__(
        self,
        content: Any,
        *,
        my_role: str,
        meetings: Sequence[int],
        meeting: int = 1,
        category: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._content = content
        self._my_role = my_role
        self._categories: Sequence[Any] = sorted(getattr(content, "categories", ()), key=lambda c: c.order)
        self._by_id: dict[str, Any] = {}
        self._meetings = list(meetings)
        self.set_reactive(PromptPanel.meeting, meeting)
        self.set_reactive(PromptPanel.role, my_role)
        self.set_reactive(PromptPanel.category, category)

    # -- building --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        tabs = [Tab("All", id=ALL_TAB)] + [Tab(Content(c.name), id=_tab_id(c.id)) for c in self._categories]
        yield Tabs(*tabs, active=_tab_id(self.category) if self.category else ALL_TAB, id="prompt-tabs")
        partner = "mentee" if self._my_role == "mentor" else "mentor"
        with HorizontalGroup(id="prompt-filters"):
            meeting = Select(
                [(words.meeting_label(n), n) for n in self._meetings],
                value=self.meeting,
                allow_blank=False,
                compact=True,
                id="prompt-meeting",
            )
            meeting.tooltip = "The meeting you are preparing for"
            yield meeting
            role = Select(
                [
                    (f"For you ({self._my_role})", self._my_role),
                    (f"For your {partner}", partner),
                    ("For either of you", ANY_ROLE),
                ],
                value=self._my_role,
                allow_blank=False,
                compact=True,
                id="prompt-role",
            )
            role.tooltip = "Whose prompts to list"
            yield role
            only = TickBox("Only this meeting's", self.only_meeting, compact=True, id="prompt-only-meeting")
            only.tooltip = "List only the prompts suggested for this meeting; untick to see them all"
            yield only
        with Horizontal(id="prompt-body"):
            yield OptionList(id="prompt-list")
            with VerticalScroll(id="prompt-detail"):
                yield Static(classes="detail-heading", id="detail-prompt-title")
                yield Static(classes="detail-text", id="detail-prompt-text")
                yield Static(classes="detail-hint", id="detail-prompt-hint")
                yield Static(classes="detail-heading", id="detail-category-title")
                yield Static(classes="detail-text", id="detail-category-text")
                yield Static(classes="detail-heading", id="detail-terms-title")
                yield Static(classes="detail-text", id="detail-terms-text")

    def on_mount(self) -> None:
        self.refresh_prompts()

    # -- filtering ---------------------------------------------------------------------------

    def visible_prompts(self) -> list[Any]:
        prompts = self._content.prompts_for(
            category=self.category,
            role=self.role,
            meeting=self.meeting if self.only_meeting else None,
        )
        order = {c.id: c.order for c in self._categories}
        return sorted(
            prompts, key=lambda p: (not getattr(p, "start_here", False), order.get(p.category, 99), p.meetings[:1] or (0,))
        )

    def refresh_prompts(self) -> None:
        option_list = self.query_one("#prompt-list", OptionList)
        prompts = self.visible_prompts()
        self._by_id = {p.id: p for p in prompts}
        names = {c.id: c.name for c in self._categories}
        option_list.set_options(
            prompt_option(p, None if self.category else names.get(p.category, p.category)) for p in prompts
        )
        what = names.get(self.category, "All") if self.category else "All"
        # Content, not a str: a border title reads a str as markup, and the name is the pack's.
        option_list.border_title = Content(f"{what} prompts ({len(prompts)})")
        option_list.border_subtitle = "←→ category · Enter: draft"
        if prompts:
            option_list.highlighted = 0
        else:
            self.show_detail(None)
            self.post_message(self.Highlighted(self, None))

    def _filters_changed(self) -> None:
        if self.is_mounted:
            self.refresh_prompts()
            self.post_message(self.FiltersChanged(self))

    watch_category = _filters_changed
    watch_meeting = _filters_changed
    watch_role = _filters_changed
    watch_only_meeting = _filters_changed

    @property
    def highlighted_prompt(self) -> Any | None:
        option = self.query_one("#prompt-list", OptionList).highlighted_option
        return self._by_id.get(option.id) if option is not None and option.id else None

    # -- events ------------------------------------------------------------------------------

    @on(Tabs.TabActivated, "#prompt-tabs")
    def _tab(self, event: Tabs.TabActivated) -> None:
        event.stop()
        tab_id = event.tab.id if event.tab else ALL_TAB
        self.category = next((c.id for c in self._categories if _tab_id(c.id) == tab_id), None)

    @on(Select.Changed, "#prompt-meeting")
    def _meeting(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, int):
            self.meeting = event.value

    @on(Select.Changed, "#prompt-role")
    def _role(self, event: Select.Changed) -> None:
        event.stop()
        self.role = None if event.value == ANY_ROLE else str(event.value)

    @on(TickBox.Changed, "#prompt-only-meeting")
    def _only(self, event: TickBox.Changed) -> None:
        event.stop()
        self.only_meeting = event.value

    @on(OptionList.OptionHighlighted, "#prompt-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        prompt = self._by_id.get(event.option.id or "")
        self.show_detail(prompt)
        self.post_message(self.Highlighted(self, prompt))

    @on(OptionList.OptionSelected, "#prompt-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        prompt = self._by_id.get(event.option.id or "")
        if prompt is not None:
            self.post_message(self.Picked(self, prompt))

    # -- the detail beside the list -----------------------------------------------------------

    def show_detail(self, prompt: Any | None) -> None:
        """The prompt in full, then what its category (or the chosen tab's) means."""
        detail = self.query_one("#prompt-detail", VerticalScroll)
        if prompt is None:
            title = "No prompts fit these filters"
            text = "Try another category, or untick “Only this meeting's” to see every prompt."
            hint = ""
        else:
            title = prompt.title
            text = " ".join(prompt.text.split())
            hint = prompt.hint
        self.query_one("#detail-prompt-title", Static).update(Text(title))
        self.query_one("#detail-prompt-text", Static).update(Text(text))
        hint_widget = self.query_one("#detail-prompt-hint", Static)
        hint_widget.update(Text(hint))
        hint_widget.display = bool(hint)
        category_id = prompt.category if prompt is not None else self.category
        category = next((c for c in self._categories if c.id == category_id), None)
        category_title = self.query_one("#detail-category-title", Static)
        category_text = self.query_one("#detail-category-text", Static)
        if category is None:
            names = ", ".join(c.name for c in self._categories)
            category_title.update(Text("The categories"))
            category_text.update(Text(
                f"{names}: the categories the prompts are sorted into, drawn from the RACE model of "
                "reverse mentoring. The mentor's resistance (naming what shuts people out) aims to "
                "inspire the leader's acts of the others. Pick a tab to read what each means."
            ))
            described = ""
        else:
            described = " ".join(category.description_for(self._my_role).split())
            category_title.update(Text(f"What {category.name} means for you"))
            category_text.update(Text(described))
        self._show_terms(f"{text} {hint} {described}")
        detail.border_title = "The prompt" if prompt is not None else "Where to start"
        detail.scroll_home(animate=False)

    def _show_terms(self, shown: str) -> None:
        """The glossary's words that appear in what is shown, each explained in a line."""
        terms_in = getattr(self._content, "terms_in", None)
        terms = terms_in(shown) if terms_in is not None else ()
        title = self.query_one("#detail-terms-title", Static)
        text = self.query_one("#detail-terms-text", Static)
        title.display = text.display = bool(terms)
        title.update(Text("Words used here"))
        text.update(Text("\n".join(f"{t.term}: {' '.join(t.meaning.split())}" for t in terms)))

    # -- for the screen ------------------------------------------------------------------------

    def action_category(self, step: int) -> None:
        """Move along the category tabs (the prompt list has no use for left and right)."""
        order: list[str | None] = [None, *(c.id for c in self._categories)]
        position = order.index(self.category) if self.category in order else 0
        self.set_category(order[(position + step) % len(order)])

    def set_category(self, category: str | None) -> None:
        """Switch tab (and so the category filter)."""
        self.query_one("#prompt-tabs", Tabs).active = _tab_id(category) if category else ALL_TAB

    def set_meeting(self, meeting: int) -> None:
        self.query_one("#prompt-meeting", Select).value = meeting

    def focus_list(self) -> None:
        self.query_one("#prompt-list", OptionList).focus()
