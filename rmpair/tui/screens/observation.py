"""Shadowing observations: what the mentor notices while going with their mentee.

The form comes from an observation template in the content pack (context, who was
there, a checklist, one to three situation-behaviour-impact notes, the level it
concerns...). It is saved, privately by default, as an entry whose body is readable
Markdown, so it reads well in the log and in an export. One key turns it into a private
talking-point draft for the next meeting.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Checkbox, Header, Label, RadioSet, Select, Static, TextArea

from rmpair.content.answers import observation_markdown, observation_talking_point, observation_title
from rmpair.core.errors import RmpairError
from rmpair.tui.screens.entry_editor import EntryEditorScreen, meeting_options
from rmpair.tui.widgets.entry_autosave import AutosaveScreen, EntryBar
from rmpair.tui.widgets.entry_fields import Checklist, Choice, SbiNotes
from rmpair.tui.widgets.key_footer import KeyFooter
from rmpair.tui.widgets.literal_fields import LiteralTextArea
from rmpair.tui.widgets.question_block import KeepsQuestionsInView, QuestionBlock
from rmpair.tui.widgets.race_tag_picker import RaceTagPicker, race_choices

def _field_widget_id(field_id: str) -> str:
    return "field-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in field_id)


class ObservationScreen(KeepsQuestionsInView, AutosaveScreen):
    """Fill in an observation template while shadowing; it saves itself."""

    DEFAULT_CSS = """
    ObservationScreen {
        layout: vertical;
        & #obs-top {
            height: auto;
            padding: 0 1;
        }
        & #obs-template {
            width: 1fr;
        }
        & #obs-meeting {
            width: 16;
            margin-left: 2;
        }
        & #obs-form {
            height: 1fr;
            padding: 0 2 0 1;
        }
        & .obs-intro {
            color: $text-muted;
            margin-bottom: 1;
        }
        & .obs-field {
            height: auto;
            margin-bottom: 1;
        }
        & .obs-label {
            text-style: bold;
            color: $accent;
        }
        & .obs-required {
            color: $text-warning;
        }
        & .obs-help {
            color: $text-muted;
        }
        & .obs-text {
            height: auto;
            /* Four rows on a 24-row terminal, eight on 48, as the reflection's answers. */
            min-height: 18vh;
            max-height: 12;
        }
    }
    """

    BINDINGS = [
        Binding("ctrl+t", "to_talking_point", "Make talking point", id="observation.talking-point",
                tooltip="Turn this observation into a private talking-point draft for the next meeting"),
        Binding("ctrl+n", "add_note", "Add SBI note", show=False, id="observation.add-note",
                tooltip="Add another situation-behaviour-impact note (up to three)"),
    ]

    def __init__(self, meeting: int | None = None) -> None:
        super().__init__(None)
        self._meeting = meeting
        self._template: Any = None

    # -- building ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        content = self.content
        templates = list(getattr(content, "observation_templates", ()))
        self._template = content.default_observation_template() if content else None
        meeting = self._meeting
        if meeting is None and self.service is not None:
            upcoming = self.service.next_meeting()
            meeting = upcoming.number if upcoming else None
        yield Header()
        with Vertical(id="obs-top"):
            with HorizontalGroup():
                chooser = Select(
                    [(Content(t.title), t.id) for t in templates],
                    value=self._template.id if self._template else Select.NULL,
                    allow_blank=not templates,
                    compact=True,
                    id="obs-template",
                )
                chooser.tooltip = "What you are observing: the form changes to fit it"
                yield chooser
                yield Select(meeting_options(self.service), value=meeting or 0, allow_blank=False, compact=True, id="obs-meeting")
            yield RaceTagPicker(race_choices(self.app), id="obs-race")
        yield VerticalScroll(id="obs-form", can_focus=False)
        yield EntryBar(self.starts_private("observation"))
        yield KeyFooter()

    async def on_mount(self) -> None:
        await self.open_template_form("Shadowing observation")

    async def _build_form(self) -> None:
        form = self.query_one("#obs-form", VerticalScroll)
        template = self._template
        if template is None:
            await self.fill_form(form, [Static(Text("No observation template is available in the content pack."))])
            return
        self.sub_title = template.title
        widgets: list[Any] = [Static(Text(" ".join(template.intro.split())), classes="obs-intro")]
        for field in template.fields:
            widgets.append(self._field_block(field))
        await self.fill_form(form, widgets)

    def _field_block(self, field: Any) -> QuestionBlock:
        label = Text(field.label)
        if field.required:
            label.append(" (needed)", style="italic")
        parts: list[Any] = [Label(label, classes="obs-label")]
        if field.help:
            parts.append(Static(Text(" ".join(field.help.split())), classes="obs-help"))
        widget_id = _field_widget_id(field.id)
        if field.kind == "checklist":
            parts.append(Checklist(field.options, id=widget_id))
        elif field.kind == "choice" or field.kind == "scale":
            options = field.options or tuple(str(n) for n in range(1, 6))
            parts.append(Choice(options, id=widget_id))
        elif field.kind == "sbi":
            parts.append(SbiNotes(field.min_entries or 1, field.max_entries or 3, id=widget_id))
        else:
            parts.append(LiteralTextArea(id=widget_id, classes="obs-text"))
        return QuestionBlock(*parts, classes="obs-field")

    # -- reading the form ------------------------------------------------------------------

    def answers(self) -> dict[str, Any]:
        """Each field's answer: text, a list of ticked options, a choice, or SBI notes."""
        found: dict[str, Any] = {}
        if self._template is None:
            return found
        for field in self._template.fields:
            try:
                widget = self.query_one(f"#{_field_widget_id(field.id)}")
            except NoMatches:
                continue
            if isinstance(widget, Checklist):
                found[field.id] = widget.ticked
            elif isinstance(widget, Choice):
                found[field.id] = widget.chosen
            elif isinstance(widget, SbiNotes):
                found[field.id] = widget.notes
            elif isinstance(widget, TextArea):
                found[field.id] = widget.text.strip()
        return found

    def _meeting_value(self) -> int | None:
        value = self.query_one("#obs-meeting", Select).value
        return value if isinstance(value, int) and value else None

    def collect_fields(self) -> dict[str, Any]:
        template = self._template
        answers = self.answers()
        body = observation_markdown(template, answers) if template else ""
        return {
            "kind": "observation",
            "title": observation_title(template, answers) if body else "",
            "body": body,
            "meeting": self._meeting_value(),
            "race_tags": self.query_one(RaceTagPicker).tags,
            "private": self.privacy_toggle.private,
            "template_id": template.id if template else None,
        }

    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    @on(RadioSet.Changed)
    @on(RaceTagPicker.Changed)
    @on(Select.Changed, "#obs-meeting")
    def _form_changed(self) -> None:
        self.changed()

    @on(Select.Changed, "#obs-template")
    async def _template_changed(self, event: Select.Changed) -> None:
        chosen = self.content.observation_template(str(event.value)) if self.content else None
        if chosen is None or chosen is self._template:
            return
        await self.start_from_template(chosen, "observation")

    # -- actions -----------------------------------------------------------------------------

    async def action_add_note(self) -> None:
        try:
            notes = self.query_one(SbiNotes)
        except NoMatches:
            return
        await notes.add_note()

    def action_to_talking_point(self) -> None:
        if not self.save_now() or self.draft.entry_id is None:
            self.notify("Write the observation first: there is nothing to turn into a talking point yet.",
                        markup=False)
            return
        title, body = observation_talking_point(self._template, self.answers())
        upcoming = self.service.next_meeting()
        tags = ("resistance",) if "resistance" in getattr(self.service, "known_race_tags", ()) else ()
        try:
            entry = self.service.add_entry(
                kind="talking-point",
                title=title,
                body=body,
                meeting=upcoming.number if upcoming else None,
                race_tags=tags,
                private=self.starts_private("talking-point"),
            )
        except RmpairError as error:
            self.notify(str(error), title="No talking point made", severity="error", markup=False)
            return
        where = f"meeting {entry.meeting}" if entry.meeting else "no meeting (all are held)"
        self.notify(f"A private talking-point draft for {where} is ready to shape.", markup=False)
        self.app.push_screen(EntryEditorScreen(entry.id))
