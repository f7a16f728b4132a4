"""The log: everything this person may read, across all meetings, filtered and searched.

It lists every kind of entry, not only reflections, because finding "that thing I wrote
about the rota" should not depend on remembering what kind of entry it was: the kind is
one filter beside person, meeting, RACE tag and a search box. A ``DataTable`` keeps it
quick with thousands of entries. The partner's private entries never reach it: the
service does not hand them out.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalGroup, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Markdown, Select, Static

from rmpair.core.errors import RmpairError
from rmpair.core.moments import local_time
from rmpair.tui.screens import open_entry
from rmpair.core.views import EntryView
from rmpair.tui.widgets import entry_words as words
from rmpair.tui.widgets.entry_dialogs import ConfirmDelete
from rmpair.tui.widgets.key_footer import KeyFooter
from rmpair.tui.widgets.literal import literal, preview_source
from rmpair.tui.widgets.preview_scroll import PreviewScroll
from rmpair.tui.widgets.race_tag_picker import race_choices
from rmpair.tui.widgets.record_table import FittedTable

SEARCH_DELAY = 0.25  # seconds after the last keystroke before the search runs
ANY = "any"
NO_MEETING = -1
PREVIEW_WIDTH = 120
NARROW_PREVIEW = (
    f"The preview beside the list needs a window at least {PREVIEW_WIDTH} columns wide. "
    "Enter opens the highlighted entry to read it whole."
)


class ReflectionLogScreen(Screen):
    """Every entry this person may see, newest first, with filters and search."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (PREVIEW_WIDTH, "-wide")]

    DEFAULT_CSS = """
    ReflectionLogScreen {
        layout: vertical;
        & #log-filters {
            height: auto;
            padding: 0 1;
        }
        & #log-search {
            width: 1fr;
        }
        & #log-selects {
            height: 1;
            margin-bottom: 1;
        }
        & #log-selects > Select {
            width: 1fr;
            margin-right: 1;
        }
        & #log-body {
            height: 1fr;
        }
        & #log-table {
            width: 3fr;
            height: 1fr;
        }
        & #log-preview {
            display: none;
            width: 2fr;
            height: 1fr;
            border: round $border-blurred;
            border-title-color: $text-muted;
            padding: 0 1;
        }
        &.-wide #log-preview {
            display: block;
        }
        &.-hide-preview #log-preview {
            display: none;
        }
        & #log-preview-meta {
            color: $text-muted;
        }
        & #log-count {
            height: 1;
            padding: 0 1;
            color: $text-muted;
            background: $boost;
        }
    }
    """

    BINDINGS = [
        Binding("enter", "open", "Open", id="log.open", tooltip="Open the highlighted entry to read or edit it"),
        Binding("slash,ctrl+f", "search", "Search", id="log.search", tooltip="Type words to look for"),
        Binding("x", "delete", "Delete", id="log.delete",
                tooltip="Delete the highlighted entry (asks first)"),
        Binding("c", "clear", "Clear filters", id="log.clear", tooltip="Show everything again"),
        Binding("v", "toggle_preview", "Preview", id="log.preview",
                tooltip="Show or hide the highlighted entry beside the list (wide windows)"),
        Binding("escape", "back", "Back", id="log.back", tooltip="Leave the search box, or go back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._search_timer: Timer | None = None
        self._shown: list[EntryView] = []

    @property
    def service(self) -> Any:
        return self.app.service

    # -- building ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        service = self.service
        me = service.me
        partner = service.partner
        # Together at one laptop, "You" would not say who: review mode names both people.
        mine = f"{me.name} ({me.role})" if service.review_mode else f"You ({me.name})"
        people: list[tuple[Any, str]] = [("Anyone", ANY), (Content(mine), me.role)]
        if partner is not None:
            people.append((Content(f"{partner.name} ({partner.role})"), partner.role))
        meetings = [("Any meeting", ANY)] + [(words.meeting_label(m.number), m.number) for m in service.meetings()]
        meetings.append((words.NO_MEETING, NO_MEETING))
        kinds = [("Any kind", ANY)] + [(words.kind_label(k), k) for k in words.KIND_LABELS]
        tags = [("Any RACE tag", ANY)] + [(Content(name), tag) for tag, name in race_choices(self.app)]
        yield Header()
        with Vertical(id="log-filters"):
            yield Input(placeholder="Search titles and text (press / to come back here)", id="log-search")
            with HorizontalGroup(id="log-selects"):
                for select_id, options, tip in (
                    ("log-person", people, "Whose entries"),
                    ("log-meeting", meetings, "Which meeting"),
                    ("log-kind", kinds, "Which kind of entry"),
                    ("log-race", tags, "Which RACE category"),
                ):
                    select = Select(options, value=ANY, allow_blank=False, compact=True, id=select_id)
                    select.tooltip = tip
                    yield select
        with Horizontal(id="log-body"):
            table = FittedTable(free_columns={"title": 2, "race": 1}, cursor_type="row", zebra_stripes=True, id="log-table")
            table.add_column("Date", key="date")
            table.add_column("Mtg", key="meeting")
            table.add_column("Kind", key="kind")
            table.add_column("By", key="author")
            table.add_column("Who can read", key="privacy")
            table.add_column("Title", key="title")
            table.add_column("RACE", key="race")
            yield table
            with PreviewScroll(id="log-preview"):
                yield Static(id="log-preview-meta")
                yield Markdown(id="log-preview-body", open_links=False)
        yield Static(id="log-count")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Log"
        self.sub_title = "Everything you can read, across all meetings"
        self.refresh_table()
        self.query_one("#log-table", DataTable).focus()

    def on_screen_resume(self) -> None:
        # Back from the editor: titles, privacy or tags may have changed.
        if self.is_mounted:
            self.refresh_table()

    # -- filtering ---------------------------------------------------------------------------

    def _select(self, select_id: str) -> Any:
        value = self.query_one(f"#{select_id}", Select).value
        return None if value == ANY or value == Select.NULL else value

    def filtered(self) -> list[EntryView]:
        """The entries the filters and search let through, newest first."""
        meeting = self._select("log-meeting")
        entries = self.service.entries(
            author=self._select("log-person"),
            meeting=meeting if meeting not in (None, NO_MEETING) else None,
            kind=self._select("log-kind"),
            race=self._select("log-race"),
            text=self.query_one("#log-search", Input).value.strip() or None,
        )
        if meeting == NO_MEETING:
            entries = [e for e in entries if e.meeting is None]
        entries.sort(key=lambda e: (e.created_at, e.id), reverse=True)
        return entries

    def refresh_table(self) -> None:
        table = self.query_one("#log-table", FittedTable)
        current = self.highlighted_entry_id()
        entries = self.filtered()
        self._shown = entries
        names = self.service.pair().names()
        if not self.service.review_mode:
            names[self.service.role] = "You"
        table.clear()
        table.add_rows(
            (
                Text(local_time(e.created_at, "%d %b")),
                Text(str(e.meeting) if e.meeting else "–"),
                Text(words.kind_label(e.kind)),
                Text(names.get(e.author, words.role_label(e.author))),
                words.privacy_text(e.private),
                literal(e.display_title),
                Text(", ".join(e.race_tags)),
            )
            for e in entries
        )
        # Row keys are assigned in order; remember which entry each row shows.
        self._row_ids = [e.id for e in entries]
        if current in self._row_ids:
            table.move_cursor(row=self._row_ids.index(current), animate=False)
        total = len(self.service.entries())
        count = self.query_one("#log-count", Static)
        if entries:
            count.update(Text(f"{len(entries)} of {total} entries · Enter opens the highlighted one"))
        elif total:
            count.update(Text(f"Nothing matches these filters (of {total} entries). Press c to clear them."))
        else:
            count.update(Text("Nothing written yet. Reflections, talking points and observations appear here."))
        self._show_preview()

    def highlighted_entry_id(self) -> str | None:
        try:
            table = self.query_one("#log-table", DataTable)
        except NoMatches:
            return None
        row = table.cursor_row
        ids = getattr(self, "_row_ids", [])
        return ids[row] if table.row_count and 0 <= row < len(ids) else None

    @on(Input.Changed, "#log-search")
    def _search_typed(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self.refresh_table)

    @on(Input.Submitted, "#log-search")
    def _search_done(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self.refresh_table()
        self.query_one("#log-table", DataTable).focus()

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        if event.select.id and event.select.id.startswith("log-"):
            self.refresh_table()

    # -- the preview beside the table ------------------------------------------------------

    @on(DataTable.RowHighlighted, "#log-table")
    def _row_highlighted(self) -> None:
        self._show_preview()

    def _show_preview(self) -> None:
        if not self.has_class("-wide") or self.has_class("-hide-preview"):
            return
        entry_id = self.highlighted_entry_id()
        entry = next((e for e in self._shown if e.id == entry_id), None)
        preview = self.query_one("#log-preview", PreviewScroll)
        meta = self.query_one("#log-preview-meta", Static)
        body = self.query_one("#log-preview-body", Markdown)
        if entry is None:
            preview.border_title = "Preview"
            meta.update("")
            body.update("")
            return
        preview.border_title = words.kind_label(entry.kind)
        line = literal(entry.display_title, style="bold")
        line.append("\n")
        line.append(words.privacy_words(entry.private))
        line.append(f" · {words.meeting_label(entry.meeting)}")
        if entry.race_tags:
            line.append(f" · {', '.join(entry.race_tags)}")
        source, cut_note = preview_source(entry.body)
        if cut_note:
            line.append(f"\n{cut_note}", style="italic")
        meta.update(line)
        body.update(source)
        preview.scroll_home(animate=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_preview)

    # -- actions -----------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#log-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        entry_id = self.highlighted_entry_id()
        if entry_id is not None:
            open_entry(self.app, entry_id)

    def action_delete(self) -> None:
        entry_id = self.highlighted_entry_id()
        entry = next((e for e in self._shown if e.id == entry_id), None)
        if entry is not None:
            self._delete(entry)

    @work(exclusive=True, group="delete")
    async def _delete(self, entry: EntryView) -> None:
        if not await self.app.push_screen_wait(ConfirmDelete(entry.display_title, shared=not entry.private)):
            return
        try:
            self.service.delete_entry(entry.id)
        except RmpairError as error:
            self.notify(str(error), title="Not deleted", severity="error", markup=False)
        else:
            self.notify("Deleted.", timeout=3)
        self.refresh_table()

    def action_search(self) -> None:
        self.query_one("#log-search", Input).focus()

    def action_clear(self) -> None:
        with self.prevent(Select.Changed, Input.Changed):
            self.query_one("#log-search", Input).value = ""
            for select in self.query("#log-selects > Select").results(Select):
                select.value = ANY
        self.refresh_table()

    def action_toggle_preview(self) -> None:
        if not self.has_class("-wide"):
            # Said, not silently ignored: the key is in the footer at every width.
            self.notify(NARROW_PREVIEW, markup=False)
            return
        self.toggle_class("-hide-preview")
        self._show_preview()

    def action_back(self) -> None:
        search = self.query_one("#log-search", Input)
        if search.has_focus:
            self.query_one("#log-table", DataTable).focus()
        else:
            self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear":
            # Letters typed in the search box are text, not commands.
            return not self._search_focused()
        if action == "toggle_preview":
            return not self._search_focused()
        if action in ("open", "delete"):
            return not self._search_focused()
        return True

    def _search_focused(self) -> bool:
        try:
            return self.query_one("#log-search", Input).has_focus
        except NoMatches:
            return False
