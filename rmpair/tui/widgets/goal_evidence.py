"""Both people's goals, each with both people's scores (start, midway, end), what 1 to 5
look like, and the writing linked to it.

A score the partner gave stays hidden until the person looking has scored that point
too (the service decides); the line says so rather than showing a gap.

Evidence is what the service lets this person see: in review together only shared
entries, so a private reflection linked to a goal is neither listed nor counted. Outside
review together a person's own private evidence shows, marked "🔒 private".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content
from textual.widgets import Static

from rmpair.reports.progress import GoalProgress
from rmpair.core.views import GoalView
from rmpair.tui.widgets.literal import visible

NO_GOALS = "No goals yet. Set goals for either of you with G (from home or any meeting); they appear here with their scores."
HIDDEN = "hidden until you score it"
POINT_WORDS = (("start", "start"), ("midway", "midway"), ("end", "end"))
EVIDENCE_SHOWN = 12
"""Titles listed per goal; beyond this the line says how many more (thousands stay quick)."""

KIND_WORDS = {"reflection": "Reflection", "note": "Note", "observation": "Observation", "talking-point": "Talking point"}


def score_text(score: int | None) -> str:
    return f"{score} of 5" if score is not None else "not scored"


BAR_FULL = "█"
BAR_EMPTY = "░"


def score_bar(score: int) -> str:
    """A score as a bar of five cells ("██░░░" for 2), to see at a glance how it moved.
    Drawn in characters, not colour, so high contrast and NO_COLOR show it the same; the
    words beside it ("2 of 5") are its text alternative."""
    return BAR_FULL * score + BAR_EMPTY * (5 - score)


def _one_line(text: str) -> str:
    return visible(" ".join(text.split()))


def shown_score(goal: GoalView, role: str, point: str) -> str:
    return HIDDEN if goal.is_hidden(role, point) else score_text(goal.score_of(role, point))


def _score_pieces(goal: GoalView, role: str, point: str) -> tuple[tuple[str, str], ...]:
    """The bar (when there is a score to show) and the words for one point."""
    score = None if goal.is_hidden(role, point) else goal.score_of(role, point)
    words = (shown_score(goal, role, point), "bold")
    return (words,) if score is None else ((f"{score_bar(score)} ", "$text-accent"), words)


def scores_content(goal: GoalView, change: int | None, names: Mapping[str, str] | None = None) -> Content:
    """A line of scores for each person, the goal's owner first."""
    names = names or {}
    parts = []
    for role in (goal.owner, goal.partner):
        moved = ""
        if role == goal.owner and change is not None:
            moved = f" ({'+' if change > 0 else ''}{change})" if change else " (no change)"
        label = visible(names.get(role, role))
        parts.append(
            Content.assemble(
                f"  {label}: ",
                *(piece for point, words in POINT_WORDS for piece in (
                    (f"{words} " if point == "start" else f" → {words} ", ""), *_score_pieces(goal, role, point),
                )),
                moved, "\n",
            )
        )
    return Content("").join(parts)


def levels_content(goal: GoalView) -> Content:
    """What 1 to 5 look like, as written when the goal was set."""
    described = [f"{n} = {visible(words)}" for n, words in enumerate(goal.looks_like, start=1) if words]
    if not described:
        return Content.styled("  What 1 to 5 look like: not written yet (e to add).\n", "$text-muted")
    return Content.styled(f"  What the scores look like: {'; '.join(described)}\n", "$text-muted")


def evidence_content(progress: GoalProgress, names: Mapping[str, str]) -> Content:
    """The writing linked to one goal, a line each, with whose it is and who can read it."""
    evidence = progress.evidence
    if not evidence:
        return Content.styled("  No writing linked to this goal yet.\n", "$text-muted")
    reflections = len(progress.reflections)
    parts = [
        Content.styled(
            f"  Evidence: {len(evidence)} linked ({reflections} reflection{'s' if reflections != 1 else ''})\n",
            "$text-muted",
        )
    ]
    for entry in evidence[:EVIDENCE_SHOWN]:
        where = f"meeting {entry.meeting}" if entry.meeting else "no meeting"
        who = visible(names.get(entry.author, entry.author))
        privacy = "🔒 private" if entry.private else "👥 shared"
        parts.append(
            Content.assemble(
                "   • ",
                (_one_line(entry.display_title), ""),
                (f"  {KIND_WORDS.get(entry.kind, entry.kind)}, {where}, by {who}, {privacy}", "$text-muted"),
                "\n",
            )
        )
    if len(evidence) > EVIDENCE_SHOWN:
        parts.append(Content.styled(f"   …and {len(evidence) - EVIDENCE_SHOWN} more\n", "$text-muted"))
    return Content("").join(parts)


def goal_content(goals: Sequence[GoalProgress], names: Mapping[str, str]) -> Content:
    if not goals:
        return Content.styled(NO_GOALS, "italic")
    parts: list[Content] = [
        Content.styled(
            "Goals of both of you, each scored 1 to 5 at meetings 1, 4 and 6 by each of you on your own; "
            "your partner's score shows once you have given yours.\n\n", "$text-muted",
        )
    ]
    for number, progress in enumerate(goals, start=1):
        goal = progress.goal
        if number > 1:
            parts.append(Content("\n"))
        whose = visible(names.get(goal.owner, goal.owner))
        parts.append(Content.assemble(
            (f"Goal {number}, for {whose}: ", "bold $text-accent"), (_one_line(goal.text), "bold"), "\n",
        ))
        parts.append(scores_content(goal, progress.change, names))
        parts.append(levels_content(goal))
        parts.append(evidence_content(progress, names))
    return Content("").join(parts)


class GoalEvidence(Static):
    """The goals section of the progress view."""

    DEFAULT_CSS = """
    GoalEvidence {
        height: auto;
    }
    """

    def show(self, goals: Sequence[GoalProgress], names: Mapping[str, str]) -> None:
        self.update(goal_content(goals, names))
