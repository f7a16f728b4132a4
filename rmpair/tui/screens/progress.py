"""Progress: how the six meetings are going, as the pair would look at it together.

Five sections as tabs, so each has the whole screen even at 80x24: the meetings and what
happened at each, the RACE coverage grid, actions by owner, check-in ratings over time,
and the mentee's goals with their evidence. Everything comes from one
``rmpair.reports.progress.progress_report`` call in a thread worker, so the screen stays responsive
with thousands of entries; the worker only posts the finished report.

Entries per meeting count shared writing only; the RACE grid counts the person's own
private preparation too, except in review together, where the service hides everything
private, so nothing here can show it.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from rmpair.reports.progress import MeetingProgress, ProgressReport, progress_report
from rmpair.tui.widgets.checkin_charts import CheckinCharts
from rmpair.tui.widgets.coverage_grid import CoverageGrid, counting_note, coverage_chart, coverage_summary, legend
from rmpair.tui.widgets.goal_evidence import GoalEvidence
from rmpair.tui.widgets.key_footer import KeyFooter
from rmpair.tui.widgets.literal import literal, visible
from rmpair.tui.widgets.record_table import FittedTable

SECTIONS = ("meetings", "coverage", "actions", "checkins", "goals")
KIND_PLURALS = {
    "talking-point": ("talking point", "talking points"),
    "note": ("note", "notes"),
    "observation": ("observation", "observations"),
    "reflection": ("reflection", "reflections"),
}
STATUS_WORDS = {"held": "✓ held", "planned": "· planned", "cancelled": "✗ cancelled"}
WORKING = "Working out the progress…"


def shared_writing(meeting: MeetingProgress) -> str:
    parts = []
    for kind, count in meeting.shared_entries.items():
        if count:
            one, many = KIND_PLURALS.get(kind, (kind, kind + "s"))
            parts.append(f"{count} {one if count == 1 else many}")
    return ", ".join(parts) if parts else "none"


def _items(count: int) -> str:
    return f"{count} item{'s' if count != 1 else ''}" if count else "none"


def _day(meeting: MeetingProgress) -> str:
    day = meeting.held_date if meeting.held else meeting.planned_date
    return day.strftime("%d %b %Y") if day else "no date"


class ProgressScreen(Screen[None]):
    """The programme so far: meetings, RACE coverage, actions, check-ins, goals."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="progress.back", tooltip="Back to where you were"),
        Binding("left_square_bracket", "section(-1)", "Previous section", id="progress.previous_section",
                show=False, tooltip="Show the section to the left: meetings, coverage, actions, check-ins, goals"),
        Binding("right_square_bracket", "section(1)", "Next section", id="progress.next_section",
                tooltip="Show the section to the right: meetings, coverage, actions, check-ins, goals"),
        Binding("f5", "reload", "Refresh", id="progress.reload", show=False,
                tooltip="Work the progress out again"),
    ]

    class Ready(Message):
        """The worker finished the report."""

        def __init__(self, report: ProgressReport) -> None:
            super().__init__()
            self.report = report

    def __init__(self) -> None:
        super().__init__()
        self.report: ProgressReport | None = None
        """The last report shown; None until the first one is worked out."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(WORKING, id="progress-overview")
        with TabbedContent(id="progress-sections"):
            with TabPane("Meetings", id="meetings"):
                yield DataTable(id="progress-meetings", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="progress-meeting-detail", classes="panel"):
                    yield Static(id="progress-meeting-text")
            with TabPane("RACE coverage", id="coverage"):
                with VerticalScroll(id="progress-coverage", classes="panel"):
                    yield Static(id="progress-coverage-summary", classes="progress-sentence")
                    yield CoverageGrid(id="progress-grid")
                    yield Static(id="progress-legend", classes="section-note progress-legend")
                    yield Static(id="progress-coverage-chart")
            with TabPane("Actions", id="actions"):
                yield Static(id="progress-actions-summary", classes="progress-sentence")
                yield FittedTable(free_columns={"action": 1}, id="progress-actions", cursor_type="row", zebra_stripes=True)
            with TabPane("Check-ins", id="checkins"):
                with VerticalScroll(id="progress-checkins", classes="panel"):
                    yield CheckinCharts(id="progress-checkin-charts")
            with TabPane("Goals", id="goals"):
                with VerticalScroll(id="progress-goals", classes="panel"):
                    yield GoalEvidence(id="progress-goal-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Progress"
        self.sub_title = "The six meetings so far"
        meetings = self.query_one("#progress-meetings", DataTable)
        meetings.add_columns("Meeting", "Status", "Date", "Agenda", "Shared", "Actions due")
        actions = self.query_one("#progress-actions", DataTable)
        for label in ("Whose", "State", "Action", "Due", "Carried"):
            actions.add_column(label, key=label.lower())
        meetings.focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.report is not None:
            self.reload()

    def on_vault_changed(self, event: Message) -> None:
        event.stop()
        self.reload()

    # -- working it out ----------------------------------------------------------------------

    def reload(self) -> None:
        service, content = self.app.service, self.app.content
        if service is None:
            return
        self.query_one(TabbedContent).loading = self.report is None
        categories = [c.id for c in sorted(content.categories, key=lambda c: c.order)] if content else None
        statements = content.checkin_statements if content else None
        # Alone, the grid counts this person's own private preparation too; in review
        # together, only what both may see.
        self._compute(service, categories, statements, not service.review_mode)

    @work(thread=True, exclusive=True, exit_on_error=False, group="progress")
    def _compute(self, service: Any, categories: Any, statements: Any, own_private: bool) -> None:
        report = progress_report(service, categories=categories, statements=statements, own_private=own_private)
        self.post_message(self.Ready(report))

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "progress" or event.state != WorkerState.ERROR:
            return
        self.query_one(TabbedContent).loading = False
        if self.app.service is None:
            return  # locked while it worked: the screen is on its way out
        self.query_one("#progress-overview", Static).update(
            f"The progress could not be worked out ({type(event.worker.error).__name__}). Press F5 to try again."
        )

    def on_progress_screen_ready(self, message: Ready) -> None:
        if self.app.service is None:
            return
        self.report = message.report
        self.query_one(TabbedContent).loading = False
        self._show(message.report)

    # -- showing it --------------------------------------------------------------------------

    def _names(self, *, with_role: bool = True) -> dict[str, str]:
        service = self.app.service
        pair = service.pair()
        names = {"mentor": "the mentor", "mentee": "the mentee"}
        for person in (pair.mentor, pair.mentee):
            if person is not None:
                names[person.role] = f"{person.name} ({person.role})" if with_role else person.name
        return names

    def _show(self, report: ProgressReport) -> None:
        names = self._names()
        self._show_overview(report)
        self._show_meetings(report)
        self._show_coverage(report)
        self._show_actions(report, names)
        service = self.app.service
        me = service.me
        self.query_one(CheckinCharts).show(
            report.checkins, names, own_role=me.role, own_private=not me.share_checkins and not service.review_mode
        )
        self.query_one(GoalEvidence).show(report.goals, names)
        tabs = self.query_one(TabbedContent)
        gaps = len(report.coverage.gaps())
        tabs.get_tab("coverage").label = f"RACE coverage ({gaps} gap{'s' if gaps != 1 else ''})" if gaps else "RACE coverage"
        open_count = sum(len(group.open) for group in report.actions)
        tabs.get_tab("actions").label = f"Actions ({open_count} open)"
        tabs.get_tab("goals").label = f"Goals ({len(report.goals)})"

    def _show_overview(self, report: ProgressReport) -> None:
        held = sum(1 for m in report.meetings if m.held)
        shared = sum(m.shared_entry_total for m in report.meetings)
        open_count = sum(len(group.open) for group in report.actions)
        done_count = sum(len(group.done) for group in report.actions)
        overview = Text()
        overview.append(f"{held} of {len(report.meetings)} meetings held", style="bold")
        overview.append(f" · {_items(shared)} shared")
        overview.append(f" · actions {open_count} open, {done_count} done")
        self.query_one("#progress-overview", Static).update(overview)

    def _show_meetings(self, report: ProgressReport) -> None:
        table = self.query_one("#progress-meetings", DataTable)
        row = table.cursor_row
        table.clear()
        for meeting in report.meetings:
            table.add_row(
                Text(f"Meeting {meeting.number}"),
                Text(STATUS_WORDS.get(meeting.status, meeting.status)),
                Text(_day(meeting)),
                Text(f"{meeting.agenda_done} of {meeting.agenda_total} done" if meeting.agenda_total else "no agenda"),
                Text(_items(meeting.shared_entry_total)),
                Text(f"{meeting.actions_due_done} of {meeting.actions_due} done" if meeting.actions_due else "none"),
                key=str(meeting.number),
            )
        table.move_cursor(row=min(max(row, 0), table.row_count - 1), animate=False)
        self._show_meeting_detail()

    @on(DataTable.RowHighlighted, "#progress-meetings")
    def _meeting_highlighted(self) -> None:
        self._show_meeting_detail()

    def _show_meeting_detail(self) -> None:
        if self.report is None:
            return
        table = self.query_one("#progress-meetings", DataTable)
        index = table.cursor_row
        if not 0 <= index < len(self.report.meetings):
            return
        meeting = self.report.meetings[index]
        content = self.app.content
        agenda = content.agenda(meeting.number) if content else None
        service = self.app.service
        detail = Text()
        detail.append(f"Meeting {meeting.number}", style="bold")
        if agenda is not None:
            detail.append(f": {agenda.title}", style="bold")
        detail.append(f"\n{STATUS_WORDS.get(meeting.status, meeting.status)} · {_day(meeting)}\n")
        views = service.meetings() if service is not None else []
        items = views[meeting.number - 1].agenda if len(views) >= meeting.number else ()
        if items:
            detail.append(f"Agenda: {meeting.agenda_done} of {meeting.agenda_total} done\n")
            for item in items:
                detail.append(("  [x] " if item.done else "  [ ] ") + visible(" ".join(item.text.split())) + "\n")
        else:
            detail.append("No agenda items.\n")
        detail.append(f"Shared writing: {shared_writing(meeting)}\n")
        if meeting.actions_due:
            detail.append(
                f"Actions due: {meeting.actions_due}, {meeting.actions_due_done} done, "
                f"{meeting.actions_due_open} still open\n"
            )
        else:
            detail.append("No actions were due at this meeting.\n")
        detail.append("Enter opens this meeting.", style="italic")
        self.query_one("#progress-meeting-text", Static).update(detail)
        self.query_one("#progress-meeting-detail").border_title = f"What happened at meeting {meeting.number}"

    def _show_coverage(self, report: ProgressReport) -> None:
        content = self.app.content
        names = {c.id: c.name for c in content.categories} if content else {}
        self.query_one(CoverageGrid).show(report.coverage, names)
        sentence = coverage_summary(report.coverage, names)
        self.query_one("#progress-coverage-summary", Static).update(f"{sentence}\n{counting_note(report.coverage)}")
        self.query_one("#progress-legend", Static).update(legend(report.coverage))
        self.query_one("#progress-coverage-chart", Static).update(coverage_chart(report.coverage, names))

    def _show_actions(self, report: ProgressReport, names: dict[str, str]) -> None:
        summary = []
        for group in report.actions:
            if not group.total and group.owner not in names:
                continue
            carried = len(group.carried_forward)
            summary.append(
                f"{names.get(group.owner, group.owner)}: {len(group.open)} open, {len(group.done)} done"
                + (f", {carried} carried forward" if carried else "")
            )
        self.query_one("#progress-actions-summary", Static).update(Text(" · ".join(summary)))
        table = self.query_one("#progress-actions", FittedTable)
        table.clear()
        short = self._names(with_role=False)
        rows = 0
        for group in report.actions:
            for action in (*group.open, *group.done):
                due = f"meeting {action.due_meeting}" if action.due_meeting else "any time"
                carried = f"↪ from {action.carried_from}" if action.carried_from else ""
                table.add_row(
                    Text(short.get(action.owner, action.owner)),
                    Text("[x] done" if action.done else "[ ] open"),
                    literal(" ".join(action.text.split())),
                    Text(due),
                    Text(carried),
                    key=action.id,
                )
                rows += 1
        if not rows:
            table.add_row(Text("No actions yet.", style="italic"), "", "", "", "")

    # -- keys ------------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_reload(self) -> None:
        self.reload()

    def action_section(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        index = SECTIONS.index(tabs.active) if tabs.active in SECTIONS else 0
        tabs.active = SECTIONS[(index + step) % len(SECTIONS)]
        self._focus_section(tabs.active)

    def _focus_section(self, section: str) -> None:
        target = {
            "meetings": "#progress-meetings",
            "coverage": "#progress-coverage",
            "actions": "#progress-actions",
            "checkins": "#progress-checkins",
            "goals": "#progress-goals",
        }[section]
        self.query_one(target).focus()

    @on(TabbedContent.TabActivated)
    def _section_shown(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#progress-meetings")
    def _open_meeting(self, event: DataTable.RowSelected) -> None:
        event.stop()
        from rmpair.tui.screens.meeting import MeetingScreen

        self.app.push_screen(MeetingScreen(int(event.row_key.value)))
