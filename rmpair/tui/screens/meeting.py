"""One meeting: its agenda as a checklist, the writing for it, its actions, and the check-in.

Four sections as tabs, so each gets the whole screen even at 80x24. The agenda and the
actions are the pair's (shared); each piece of writing says whether it is private or
shared; the check-in shows the partner's ratings only if they share them.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static, TabbedContent, TabPane

from rmpair.tui import messages
from rmpair.core.errors import RmpairError
from rmpair.tui.screens import open_entry, open_writing_screen
from rmpair.tui.widgets.actions_table import ActionsTable
from rmpair.tui.widgets.agenda_checklist import AgendaChecklist
from rmpair.tui.widgets.checkin_table import CheckinSharing, CheckinTable
from rmpair.tui.widgets.dialogs import AskText, ConfirmDialog
from rmpair.tui.widgets.entries_table import EntriesTable
from rmpair.tui.widgets.events import VaultChanged
from rmpair.tui.widgets.meeting_timeline import meeting_status
from rmpair.tui.widgets.key_footer import KeyFooter
from rmpair.tui.widgets.literal import literal

SECTIONS = ("agenda", "writing", "actions", "checkin")
SECTION_WIDGETS = {
    "agenda": AgendaChecklist,
    "writing": EntriesTable,
    "actions": ActionsTable,
    "checkin": CheckinTable,
}


def _check_date(text: str) -> str | None:
    try:
        date.fromisoformat(text.strip())
    except ValueError:
        return messages.NOT_A_DATE
    return None


class MeetingScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Home", id="meeting.back", tooltip="Back to the home screen"),
        Binding("h", "toggle_held", "Held", id="meeting.toggle_held",
                tooltip="Mark this meeting as held (and when), or as not held yet"),
        Binding("d", "set_date", "Change date", id="meeting.set_date", show=False,
                tooltip="Change the date this meeting is planned for"),
        Binding("t", "talking_points", "Talking points", id="meeting.talking_points", show=False,
                tooltip="Prepare talking points for this meeting"),
        Binding("o", "observation", "Observe", id="meeting.observation", show=False,
                tooltip="Record an observation for this meeting"),
        Binding("r", "reflection", "Reflect", id="meeting.reflection", show=False,
                tooltip="Write a reflection on this meeting"),
        Binding("n", "new_note", "Note", id="meeting.new_note", show=False,
                tooltip="Write a note for this meeting"),
        Binding("f", "closing_review", "Closing review", id="meeting.closing_review",
                tooltip="Close the programme together: score the goals again, what you keep doing, sponsorship"),
        Binding("G", "goals", "Goals", id="meeting.goals", show=False,
                tooltip="The mentee's goals: set them at meeting 1, score them at meetings 1, 4 and 6"),
        Binding("left_square_bracket", "section(-1)", "Previous section", id="meeting.previous_section",
                show=False, tooltip="Show the section to the left: agenda, writing, actions, check-in"),
        Binding("right_square_bracket", "section(1)", "Next section", id="meeting.next_section",
                show=False, tooltip="Show the section to the right: agenda, writing, actions, check-in"),
    ]

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number
        self._stale_sections: set[str] = set()
        self._shown_before = False

    def compose(self) -> ComposeResult:
        number = self.number
        yield Header()
        yield Static(id="meeting-heading")
        with TabbedContent(id="meeting-sections"):
            with TabPane("Agenda", id="agenda"):
                yield Static(id="meeting-purpose", classes="section-note")
                yield Static(messages.AGENDA_SHARED_NOTE, classes="section-note")
                yield AgendaChecklist(meeting=number, id="meeting-agenda")
            with TabPane("Writing", id="writing"):
                together = self.app.service is not None and self.app.service.review_mode
                yield Static(messages.ENTRIES_NOTE_TOGETHER if together else messages.ENTRIES_NOTE, classes="section-note")
                yield EntriesTable(meeting=number, id="meeting-entries")
            with TabPane("Actions", id="actions"):
                yield Static(messages.ACTIONS_SHARED_NOTE, classes="section-note")
                yield ActionsTable(meeting=number, id="meeting-actions")
            with TabPane("Check-in", id="checkin"):
                yield Static(messages.CHECKIN_NOTE, classes="section-note")
                yield CheckinSharing(id="meeting-checkin-sharing")
                yield CheckinTable(meeting=number, id="meeting-checkin")
                yield Static("", id="meeting-checkin-said", classes="section-note")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = f"Meeting {self.number} of 6"
        self._show_heading()
        self.query_one(AgendaChecklist).focus()

    def on_screen_resume(self) -> None:
        # The first resume is the screen's first showing, just after every section filled
        # itself on mount: reloading then would fill each table twice.
        if self._shown_before:
            self.reload()
        self._shown_before = True

    def on_vault_changed(self, event: VaultChanged) -> None:
        event.stop()
        self.reload(already_shown=event.refreshed)

    def reload(self, already_shown: object = None) -> None:
        """Refresh the heading and the section showing; the others when they are shown.

        A change is usually made in the section in view, and a meeting can carry
        thousands of entries, so refilling the hidden tables on every tick would be waste.
        """
        if self.app.service is None:
            return
        self._show_heading()
        self._stale_sections = set(SECTIONS)
        active = self.query_one(TabbedContent).active or SECTIONS[0]
        if self.query_one(SECTION_WIDGETS[active]) is already_shown:
            self._stale_sections.discard(active)
        else:
            self._reload_section(active)

    def _reload_section(self, section: str) -> None:
        if section in SECTION_WIDGETS:
            self.query_one(SECTION_WIDGETS[section]).reload()
            self._stale_sections.discard(section)

    def _show_heading(self) -> None:
        service = self.app.service
        if service is None:
            return
        meeting = service.meeting(self.number)
        upcoming = service.next_meeting()
        agenda = self.app.content.agenda(self.number) if self.app.content else None
        status = meeting_status(meeting, upcoming.number if upcoming else None)
        when = messages.meeting_when(meeting.status, meeting.planned_date, meeting.held_date)
        # The agenda's words come from a content pack: shown as written, never as markup.
        heading = literal(messages.meeting_heading(self.number, agenda.title if agenda else None), "bold")
        heading.append(f"\n{status} · {when}")
        self.query_one("#meeting-heading", Static).update(heading)
        purpose = agenda.purpose if agenda else ""
        if agenda is not None:
            planned = sum(item.minutes or 0 for item in meeting.agenda)
            purpose = f"{purpose} {messages.agenda_time(planned, agenda.length)}"
        self.query_one("#meeting-purpose", Static).update(literal(purpose))
        self.query_one("#meeting-purpose").display = bool(agenda and agenda.purpose)
        done = sum(item.done for item in meeting.agenda)
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("agenda").label = f"Agenda {done}/{len(meeting.agenda)}"
        tabs.get_tab("writing").label = f"Writing ({len(service.entries(meeting=self.number))})"
        due = [a for a in service.actions() if a.due_meeting == self.number and not a.done]
        tabs.get_tab("actions").label = f"Actions ({len(due)} open)"

    # -- actions ---------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_section(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        index = SECTIONS.index(tabs.active) if tabs.active in SECTIONS else 0
        self._show_section(SECTIONS[(index + step) % len(SECTIONS)])

    def _show_section(self, section: str) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = section
        self.query_one(SECTION_WIDGETS[section]).focus()

    @work(exclusive=True, group="meeting-dialog")
    async def action_toggle_held(self) -> None:
        service = self.app.service
        meeting = service.meeting(self.number)
        try:
            if meeting.held:
                if not await self.app.push_screen_wait(ConfirmDialog(messages.MARK_PLANNED_QUESTION)):
                    return
                service.mark_planned(self.number)
            else:
                answer = await self.app.push_screen_wait(
                    AskText(
                        f"When was meeting {self.number} held? (YYYY-MM-DD)",
                        value=date.today().isoformat(),
                        check=_check_date,
                        ok="Mark held",
                    )
                )
                if answer is None:
                    return
                service.mark_held(self.number, date.fromisoformat(answer))
                self.app.notify("Marked as held. Rate how it went on the Check-in tab.")
                self._show_section("checkin")
        except RmpairError as error:
            self.app.notify(str(error), severity="error")
        self.reload()

    @work(exclusive=True, group="meeting-dialog")
    async def action_set_date(self) -> None:
        service = self.app.service
        meeting = service.meeting(self.number)
        current = meeting.planned_date.isoformat() if meeting.planned_date else ""
        answer = await self.app.push_screen_wait(AskText(messages.SET_DATE, value=current, check=_check_date))
        if answer is None:
            return
        try:
            service.set_meeting_date(self.number, date.fromisoformat(answer))
        except RmpairError as error:
            self.app.notify(str(error), severity="error")
        self.reload()

    def action_talking_points(self) -> None:
        open_writing_screen(self.app, "talking_points", self.number)

    def action_observation(self) -> None:
        open_writing_screen(self.app, "observation", self.number)

    def action_reflection(self) -> None:
        open_writing_screen(self.app, "reflection", self.number)

    def action_closing_review(self) -> None:
        from rmpair.tui.screens.closing_review import ClosingReviewScreen

        self.app.push_screen(ClosingReviewScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "closing_review":
            return self.number == 6  # the closing review belongs to the last meeting
        return True

    def action_goals(self) -> None:
        from rmpair.tui.screens.goals import GoalsScreen

        self.app.push_screen(GoalsScreen())

    def action_new_note(self) -> None:
        open_writing_screen(self.app, "entry_editor", None, kind="note", meeting=self.number)

    def on_checkin_table_rated(self, event: CheckinTable.Rated) -> None:
        self.query_one("#meeting-checkin-said", Static).update(
            Text(messages.checkin_rated(event.statement, event.rating, event.moved_on))
        )

    def on_entries_table_entry_chosen(self, event: EntriesTable.EntryChosen) -> None:
        open_entry(self.app, event.entry_id)

    @on(TabbedContent.TabActivated)
    def _section_shown(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id in self._stale_sections:
            self._reload_section(event.pane.id)
        # Bindings belong to the focused list, so the footer follows the section shown.
        self.refresh_bindings()
