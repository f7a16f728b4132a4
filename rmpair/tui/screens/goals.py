"""Goals of both people: set at meeting 1 with what 1 to 5 look like, scored 1 to 5 at
meetings 1, 4 and 6 by each person on their own.

A goal is the mentee's or the mentor's (the programme is development for both), and both
see it. Each person gives their own score at each point; the partner's score shows once
you have given yours, so neither is led by the other (in review together, once both have).
Either may add or reword a goal, and review-together mode allows it. What counts as
evidence for a goal is writing linked to it from the reflection form or the editor; a
partner's private evidence is neither shown nor counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.content import Content
from textual.widgets import Button, DataTable, Header, Input, Label, Select, Static

from rmpair.content.answers import one_line
from rmpair.core.errors import RmpairError
from rmpair.reports.progress import GoalProgress, goal_progress
from rmpair.core.views import GoalView
from rmpair.core.vocabulary import GOAL_SCORE_MEETINGS, GOAL_SCORE_POINTS
from rmpair.tui.widgets.dialogs import ConfirmDialog
from rmpair.tui.widgets.goal_evidence import evidence_content, levels_content, scores_content
from rmpair.tui.widgets.key_footer import KeyFooter, OwnFooter
from rmpair.tui.widgets.literal import literal, visible
from rmpair.tui.widgets.literal_fields import LiteralInput
from rmpair.tui.widgets.record_table import RecordTable

INTRO = (
    "What each of you wants to change over the six meetings, with what 1 (not yet) to 5 "
    "(fully) look like. Each of you scores every goal on your own at meetings 1, 4 and 6; "
    "your partner's score shows once you have given yours. 👥 Goals are shared: you both see "
    "them. Link a reflection to a goal from its form and it counts as evidence."
)
NO_GOALS = (
    "No goals yet: press n to set the first. At meeting 1, each of you says what you want to "
    "change, what 1 and 5 would look like, and scores where you are now, on your own first."
)
POINT_WORDS = {"start": "Start", "midway": "Midway", "end": "End"}
SCORE_OPTIONS = [("1 not yet", 1), ("2", 2), ("3", 3), ("4", 4), ("5 fully", 5)]
HIDDEN_MARK = "?"
NAME_WIDTH = 10
"""A name in the goals table is cut to this with "…", so the goal text keeps its room at 80 columns."""
OWN_GOAL = "You"
"""A partner's score given but not shown until you score that point too."""


def scores_cell(goal: GoalView, role: str) -> str:
    """One person's three scores in a few characters: "2 3 –", "?" for one not shown yet."""
    marks = []
    for point in GOAL_SCORE_POINTS:
        score = goal.score_of(role, point)
        marks.append(HIDDEN_MARK if goal.is_hidden(role, point) else ("–" if score is None else str(score)))
    return " ".join(marks)


def goal_cell(text: str) -> Text:
    """The goal on one line, cut with an ellipsis where its column ends: the table fits
    that column to the room the scores leave. The evidence panel shows it whole."""
    cell = literal(" ".join(text.split()))
    cell.overflow = "ellipsis"
    return cell


@dataclass
class GoalAnswer:
    text: str
    scores: dict[str, int | None] = field(default_factory=dict)  # point -> your own score, None = not scored
    owner: str = "mentee"
    looks_like: list[str] = field(default_factory=list)  # what 1 to 5 look like


class GoalForm(OwnFooter, ModalScreen["GoalAnswer | None"]):
    """Write or reword a goal, say what 1 to 5 look like, and give your own scores;
    Escape leaves everything as it was."""

    AUTO_FOCUS = "#goal-text"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="goal_form.cancel", tooltip="Close without changing anything"),
    ]

    def __init__(self, me: str, names: dict[str, str], goal: GoalView | None = None) -> None:
        super().__init__()
        self._me = me
        self._names = names
        self._goal = goal

    def compose(self) -> ComposeResult:
        goal = self._goal
        with Vertical(classes="dialog", id="goal-form"):
            with VerticalScroll(id="goal-form-scroll"):
                if goal:
                    yield Label(f"Reword or score {self._names.get(goal.owner, goal.owner)}'s goal", classes="dialog-question")
                else:
                    yield Label("A new goal", classes="dialog-question")
                    owner: Select[str] = Select(
                        [(f"{self._names.get(role, role)}'s ({role})", role) for role in ("mentee", "mentor")],
                        value="mentee", allow_blank=False, compact=True, id="goal-owner",
                    )
                    owner.tooltip = "Whose goal this is: the programme is development for both of you"
                    yield owner
                yield LiteralInput(
                    goal.text if goal else "",
                    placeholder="for example: sponsor two people from under-represented groups",
                    id="goal-text",
                )
                yield Label("What each score looks like (1 and 5 at least):", classes="goal-levels-label")
                for level in range(1, 6):
                    written = goal.level(level) if goal else ""
                    yield LiteralInput(written, placeholder=f"{level} looks like…", id=f"goal-level-{level}",
                                       classes="goal-level")
                yield Label("Your own scores (your partner sees each once they have scored it too):",
                            classes="goal-levels-label")
                with Horizontal(id="goal-scores"):
                    for point in GOAL_SCORE_POINTS:
                        with Vertical(classes="goal-score"):
                            yield Label(f"{POINT_WORDS[point]} (meeting {GOAL_SCORE_MEETINGS[point]})")
                            value = goal.score_of(self._me, point) if goal else None
                            select: Select[int] = Select(
                                SCORE_OPTIONS,
                                prompt="not scored",
                                value=value if value is not None else Select.NULL,
                                compact=True,
                                id=f"goal-score-{point}",
                            )
                            select.tooltip = f"Your score at {POINT_WORDS[point].lower()}: 1 = not yet, 5 = fully"
                            yield select
            yield Static("", classes="dialog-problem", id="goal-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="goal-save")
                yield Button("Cancel", id="goal-cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#goal-save")
    def _save(self) -> None:
        text = " ".join(self.query_one("#goal-text", Input).value.split())
        if not text:
            self.query_one("#goal-problem", Static).update("Write the goal first: a sentence is enough.")
            self.query_one("#goal-text", Input).focus()
            return
        scores = {}
        for point in GOAL_SCORE_POINTS:
            value = self.query_one(f"#goal-score-{point}", Select).value
            scores[point] = value if isinstance(value, int) else None
        levels = [" ".join(self.query_one(f"#goal-level-{n}", Input).value.split()) for n in range(1, 6)]
        owners = self.query("#goal-owner").results(Select)
        owner = next((str(s.value) for s in owners), self._goal.owner if self._goal else "mentee")
        self.dismiss(GoalAnswer(text, scores, owner, levels))

    @on(Button.Pressed, "#goal-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class GoalsScreen(Screen[None]):
    """Every goal with its three scores; the highlighted goal's evidence below."""

    AUTO_FOCUS = "#goals-table"
    BINDINGS = [
        Binding("escape", "back", "Back", id="goals.back", tooltip="Back to where you were"),
        Binding("n", "new_goal", "New goal", id="goals.new",
                tooltip="Set a goal, with its score now if you know it"),
        Binding("e", "edit_goal", "Reword or score", id="goals.edit",
                tooltip="Reword the highlighted goal, say what 1 to 5 look like, or give your own score"),
        Binding("x,delete", "remove_goal", "Remove", id="goals.remove",
                tooltip="Remove the highlighted goal (writing linked to it is kept)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._goals: dict[str, GoalProgress] = {}
        self._names: dict[str, str] = {}
        self._me = "mentee"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(INTRO, id="goals-intro", classes="screen-intro", markup=False)
        yield RecordTable(id="goals-table")
        with VerticalScroll(id="goals-detail"):
            yield Static(id="goals-evidence")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Goals"
        service = self.app.service
        partner = service.partner if service is not None else None
        partner_label = one_line(partner.name if partner else "Partner", NAME_WIDTH)
        self.query_one("#goals-table", RecordTable).set_columns(
            "Whose", "You", partner_label, "Evidence", "Goal",
            free={"Goal": 1},
        )

    def on_screen_resume(self) -> None:
        # Also the first showing: the goals are read here, once, not on mount as well.
        self.reload()

    def reload(self) -> None:
        service = self.app.service
        if service is None:
            return
        self._names = service.pair().names()
        self._me = service.role
        self.sub_title = f"Goals of {self._names['mentee']} and {self._names['mentor']}"
        self._goals = {progress.goal.id: progress for progress in goal_progress(service)}
        self._show_goals()
        self.refresh_bindings()

    def _show_goals(self) -> None:
        table = self.query_one("#goals-table", RecordTable)
        # With no goals an empty table says nothing; the panel says what to do instead.
        table.display = bool(self._goals)
        self.query_one("#goals-detail").border_title = "Evidence" if self._goals else "No goals yet"
        table.set_rows(
            (
                goal_id,
                (
                    self._whose(p.goal.owner),
                    scores_cell(p.goal, self._me),
                    scores_cell(p.goal, "mentee" if self._me == "mentor" else "mentor"),
                    str(len(p.evidence)),
                    goal_cell(p.goal.text),
                ),
            )
            for goal_id, p in self._goals.items()
        )
        self._show_evidence()

    def _whose(self, owner: str) -> str:
        # "You" for one's own: two names cut to the same first letters ("Demo Mento",
        # "Demo Mente") left a person unsure which goals were theirs.
        return OWN_GOAL if owner == self._me else one_line(self._names.get(owner) or owner, NAME_WIDTH)

    @on(DataTable.RowHighlighted, "#goals-table")
    def _highlighted(self) -> None:
        self._show_evidence()

    @on(DataTable.RowSelected, "#goals-table")
    def _selected(self) -> None:
        self.action_edit_goal()

    def _highlighted_goal(self) -> GoalProgress | None:
        goal_id = self.query_one("#goals-table", RecordTable).highlighted_id
        return self._goals.get(goal_id) if goal_id else None

    def _show_evidence(self) -> None:
        shown = self.query_one("#goals-evidence", Static)
        progress = self._highlighted_goal()
        if progress is None:
            shown.update(Text(NO_GOALS, style="italic"))
            return
        shown.update(
            Content.assemble(
                (visible(" ".join(progress.goal.text.split())), "bold"), "\n",
                scores_content(progress.goal, progress.change, self._names),
                levels_content(progress.goal),
                evidence_content(progress, self._names),
            )
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_goal", "remove_goal"):
            # Shown dimmed with nothing to act on, so the key stays discoverable.
            return True if self._highlighted_goal() is not None else None
        return True

    def action_back(self) -> None:
        self.dismiss()

    @work(exclusive=True, group="goal-form")
    async def action_new_goal(self) -> None:
        answer = await self.app.push_screen_wait(GoalForm(self._me, self._names))
        if answer is None:
            return
        service = self.app.service
        try:
            goal = service.add_goal(
                answer.text, baseline_score=answer.scores.get("start"), owner=answer.owner, looks_like=answer.looks_like
            )
            for point in ("midway", "end"):
                if answer.scores.get(point) is not None:
                    service.score_goal(goal.id, answer.scores[point], point=point)
        except RmpairError as error:
            self.app.notify(str(error), title="Goal not saved", severity="error", markup=False)
        else:
            self.notify("Goal saved. You both see it.", markup=False)
        self.reload()
        table = self.query_one("#goals-table", RecordTable)
        table.move_cursor(row=table.row_count - 1, animate=False)

    @work(exclusive=True, group="goal-form")
    async def action_edit_goal(self) -> None:
        progress = self._highlighted_goal()
        if progress is None:
            return
        goal = progress.goal
        answer = await self.app.push_screen_wait(GoalForm(self._me, self._names, goal))
        if answer is None:
            return
        service = self.app.service
        try:
            if answer.text != goal.text:
                service.update_goal(goal.id, answer.text)
            if tuple(answer.looks_like) != (goal.looks_like or ("",) * 5):
                service.describe_goal_levels(goal.id, answer.looks_like)
            for point in GOAL_SCORE_POINTS:
                if answer.scores.get(point) != goal.score_of(self._me, point):
                    service.score_goal(goal.id, answer.scores.get(point), point=point)
        except RmpairError as error:
            self.app.notify(str(error), title="Goal not saved", severity="error", markup=False)
        self.reload()

    @work(exclusive=True, group="goal-form")
    async def action_remove_goal(self) -> None:
        progress = self._highlighted_goal()
        if progress is None:
            return
        question = (
            f"Remove the goal “{' '.join(progress.goal.text.split())}”? "
            f"Its scores go; the {len(progress.evidence)} piece(s) of writing linked to it are kept."
        )
        if not await self.app.push_screen_wait(ConfirmDialog(literal(question), yes="Remove", no="Keep")):
            return
        try:
            self.app.service.delete_goal(progress.goal.id)
        except RmpairError as error:
            self.app.notify(str(error), title="Goal not removed", severity="error", markup=False)
        self.reload()

