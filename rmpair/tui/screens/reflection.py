"""Writing a reflection after a meeting: a few honest sentences under each heading.

The form comes from a reflection template ("What? So what? Now what?" unless the person
picks another, such as Gibbs' cycle). It is tied to a meeting and RACE tags, private
unless the author shares it, and saves itself as they type, so the whole thing takes a
couple of minutes with nothing to remember at the end.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Header, Label, Select, Static, TextArea

from rmpair.content.answers import reflection_answers, reflection_markdown, reflection_title
from rmpair.content.guidance import contacts_text
from rmpair.core.errors import RmpairError
from rmpair.core.views import EntryView
from rmpair.tui.screens.entry_editor import meeting_options
from rmpair.tui.widgets import entry_words as words
from rmpair.tui.widgets.entry_autosave import AutosaveScreen, EntryBar
from rmpair.tui.widgets.goal_picker import GoalPicker
from rmpair.tui.widgets.key_footer import KeyFooter
from rmpair.tui.widgets.literal_fields import LiteralTextArea
from rmpair.tui.widgets.question_block import KeepsQuestionsInView, QuestionBlock
from rmpair.tui.widgets.race_tag_picker import RaceTagPicker, race_choices


def _section_widget_id(section_id: str) -> str:
    return "section-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in section_id)


def _flow(text: str) -> str:
    """Content files wrap their paragraphs; the screen re-flows them to its width."""
    return "\n\n".join(" ".join(p.split()) for p in text.strip().split("\n\n"))


class ReflectionScreen(KeepsQuestionsInView, AutosaveScreen):
    """Reflect on a meeting with a template's questions; it saves itself."""

    DEFAULT_CSS = """
    ReflectionScreen {
        layout: vertical;
        & #refl-top {
            height: auto;
            padding: 0 1;
        }
        & #refl-template {
            width: 1fr;
        }
        & #refl-meeting {
            width: 16;
            margin-left: 2;
        }
        & #refl-form {
            height: 1fr;
            padding: 0 2 0 1;
        }
        & .refl-intro {
            color: $text-muted;
            margin-bottom: 1;
        }
        & .refl-section {
            height: auto;
            margin-bottom: 1;
        }
        & .refl-heading {
            text-style: bold;
            color: $accent;
        }
        & .refl-question {
            color: $text-muted;
        }
        & .refl-answer {
            height: auto;
            /* Four rows on a 24-row terminal, eight on 48: room to write where there is room. */
            min-height: 18vh;
            max-height: 14;
        }
        & .refl-closing {
            border: round $warning;
            border-title-color: $text-warning;
            padding: 0 1;
            margin-bottom: 1;
        }
    }
    """

    BINDINGS = [
        Binding("ctrl+n", "next_template", "Other questions", id="reflection.template",
                tooltip="Switch to the next reflection template (for example Gibbs' cycle)"),
    ]

    def __init__(
        self,
        meeting: int | None = None,
        template_id: str | None = None,
        *,
        entry: EntryView | None = None,
        answers: dict[str, str] | None = None,
    ) -> None:
        """``entry`` and ``answers`` reopen a reflection written on this form (see
        ``reopening``); without them the form starts a new one."""
        super().__init__(entry)
        self._entry = entry
        self._meeting = entry.meeting if entry is not None else meeting
        self._template_id = entry.template_id if entry is not None else template_id
        """A template to start from (the mentor debrief, when home suggests it)."""
        self._template: Any = None
        self._answers = dict(answers or {})
        """What goes in each answer box when the form is built: a reopened reflection's."""
        self._own_title: str | None = None
        """A reopened reflection's title when it is not the one the form would give it
        (renamed in the editor, say): kept as it is, not replaced by the first line."""

    @classmethod
    def reopening(cls, app: Any, entry_id: str) -> ReflectionScreen | None:
        """The form for a reflection written from a template, its answers under each
        question; None when the entry is not one (or no longer reads as one), for the
        Markdown editor to open instead."""
        service, content = getattr(app, "service", None), getattr(app, "content", None)
        if service is None or content is None:
            return None
        try:
            entry = service.entry(entry_id)
        except RmpairError:
            return None  # the editor says why it cannot open it
        if entry.kind != "reflection" or not entry.template_id:
            return None
        template = content.reflection_template(entry.template_id)
        answers = reflection_answers(template, entry.body) if template is not None else None
        if answers is None:
            return None
        screen = cls(entry=entry, answers=answers)
        if entry.title and entry.title != reflection_title(template, answers):
            screen._own_title = entry.title
        return screen

    # -- building ----------------------------------------------------------------------------

    def _templates(self) -> list[Any]:
        content = self.content
        if content is None:
            return []
        role = self.service.role if self.service is not None else None
        templates = list(content.reflection_templates_for(role))
        # A reopened reflection keeps its own questions, even ones written for the other
        # role (the mentor's debrief, shared and opened by the mentee).
        own = content.reflection_template(self._entry.template_id) if self._entry is not None else None
        if own is not None and own not in templates:
            templates.append(own)
        return templates

    def _default_meeting(self) -> int | None:
        if self._meeting is not None:
            return self._meeting
        service = self.service
        if service is None:
            return None
        held = [m.number for m in service.meetings() if m.held]
        if held:
            return held[-1]
        upcoming = service.next_meeting()
        return upcoming.number if upcoming else None

    def compose(self) -> ComposeResult:
        templates = self._templates()
        default = self.content.default_reflection_template() if self.content else None
        asked = next((t for t in templates if t.id == self._template_id), None)
        self._template = asked or (default if default in templates else (templates[0] if templates else None))
        yield Header()
        with Vertical(id="refl-top"):
            with HorizontalGroup():
                chooser = Select(
                    [(Content(t.title), t.id) for t in templates],
                    value=self._template.id if self._template else Select.NULL,
                    allow_blank=not templates,
                    compact=True,
                    id="refl-template",
                )
                chooser.tooltip = "Which questions to answer"
                yield chooser
                meeting = Select(
                    meeting_options(self.service),
                    value=(self._entry.meeting if self._entry is not None else self._default_meeting()) or 0,
                    allow_blank=False,
                    compact=True,
                    id="refl-meeting",
                )
                meeting.tooltip = "The meeting you are reflecting on"
                yield meeting
            entry = self._entry
            yield RaceTagPicker(race_choices(self.app), entry.race_tags if entry else (), id="refl-race")
            goals = self.service.goals() if self.service is not None else []
            if goals:
                yield GoalPicker(goals, entry.goal_id if entry else None, id="refl-goal")
        yield VerticalScroll(id="refl-form", can_focus=False)
        yield EntryBar(entry.private if entry is not None else self.starts_private("reflection"))
        yield KeyFooter()

    async def on_mount(self) -> None:
        await self.open_template_form("Reflection")
        if self._entry is not None:
            self.show_status(words.SAVES_ITSELF)

    async def _build_form(self) -> None:
        form = self.query_one("#refl-form", VerticalScroll)
        template = self._template
        if template is None:
            await self.fill_form(form, [Static(Text("No reflection template is available in the content pack."))])
            return
        self.sub_title = template.title
        widgets: list[Any] = [Static(Text(_flow(template.intro)), classes="refl-intro")]
        for section in template.sections:
            widgets.append(
                QuestionBlock(
                    Label(Text(section.heading), classes="refl-heading"),
                    Static(Text(_flow(section.question)), classes="refl-question"),
                    LiteralTextArea(
                        self._answers.get(section.id, ""), id=_section_widget_id(section.id), classes="refl-answer"
                    ),
                    classes="refl-section",
                )
            )
        if template.closing or template.show_contacts:
            words = _flow(template.closing) if template.closing else ""
            if template.show_contacts and self.content is not None:
                words = f"{words}\n\n{contacts_text(self.content.programme)}".strip()
            closing = Static(Text(words), classes="refl-closing")
            closing.border_title = "Looking after yourself"
            widgets.append(closing)
        await self.fill_form(form, widgets)

    # -- reading the form ------------------------------------------------------------------

    def answers(self) -> dict[str, str]:
        if self._template is None:
            return {}
        found = {}
        for section in self._template.sections:
            areas = self.query(f"#{_section_widget_id(section.id)}").results(TextArea)
            for area in areas:
                found[section.id] = area.text
        return found

    def collect_fields(self) -> dict[str, Any]:
        template = self._template
        answers = self.answers()
        meeting = self.query_one("#refl-meeting", Select).value
        return {
            "kind": "reflection",
            "title": self._own_title or (reflection_title(template, answers) if template else ""),
            "body": reflection_markdown(template, answers) if template else "",
            "meeting": meeting if isinstance(meeting, int) and meeting else None,
            "race_tags": self.query_one(RaceTagPicker).tags,
            "private": self.privacy_toggle.private,
            "template_id": template.id if template else None,
            "goal_id": next((p.goal_id for p in self.query(GoalPicker).results(GoalPicker)), None),
        }

    @on(TextArea.Changed)
    @on(RaceTagPicker.Changed)
    @on(Select.Changed, "#refl-meeting")
    @on(Select.Changed, "#refl-goal")
    def _form_changed(self) -> None:
        self.changed()

    @on(Select.Changed, "#refl-template")
    async def _template_changed(self, event: Select.Changed) -> None:
        chosen = self.content.reflection_template(str(event.value)) if self.content else None
        if chosen is None or chosen is self._template:
            return
        # A new entry from other questions: nothing of the reopened one carries over but
        # the meeting, tags and goal still on screen.
        self._answers, self._own_title = {}, None
        await self.start_from_template(chosen, "reflection")

    def action_next_template(self) -> None:
        templates = self._templates()
        if len(templates) < 2 or self._template not in templates:
            return
        following = templates[(templates.index(self._template) + 1) % len(templates)]
        self.query_one("#refl-template", Select).value = following.id
