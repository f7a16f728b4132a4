"""Writing one entry: a title, its meeting, RACE tags, who can read it, and Markdown text.

It saves by itself a second after typing stops and whenever the person leaves, so there
is no "Save" step to forget. A new entry comes into being the first time there is
something in it; opening the editor and leaving straight away creates nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widgets import Header, Input, Select

from rmpair.core.errors import RmpairError
from rmpair.core.views import EntryView
from rmpair.tui.widgets import entry_words as words
from rmpair.tui.widgets.entry_autosave import AutosaveScreen, EntryBar
from rmpair.tui.widgets.goal_picker import GoalPicker
from rmpair.tui.widgets.key_footer import KeyFooter
from rmpair.tui.widgets.literal_fields import LiteralInput
from rmpair.tui.widgets.markdown_editor import MarkdownEditor
from rmpair.tui.widgets.race_tag_picker import RaceTagPicker, race_choices

PLACEHOLDER = (
    "Write here. Markdown works: ## a heading, - a list item, **bold**, > a quote. "
    "Ctrl+R shows how it will look."
)


def meeting_options(service: Any) -> list[tuple[str, int]]:
    """Choices for a meeting select, one per meeting in the vault; 0 stands for "no meeting"."""
    numbers = [m.number for m in service.meetings()] if service is not None else []
    return [(words.NO_MEETING, 0)] + [(words.meeting_label(n), n) for n in numbers]


class EntryEditorScreen(AutosaveScreen):
    """Edit an entry, or start a new one of ``kind``."""

    DEFAULT_CSS = """
    EntryEditorScreen {
        layout: vertical;
        & #editor-top {
            height: auto;
            padding: 0 1;
        }
        & #editor-row {
            height: auto;
        }
        & #editor-title-box {
            width: 1fr;
            height: auto;
        }
        & #editor-meeting {
            width: 22;
            margin-left: 1;
        }
        & RaceTagPicker {
            margin: 0 0 0 1;
        }
        & MarkdownEditor {
            margin: 0 1;
        }
    }
    """

    BINDINGS = [
        Binding("ctrl+r", "toggle_preview", "Preview", id="entry.preview",
                tooltip="Show or hide how the text will look, beside it"),
        Binding("ctrl+g", "agenda", "Put on agenda", id="entry.agenda",
                tooltip="Share this talking point and add it to its meeting's agenda"),
    ]

    def __init__(
        self,
        entry_id: str | None = None,
        *,
        kind: str = "note",
        meeting: int | None = None,
        title: str = "",
        race_tags: Iterable[str] = (),
        body: str = "",
        template_id: str | None = None,
        private: bool | None = None,
    ) -> None:
        self._entry_id = entry_id
        self._kind = kind
        self._meeting = meeting
        self._title = title
        self._race_tags = tuple(race_tags)
        self._body = body
        self._template_id = template_id
        self._private = private
        self._goal_id: str | None = None
        self._author: str | None = None
        self._missing = False
        super().__init__(None)

    # -- building ----------------------------------------------------------------------------

    def _load(self) -> EntryView | None:
        if self._entry_id is None or self.service is None:
            return None
        try:
            return self.service.entry(self._entry_id)
        except RmpairError as error:
            self.notify(str(error), title="Cannot open the entry", severity="error", markup=False)
            return None

    def compose(self) -> ComposeResult:
        entry = self._load()
        self._missing = self._entry_id is not None and entry is None
        if entry is not None:
            self.draft.forget_written(entry)
            self._kind, self._meeting, self._title = entry.kind, entry.meeting, entry.title
            self._race_tags, self._body, self._template_id = entry.race_tags, entry.body, entry.template_id
            self._private, self._author, self._goal_id = entry.private, entry.author, entry.goal_id
        if self._private is None:
            self._private = self.starts_private(self._kind)
        yield Header()
        with Vertical(id="editor-top"):
            with Horizontal(id="editor-row"):
                # The box takes the free width; the Input fills its box (an app-wide rule
                # gives every Input width: 100%, which would push the meeting off-screen).
                with Container(id="editor-title-box"):
                    title = LiteralInput(self._title, placeholder="Title (optional)", id="editor-title")
                    title.tooltip = "A few words that will help you find this again"
                    yield title
                meeting = Select(
                    meeting_options(self.service), value=self._meeting or 0, allow_blank=False, id="editor-meeting"
                )
                meeting.tooltip = "The meeting this belongs to"
                yield meeting
            yield RaceTagPicker(race_choices(self.app), self._race_tags, id="editor-race")
            goals = self.service.goals() if self.service is not None else []
            if goals:
                yield GoalPicker(goals, self._goal_id, id="editor-goal")
        yield MarkdownEditor(self._body, placeholder=PLACEHOLDER, id="editor-body")
        yield EntryBar(self._private)
        yield KeyFooter()

    def on_mount(self) -> None:
        if self._missing:
            # Never turn "open that entry" into "write a new one" by accident.
            self.dismiss()
            return
        self.title = words.kind_label(self._kind)
        self._update_subtitle()
        self._latest = self.collect_fields()
        if self.draft.entry_id is None:
            self.show_status(words.NOTHING_YET)
        else:
            self.show_status(words.SAVES_ITSELF)
        if self._entry_id is None and not self._title and not self._body:
            self.query_one("#editor-title", Input).focus()
        else:
            self.query_one(MarkdownEditor).focus_text()

    def _update_subtitle(self) -> None:
        parts = [words.meeting_label(self._meeting_value())]
        service = self.service
        if self._author and service is not None and self._author != service.role:
            partner = service.partner
            parts.append(f"by {partner.name if partner else words.role_label(self._author)}")
        self.sub_title = " · ".join(parts)

    # -- the form --------------------------------------------------------------------------

    def _meeting_value(self) -> int | None:
        try:
            value = self.query_one("#editor-meeting", Select).value
        except NoMatches:  # before the form is built: the meeting it was opened with
            return self._meeting
        return value if isinstance(value, int) and value else None

    def collect_fields(self) -> dict[str, Any]:
        return {
            "kind": self._kind,
            "title": self.query_one("#editor-title", Input).value,
            "body": self.query_one(MarkdownEditor).text,
            "meeting": self._meeting_value(),
            "race_tags": self.query_one(RaceTagPicker).tags,
            "private": self.privacy_toggle.private,
            "template_id": self._template_id,
            "goal_id": next((p.goal_id for p in self.query(GoalPicker).results(GoalPicker)), self._goal_id),
        }

    def saved(self, entry: EntryView) -> None:
        self._entry_id = entry.id
        self._author = entry.author
        self.refresh_bindings()

    @on(Input.Changed, "#editor-title")
    @on(Select.Changed, "#editor-goal")
    @on(MarkdownEditor.Changed)
    @on(RaceTagPicker.Changed)
    def _form_changed(self) -> None:
        self.changed()

    @on(Select.Changed, "#editor-meeting")
    def _meeting_changed(self) -> None:
        self._update_subtitle()
        self.changed()

    @on(Input.Submitted, "#editor-title")
    def _title_done(self) -> None:
        self.query_one(MarkdownEditor).focus_text()

    # -- actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "agenda":
            return self._kind == "talking-point"
        return super().check_action(action, parameters)

    def action_toggle_preview(self) -> None:
        self.query_one(MarkdownEditor).toggle_preview()

    def action_agenda(self) -> None:
        fields = self.collect_fields()
        if not self.save_now() or self.draft.entry_id is None:
            self.notify("Write something first: there is nothing to put on the agenda yet.", markup=False)
            return
        self._confirm_agenda(fields["title"] or "this talking point", fields["meeting"])

    def _confirm_agenda(self, title: str, meeting: int | None) -> None:
        from rmpair.tui.widgets.entry_privacy import ConfirmShare

        service = self.service
        upcoming = service.next_meeting()
        target = meeting or (upcoming.number if upcoming else service.meetings()[-1].number)
        partner = service.partner
        name = partner.name if partner else "Your partner, once they join,"

        def answered(share: bool | None) -> None:
            if not share or self.draft.entry_id is None:
                return
            try:
                view = service.move_to_agenda(self.draft.entry_id, target)
            except RmpairError as error:
                self._report(f"Not added to the agenda: {error}")
                return
            self.draft.forget_written(view)
            self.privacy_toggle.private = view.private
            self.query_one("#editor-meeting", Select).value = view.meeting or 0
            self._latest = self.collect_fields()
            self.refresh_bindings()
            self.notify(f"On the agenda for meeting {view.meeting}, and shared with {name}.", markup=False)

        self.app.push_screen(ConfirmShare(title, name, agenda=target), answered)
