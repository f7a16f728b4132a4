"""Closing the programme: the guided review the pair do together at meeting 6.

Three parts: each goal (the mentee's and the mentor's) scored again from 1 to 5 by the
person at the keyboard, beside both people's scores so far; what each person will keep
doing; and the sponsorship commitments, the mentor's own next step among them. Everything
on this screen is for both people, and the screen says so before anything is typed. The
programme's contacts and where to give feedback on the programme (apart from this
meeting) close it.

Finishing makes ONE shared note for meeting 6 (Markdown with a heading per part), saves
the person's own final score of each goal with ``score_goal``, and, if asked, turns each
commitment line into an action for the mentee. Opening the review again edits that same note rather than
adding a second. If rmpair locks (or the pair step away) before they finish, what they
typed is kept as the same shared note marked as a draft, so nothing is lost.

One screen and the one note it writes, a little past the usual length: its parts share
the draft that is kept through a lock, so they stay together.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Header, Label, Select, Static, TextArea

from rmpair.content import Programme
from rmpair.content.guidance import contacts_text, feedback_text
from rmpair.core.errors import RmpairError
from rmpair.core.views import EntryView, GoalView
from rmpair.tui.widgets.choices import TickBox
from rmpair.tui.widgets.goal_evidence import score_text
from rmpair.tui.widgets.key_footer import KeyFooter
from rmpair.tui.widgets.literal import literal
from rmpair.tui.widgets.literal_fields import LiteralTextArea
from rmpair.tui.widgets.question_block import KeepsQuestionsInView, QuestionBlock

CLOSING_MEETING = 6
TEMPLATE_ID = "closing-review"
TITLE = "Closing review"
DRAFT_TITLE = "Closing review (draft, not finished)"
NOTHING_WRITTEN = "_Nothing written._"

INTRO = (
    "[b]Meeting 6: closing the programme, together.[/b] Score each goal again, say what you "
    "will each keep doing, and write down the sponsorship commitments.\n"
    "👥 Everything on this screen is [b]shared[/b]: when you finish it becomes one note for "
    "meeting 6 that you can both read. If rmpair locks first, it is kept as a shared draft."
)
GOALS_HEADING = "Goals"
NO_GOALS = "No goals were set for this programme, so there is nothing to score."
SCORE_HINT = "1 = not yet, 5 = fully"
SPONSORSHIP_HEADING = "Sponsorship commitments"
SPONSORSHIP_HELP = (
    "What the mentee will do with their position: who they will sponsor, recommend or open "
    "doors for, and by when, the mentor among them if they want it (an introduction, their "
    "name put forward). One commitment per line."
)
FOLLOW_UP = "Before you part, book a follow-up conversation about three months from now, to see what lasted."
MAKE_ACTIONS = "Also make each commitment line an action for the mentee"
FINISH = "Finish and share"

_KEEP_HEADING = re.compile(r"^## What the (mentor|mentee)\b.*will keep doing$")
_SPONSOR_HEADING = f"## {SPONSORSHIP_HEADING}"
_ANY_HEADING = re.compile(r"^## ")
_ESCAPED_HASH = re.compile(r"^(\\*)#")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_LIST_MARK = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")


def keep_doing_heading(role: str, name: str | None) -> str:
    return f"What the {role}{f' ({name})' if name else ''} will keep doing"


def _inline(text: str) -> str:
    """Goal text inside a Markdown line, exactly as written (no accidental formatting)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _escape_block(text: str) -> str:
    # A line of the pair's own that starts with "#" must not become one of our headings;
    # one more backslash in front is undone exactly by _unescape_block.
    return "\n".join(_ESCAPED_HASH.sub(lambda m: "\\" + m.group(0), line) for line in text.strip("\n").splitlines())


def _unescape_block(text: str) -> str:
    return "\n".join(
        line[1:] if _ESCAPED_HASH.match(line) and line.startswith("\\") else line for line in text.splitlines()
    )


@dataclass
class ClosingAnswers:
    """What the pair put into the closing review."""

    keep_doing: dict[str, str] = field(default_factory=dict)  # role -> text
    sponsorship: str = ""
    scores: dict[str, int] = field(default_factory=dict)  # goal id -> final score

    def is_empty(self) -> bool:
        return not any(t.strip() for t in self.keep_doing.values()) and not self.sponsorship.strip() and not self.scores


def _scores_so_far(goal: GoalView, role: str, final: int | None = None) -> str:
    """One person's scores of a goal; ``final`` is the end score typed here, if theirs."""
    def shown(point: str) -> str:
        if point == "end" and final is not None:
            return score_text(final)
        return "not shown yet" if goal.is_hidden(role, point) else score_text(goal.score_of(role, point))

    start = goal.score_of(role, "start")
    end = final if final is not None else goal.score_of(role, "end")
    change = ""
    if end is not None and start is not None and not goal.is_hidden(role, "end"):
        change = f" ({'+' if end > start else ''}{end - start})" if end != start else " (no change)"
    return f"start {shown('start')}, midway {shown('midway')}, end {shown('end')}{change}"


def closing_markdown(
    answers: ClosingAnswers, goals: Sequence[GoalView], names: Mapping[str, str | None], me: str = "mentee"
) -> str:
    """The shared note's body: a heading per part, the pair's words exactly as typed. The
    final scores typed here are ``me``'s; the other person's are as far as ``me`` may see."""
    out = ["Meeting 6: the pair's closing review, written together.", "", f"## {GOALS_HEADING}", ""]
    if not goals:
        out.append("No goals were set.")
    for goal in goals:
        final = answers.scores.get(goal.id)
        people = "; ".join(
            f"{names.get(role) or role}: {_scores_so_far(goal, role, final if role == me else None)}"
            for role in (goal.owner, goal.partner)
        )
        out.append(f"- **{_inline(goal.text)}** (the {goal.owner}'s goal): {people}")
    for role in ("mentor", "mentee"):
        text = answers.keep_doing.get(role, "")
        out += ["", f"## {keep_doing_heading(role, names.get(role))}", "", _escape_block(text) if text.strip() else NOTHING_WRITTEN]
    out += ["", _SPONSOR_HEADING, ""]
    out.append(_escape_block(answers.sponsorship) if answers.sponsorship.strip() else NOTHING_WRITTEN)
    return "\n".join(out) + "\n"


def parse_closing(body: str) -> ClosingAnswers:
    """The typed parts back out of a note ``closing_markdown`` wrote (scores live on the goals)."""
    answers = ClosingAnswers()
    current: str | None = None
    lines: dict[str, list[str]] = {}
    for line in body.splitlines():
        match = _KEEP_HEADING.match(line)
        if match:
            current = match.group(1)
        elif line == _SPONSOR_HEADING:
            current = "sponsorship"
        elif _ANY_HEADING.match(line):
            current = None
        elif current is not None:
            lines.setdefault(current, []).append(line)
    for key, found in lines.items():
        text = "\n".join(found).strip("\n")
        text = "" if text == NOTHING_WRITTEN else _unescape_block(text)
        if key == "sponsorship":
            answers.sponsorship = text
        else:
            answers.keep_doing[key] = text
    return answers


def commitment_lines(text: str) -> list[str]:
    """Each non-empty line, without a list mark ("- ", "1. ")."""
    return [_LIST_MARK.sub("", line).strip() for line in text.splitlines() if _LIST_MARK.sub("", line).strip()]


def find_closing_entry(entries: Sequence[EntryView]) -> EntryView | None:
    found = [e for e in entries if e.template_id == TEMPLATE_ID and not e.private]
    return max(found, key=lambda e: (e.updated_at, e.id)) if found else None


class ClosingReviewScreen(KeepsQuestionsInView, Screen[None]):
    """Score the goals again, say what you keep doing, commit to sponsorship; then share."""

    AUTO_FOCUS = "#closing-scroll Select, #closing-mentor"
    BINDINGS = [
        Binding("escape", "back", "Back", id="closing.back",
                tooltip="Go back; anything typed is kept as a shared draft of the closing review"),
        Binding("ctrl+s", "finish", FINISH, id="closing.finish",
                tooltip="Save the closing review as one shared note for meeting 6, with the goals' final scores"),
    ]

    class Done(Message):
        def __init__(self, entry_id: str, scored: int, actions: int, draft: bool) -> None:
            super().__init__()
            self.entry_id = entry_id
            self.scored = scored
            self.actions = actions
            self.draft = draft

    class Failed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self) -> None:
        super().__init__()
        self._goals: list[GoalView] = []
        self._entry: EntryView | None = None
        self._loaded: ClosingAnswers = ClosingAnswers()
        self._saving = False

    # -- building ----------------------------------------------------------------------------

    def _names(self) -> dict[str, str | None]:
        pair = self.app.service.pair()
        return {"mentor": pair.mentor.name if pair.mentor else None, "mentee": pair.mentee.name if pair.mentee else None}

    def compose(self) -> ComposeResult:
        service = self.app.service
        self._goals = list(service.goals())
        self._entry = find_closing_entry(service.entries(meeting=CLOSING_MEETING, kind="note"))
        self._loaded = parse_closing(self._entry.body) if self._entry else ClosingAnswers()
        names = self._names()
        yield Header()
        with VerticalScroll(id="closing-scroll", can_focus=False), Vertical(id="closing-box"):
            yield Static(INTRO, id="closing-intro", classes="screen-intro")
            yield Static(GOALS_HEADING, classes="section-heading")
            if not self._goals:
                yield Static(NO_GOALS, classes="section-note")
            me = service.role
            for number, goal in enumerate(self._goals, start=1):
                with Horizontal(classes="closing-goal"):
                    words = Text(f"Goal {number}, {names.get(goal.owner) or goal.owner}'s: ", style="bold")
                    words.append_text(literal(" ".join(goal.text.split())))
                    for role in (goal.owner, goal.partner):
                        words.append(f"\n{names.get(role) or role} so far: {_scores_so_far(goal, role)}", style="italic")
                    words.append(f"\nYour own score now ({SCORE_HINT}):", style="italic")
                    yield Static(words, classes="closing-goal-text")
                    mine = goal.score_of(me, "end")
                    select: Select[int] = Select(
                        [(f"{n} of 5", n) for n in range(1, 6)],
                        prompt="Your final score",
                        value=mine if mine is not None else Select.NULL,
                        id=f"goal-{goal.id}",
                        classes="closing-score",
                    )
                    select.tooltip = literal(f"{' '.join(goal.text.split())}: your own score now, 1 to 5 ({SCORE_HINT})")
                    yield select
            for role in ("mentor", "mentee"):
                with QuestionBlock():
                    yield Label(keep_doing_heading(role, names.get(role)), classes="section-heading")
                    yield LiteralTextArea(
                        self._loaded.keep_doing.get(role, ""), id=f"closing-{role}", classes="closing-text"
                    )
            with QuestionBlock():
                yield Label(SPONSORSHIP_HEADING, classes="section-heading")
                yield Static(SPONSORSHIP_HELP, classes="section-note")
                yield LiteralTextArea(self._loaded.sponsorship, id="closing-sponsorship", classes="closing-text")
            yield TickBox(MAKE_ACTIONS, id="closing-actions")
            yield Static(FOLLOW_UP, classes="section-note")
            content = self.app.content
            programme = content.programme if content is not None else Programme()
            yield Static(
                literal(f"{feedback_text(programme)}\n\n{contacts_text(programme)}"),
                id="closing-contacts", classes="section-note",
            )
        # Outside the scrolling form, so finishing is always in view.
        with Vertical(id="closing-bottom"):
            yield Static("", id="closing-problem", classes="problem")
            with Horizontal(classes="form-buttons"):
                yield Button(FINISH, variant="primary", id="closing-finish")
                yield Button("Back", id="closing-back")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = TITLE
        self.sub_title = "Shared with both of you" if self._entry is None or self._entry.title == DRAFT_TITLE else "Editing the shared closing review"
        self.query_one("#closing-problem").display = False

    # -- reading the form ------------------------------------------------------------------

    def answers(self) -> ClosingAnswers:
        answers = ClosingAnswers(
            keep_doing={role: self.query_one(f"#closing-{role}", TextArea).text for role in ("mentor", "mentee")},
            sponsorship=self.query_one("#closing-sponsorship", TextArea).text,
        )
        for goal in self._goals:
            value = self.query_one(f"#goal-{goal.id}", Select).value
            if isinstance(value, int):
                answers.scores[goal.id] = value
        return answers

    def _own_finals(self, goals: Sequence[GoalView]) -> dict[str, int]:
        me = self.app.service.role
        return {g.id: score for g in goals if (score := g.score_of(me, "end")) is not None}

    def _changed(self, answers: ClosingAnswers) -> bool:
        before = self._own_finals(self._goals)
        return (
            answers.keep_doing != {r: self._loaded.keep_doing.get(r, "") for r in ("mentor", "mentee")}
            or answers.sponsorship != self._loaded.sponsorship
            or answers.scores != before
        )

    # -- saving ------------------------------------------------------------------------------

    def _save(self, answers: ClosingAnswers, *, draft: bool, make_actions: bool) -> tuple[str, int, int]:
        """Write everything; returns (entry id, goals scored, actions added). Raises RmpairError."""
        service = self.app.service
        scored = 0
        current = self._own_finals(service.goals())
        for goal in self._goals:
            score = answers.scores.get(goal.id)
            if score is not None and current.get(goal.id) != score:
                service.score_goal(goal.id, score)
                scored += 1
        body = closing_markdown(answers, service.goals(), self._names(), service.role)
        title = DRAFT_TITLE if draft else TITLE
        if self._entry is not None:
            entry = service.update_entry(self._entry.id, title=title, body=body)
        else:
            entry = service.add_entry(
                kind="note", title=title, body=body, meeting=CLOSING_MEETING, private=False, template_id=TEMPLATE_ID
            )
        self._entry = entry
        self._loaded = answers
        added = 0
        if make_actions:
            existing = {" ".join(a.text.split()) for a in service.actions(owner="mentee")}
            for line in commitment_lines(answers.sponsorship):
                if " ".join(line.split()) not in existing:
                    service.add_action(line, owner="mentee")
                    existing.add(" ".join(line.split()))
                    added += 1
        return entry.id, scored, added

    def flush_unsaved(self) -> None:
        """Called by the app before it locks: keep what was typed as a shared draft."""
        if self.app.service is None or self._saving:
            return
        answers = self.answers()
        if not self._changed(answers):
            return
        finished = self._entry is not None and self._entry.title == TITLE
        self._save(answers, draft=not finished, make_actions=False)

    @on(Button.Pressed, "#closing-finish")
    def _finish_pressed(self) -> None:
        self.action_finish()

    def action_finish(self) -> None:
        if self._saving:
            return
        answers = self.answers()
        if answers.is_empty():
            self._show_problem("Nothing is filled in yet: score a goal or write something first.")
            return
        self._show_problem("")
        self._saving = True
        self.query_one("#closing-finish", Button).disabled = True
        self._write(answers, self.query_one("#closing-actions", Checkbox).value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="closing-save")
    def _write(self, answers: ClosingAnswers, make_actions: bool) -> None:
        try:
            entry_id, scored, added = self._save(answers, draft=False, make_actions=make_actions)
        except RmpairError as error:
            self.post_message(self.Failed(str(error)))
            return
        self.post_message(self.Done(entry_id, scored, added, draft=False))

    def on_closing_review_screen_done(self, message: Done) -> None:
        self._saving = False
        parts = ["The closing review is saved as a shared note for meeting 6"]
        if message.scored:
            parts.append(f"{message.scored} goal score{'s' if message.scored != 1 else ''} saved")
        if message.actions:
            parts.append(f"{message.actions} action{'s' if message.actions != 1 else ''} added for the mentee")
        self.app.notify(", ".join(parts) + ".", title="Closing review shared", markup=False)
        self.dismiss()

    def on_closing_review_screen_failed(self, message: Failed) -> None:
        self._saving = False
        self.query_one("#closing-finish", Button).disabled = False
        self._show_problem(f"{message.reason} What you typed is still here; try again.")

    def _show_problem(self, text: str) -> None:
        problem = self.query_one("#closing-problem", Static)
        problem.update(Text(text))
        problem.display = bool(text)

    @on(Button.Pressed, "#closing-back")
    def action_back(self) -> None:
        if self._saving:
            return
        try:
            answers = self.answers()
            if self._changed(answers):
                finished = self._entry is not None and self._entry.title == TITLE
                self._save(answers, draft=not finished, make_actions=False)
                self.app.notify(
                    "Kept as a shared draft: open the closing review again from meeting 6 to finish it."
                    if not finished
                    else "Your changes to the closing review are saved.",
                    markup=False,
                )
        except RmpairError as error:
            self._show_problem(f"{error} What you typed is still here.")
            return
        self.dismiss()
