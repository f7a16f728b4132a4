"""Home: where the pair is in the six meetings, what is next, and what needs doing.

Everything a person can do from here is in the "What would you like to do?" list, in the
footer, in the command palette and in the help screen, so nobody has to remember a key.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from rmpair.reports.debrief import DEBRIEF_TEMPLATE, debrief_suggestions
from rmpair.reports.progress import race_coverage
from rmpair.tui import messages
from rmpair.tui.screens import open_writing_screen
from rmpair.tui.widgets.actions_table import ActionsTable
from rmpair.tui.widgets.column_chart import chart_width
from rmpair.tui.widgets.coverage_grid import coverage_chart, coverage_summary
from rmpair.tui.widgets.events import VaultChanged
from rmpair.tui.widgets.meeting_timeline import MeetingCard, MeetingTimeline
from rmpair.tui.widgets.key_footer import KeyFooter
from rmpair.tui.widgets.literal import literal
from rmpair.tui.widgets.review_banner import review_to_do

# (option id, words, action): the menu runs the same actions as the keys.
MENU = [
    ("talking_points", "Prepare talking points", "talking_points"),
    ("observation", "Record an observation", "observation"),
    ("reflection", "Write a reflection", "reflection"),
    ("reflection_log", "Read the reflection log", "reflection_log"),
    ("meeting", "Open the next meeting", "open_meeting"),
    ("add_partner", "Add your partner", "add_partner"),
    ("goals", "Set and score goals", "goals"),
    ("debrief", "Mentor debrief", "debrief"),
    ("guidance", "Support and disclosure", "guidance"),
    ("progress", "See progress", "progress"),
    ("review_together", "Review together", "review_together"),
    ("leave_review", "Leave review together", "leave_review"),
    ("export", "Export to a file", "export"),
    ("summary", "Programme summary", "summary"),
    ("closing_review", "Closing review (meeting 6)", "closing_review"),
    ("exchange", "Exchange with other laptop", "exchange"),
]
WRITING_ACTIONS = ("talking_points", "observation", "reflection")
"""Writing that starts private; in review together it can only be shared, and says so."""
COVERAGE_FROM_HEIGHT = 40
"""Rows of terminal from which the coverage chart fits under the whole menu (it needs the
width too: about 110 columns)."""


class HomeScreen(Screen[None]):
    # The footer stays short here: the "What would you like to do?" list shows every
    # action with its key.
    AUTO_FOCUS = "#home-menu"
    BINDINGS = [
        Binding("t", "talking_points", "Talking points", id="home.talking_points", show=False,
                tooltip="Prepare talking points for the next meeting, from the RACE prompts"),
        Binding("o", "observation", "Observe", id="home.observation", show=False,
                tooltip="Record an observation: something you saw or heard at work"),
        Binding("r", "reflection", "Reflect", id="home.reflection", show=False,
                tooltip="Write a reflection on a meeting, with a guide to follow"),
        Binding("l", "reflection_log", "Log", id="home.reflection_log", show=False,
                tooltip="Read your reflections over the programme"),
        Binding("m", "open_meeting", "Meeting", id="home.open_meeting", show=False,
                tooltip="Open the next meeting (or the one highlighted in the timeline)"),
        Binding("p", "add_partner", "Add partner", id="home.add_partner", show=False,
                tooltip="Hand the keyboard to your partner so they can join with their own passphrase"),
        *[
            Binding(str(number), f"open_meeting({number})", f"Open meeting {number}", show=False,
                    id=f"home.meeting_{number}", tooltip=f"Open meeting {number}: agenda, writing, actions, check-in")
            for number in range(1, 7)
        ],
        Binding("g", "progress", "Progress", id="home.progress", show=False,
                tooltip="How the programme is going: meetings, RACE coverage, actions, check-ins, goals"),
        Binding("G", "goals", "Goals", id="home.goals", show=False,
                tooltip="Both people's goals: set them at meeting 1, each of you scores them at meetings 1, 4 and 6"),
        Binding("d", "debrief", "Mentor debrief", id="home.debrief", show=False,
                tooltip="For the mentor after a hard meeting: how you are, what it took, who to talk to"),
        Binding("u", "guidance", "Support and disclosure", id="home.guidance", show=False,
                tooltip="What happens if something serious is said, who to contact for support, and the glossary"),
        Binding("v", "review_together", "Review together", id="home.review_together",
                tooltip="Show only what you share, for looking at progress together at one laptop"),
        Binding("v", "leave_review", "Leave review together", id="home.leave_review",
                tooltip="End review together: rmpair locks and asks for a passphrase again"),
        Binding("e", "export", "Export", id="home.export", show=False,
                tooltip="Write the pair's record to one file (not encrypted), after a clear warning"),
        Binding("s", "summary", "Programme summary", id="home.summary", show=False,
                tooltip="The summary for your programme lead: numbers and dates only, shown before it is written"),
        Binding("x", "exchange", "Exchange", id="home.exchange", show=False,
                tooltip="Send a bundle to the other laptop, take one in, settle conflicts"),
        Binding("f", "closing_review", "Closing review", id="home.closing_review", show=False,
                tooltip="Meeting 6: score the goals again, what you will keep doing, sponsorship commitments"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            yield MeetingTimeline(id="home-timeline")
            with Horizontal(id="home-main"):
                # The menu has the left column to itself at 80x24, so every task stays in
                # view; on a tall terminal the room beneath it shows the RACE coverage.
                with Vertical(id="home-left"):
                    yield OptionList(id="home-menu")
                    with VerticalScroll(id="home-coverage"):
                        yield Static(id="home-coverage-chart")
                        yield Static(id="home-coverage-summary", classes="section-note")
                with Vertical(id="home-right"):
                    yield OptionList(id="home-todo")
                    with VerticalScroll(id="home-next"):
                        yield Static(id="home-next-text")
                    yield ActionsTable(id="home-actions")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#home-menu").border_title = messages.HOME_MENU_TITLE
        self.query_one("#home-todo").border_title = messages.HOME_TODO_TITLE
        self.query_one("#home-actions").border_title = messages.HOME_ACTIONS_TITLE
        self.query_one("#home-coverage").border_title = messages.HOME_COVERAGE_TITLE
        # Filled before the first frame, so the first frame is the whole of home; showing
        # the screen resumes it next, and that finds it current.
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from a meeting or a writing screen: what they changed shows here at once.
        # Showing the screen resumes it twice on the way in, and back from the help or a
        # screen that changed nothing, the vault is as it was: refilling home then costs
        # a walk over every entry for nothing.
        service = self.app.service
        if service is None or self._shown_state != (service.revision, service.review_mode):
            self.reload()

    def on_vault_changed(self, event: VaultChanged) -> None:
        event.stop()
        self.reload(already_shown=event.refreshed)

    _shown_state: tuple[int, bool] | None = None
    """The service's revision and review mode when home was last filled."""

    def reload(self, already_shown: object = None) -> None:
        service = self.app.service
        if service is None:
            return
        self._shown_state = (service.revision, service.review_mode)
        me, partner = service.me, service.partner
        self.sub_title = messages.greeting(me.name, me.role, partner.name if partner else None)
        meetings = service.meetings()
        upcoming = service.next_meeting()
        self.query_one(MeetingTimeline).show(meetings, upcoming.number if upcoming else None)
        self._show_menu(partner is None)
        self._show_next(upcoming)
        todo = self.query_one("#home-todo", OptionList)
        # to_do() looks at this person's private writing too; with the partner watching,
        # only nudges about shared things may show (and debrief_suggestions gives none).
        hints = review_to_do(service) if service.review_mode else service.to_do()
        options = [Option(messages.debrief_nudge(s.words), id=f"debrief-{s.meeting}") for s in debrief_suggestions(service)]
        options += [Option(hint) for hint in hints]
        todo.set_options(options or [Option(messages.NOTHING_TO_DO)])
        actions = self.query_one(ActionsTable)
        if actions is not already_shown:
            actions.reload()
        self.call_after_refresh(self._show_coverage)
        self.refresh_bindings()

    def on_resize(self) -> None:
        # After the new layout, so the panel's width is the new one.
        self.call_after_refresh(self._show_coverage)

    _coverage_drawn_for: tuple[int, bool, int] | None = None
    """The service's revision, review mode and the room there was when the chart was drawn."""

    def _show_coverage(self) -> None:
        """The coverage chart, where the terminal leaves room for all of it under the menu
        (tall enough, and the column wide enough not to wrap it); worked out only then.
        Alone it counts this person's own private preparation too, in review together
        only shared writing (``race_coverage`` decides)."""
        panel = self.query_one("#home-coverage")
        service, content = self.app.service, self.app.content
        if self.size.height < COVERAGE_FROM_HEIGHT or service is None:
            panel.display = False
            self._coverage_drawn_for = None
            return
        room = self.query_one("#home-left").content_region.width - panel.styles.gutter.width
        # A reload and the first resize both ask for it as home first shows.
        drawn_for = (service.revision, service.review_mode, room)
        if drawn_for == self._coverage_drawn_for:
            return
        self._coverage_drawn_for = drawn_for
        categories = [c.id for c in sorted(content.categories, key=lambda c: c.order)] if content else None
        names = {c.id: c.name for c in content.categories} if content else {}
        coverage = race_coverage(service, categories, own_private=not service.review_mode)
        chart = coverage_chart(coverage, names, narrow=True)
        panel.display = chart_width(chart) <= room
        self.query_one("#home-coverage-chart", Static).update(chart)
        self.query_one("#home-coverage-summary", Static).update(coverage_summary(coverage, names))

    def _show_menu(self, partner_missing: bool) -> None:
        menu = self.query_one("#home-menu", OptionList)
        keys = {b.action: b.key for b in self.BINDINGS if isinstance(b, Binding)}
        options = []
        for option_id, words, action in MENU:
            if action == "add_partner" and not partner_missing:
                continue
            if action in ("review_together", "leave_review", "exchange", "debrief") and not self.check_action(action, ()):
                continue
            label = Text(f"{keys[action]} ", style="bold")
            label.append(words)
            if action in WRITING_ACTIONS and self.app.service.review_mode:
                label.append(messages.WRITING_TOGETHER)
            options.append(Option(label, id=option_id))
        highlighted = menu.highlighted
        menu.set_options(options)
        menu.highlighted = min(highlighted or 0, len(options) - 1)

    def _show_next(self, upcoming) -> None:  # noqa: ANN001 - MeetingView | None
        panel = self.query_one("#home-next")
        text = self.query_one("#home-next-text", Static)
        if upcoming is None:
            panel.border_title = "Next meeting"
            text.update(messages.ALL_HELD)
            return
        content = self.app.content
        agenda = content.agenda(upcoming.number) if content else None
        panel.border_title = f"Next: meeting {upcoming.number}, {messages.long_date(upcoming.planned_date)}"
        # One line per item (cut with an ellipsis by the stylesheet): this is a glance,
        # the meeting screen has the whole agenda.
        body = Text()
        if agenda is not None:
            body.append(f"{agenda.title}\n", style="bold")
        body.append("Agenda ", style="bold")
        body.append(f"({messages.SHARED_SYMBOL} shared)\n", style="italic")
        for item in upcoming.agenda:
            body.append("[x] " if item.done else "[ ] ")
            body.append_text(literal(" ".join(item.text.split()) + "\n"))
        if not upcoming.agenda:
            body.append("No agenda items yet.\n", style="italic")
        service = self.app.service
        points = service.entries(kind="talking-point", meeting=upcoming.number)
        body.append("\nTalking points\n", style="bold")
        for entry in points:
            body.append(f"{messages.visibility(entry.private)}  ")
            body.append_text(literal(entry.display_title + "\n"))
        if not points:
            body.append("None yet: press t to prepare some.\n", style="italic")
        text.update(body)

    @on(OptionList.OptionSelected, "#home-menu")
    async def _menu_chosen(self, event: OptionList.OptionSelected) -> None:
        action = next(action for option_id, _, action in MENU if option_id == event.option.id)
        await self.run_action(action)

    @on(OptionList.OptionSelected, "#home-todo")
    def _nudge_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id.startswith("debrief-"):
            self._open_debrief(int(event.option.id.removeprefix("debrief-")))

    @on(MeetingTimeline.Opened)
    def _timeline_opened(self, event: MeetingTimeline.Opened) -> None:
        self.action_open_meeting(event.number)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add_partner":
            service = self.app.service
            return service is not None and service.partner is None
        if action in ("review_together", "leave_review", "exchange"):
            service = self.app.service
            in_review = service is not None and service.review_mode
            return in_review if action == "leave_review" else not in_review
        if action == "debrief":
            # The mentor's own, private: not offered to the mentee, nor with them watching.
            service = self.app.service
            return service is not None and service.role == "mentor" and not service.review_mode
        return True

    def _next_number(self) -> int | None:
        upcoming = self.app.service.next_meeting()
        return upcoming.number if upcoming else None

    def action_talking_points(self) -> None:
        open_writing_screen(self.app, "talking_points", self._next_number())

    def action_observation(self) -> None:
        open_writing_screen(self.app, "observation", self._next_number())

    def action_reflection(self) -> None:
        # A reflection is usually about the meeting just held.
        held = [m for m in self.app.service.meetings() if m.held]
        open_writing_screen(self.app, "reflection", held[-1].number if held else None)

    def action_debrief(self) -> None:
        """The debrief for the meeting home suggests it for, else the last one held."""
        suggested = debrief_suggestions(self.app.service)
        held = [m.number for m in self.app.service.meetings() if m.held]
        self._open_debrief(suggested[0].meeting if suggested else (held[-1] if held else None))

    def _open_debrief(self, meeting: int | None) -> None:
        open_writing_screen(self.app, "reflection", meeting, template_id=DEBRIEF_TEMPLATE)

    def action_guidance(self) -> None:
        from rmpair.tui.screens.guidance import GuidanceScreen

        self.app.push_screen(GuidanceScreen())

    def action_reflection_log(self) -> None:
        open_writing_screen(self.app, "reflection_log")

    def action_open_meeting(self, number: int | None = None) -> None:
        from rmpair.tui.screens.meeting import MeetingScreen

        if number is None:
            focused = self.focused
            if isinstance(focused, MeetingCard):
                number = focused.meeting.number
            else:
                number = self._next_number() or 6
        self.app.push_screen(MeetingScreen(number))

    def action_progress(self) -> None:
        from rmpair.tui.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen())

    def action_goals(self) -> None:
        from rmpair.tui.screens.goals import GoalsScreen

        self.app.push_screen(GoalsScreen())

    async def action_review_together(self) -> None:
        await self.app.enter_review_mode()

    async def action_leave_review(self) -> None:
        await self.app.leave_review_mode()

    def action_export(self) -> None:
        from rmpair.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen())

    def action_exchange(self) -> None:
        from rmpair.tui.screens.exchange import ExchangeScreen

        self.app.push_screen(ExchangeScreen())

    def action_summary(self) -> None:
        from rmpair.tui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen())

    def action_closing_review(self) -> None:
        from rmpair.tui.screens.closing_review import ClosingReviewScreen

        self.app.push_screen(ClosingReviewScreen())

    def action_add_partner(self) -> None:
        from rmpair.tui.screens.setup import AddPartnerScreen

        if self.app.service.partner is not None:
            self.app.notify(messages.PARTNER_ALREADY)
            return
        self.app.push_screen(AddPartnerScreen())
