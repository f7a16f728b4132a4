"""The mentee's goals, each with its scores (start, midway, end) and the writing linked to it.

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

NO_GOALS = "No goals yet. Set the mentee's goals with G (from home or any meeting); they appear here with their scores."
EVIDENCE_SHOWN = 12
"""Titles listed per goal; beyond this the line says how many more (thousands stay quick)."""

KIND_WORDS = {"reflection": "Reflection", "note": "Note", "observation": "Observation", "talking-point": "Talking point"}


def score_text(score: int | None) -> str:
    return f"{score} of 5" if score is not None else "not scored"


def _one_line(text: str) -> str:
    return visible(" ".join(text.split()))


def scores_content(goal: GoalView, change: int | None) -> Content:
    moved = ""
    if change is not None:
        moved = f" ({'+' if change > 0 else ''}{change})" if change else " (no change)"
    return Content.assemble(
        "  Start: ", (score_text(goal.baseline_score), "bold"),
        " → midway: ", (score_text(goal.midway_score), "bold"),
        " → end: ", (score_text(goal.final_score), "bold"), moved, "\n",
    )


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
    owner = names.get("mentee", "the mentee")
    parts: list[Content] = [
        Content.styled(f"Goals of {owner}, scored 1 to 5 at meetings 1, 4 and 6.\n\n", "$text-muted")
    ]
    for number, progress in enumerate(goals, start=1):
        goal = progress.goal
        if number > 1:
            parts.append(Content("\n"))
        parts.append(Content.assemble((f"Goal {number}: ", "bold $text-accent"), (_one_line(goal.text), "bold"), "\n"))
        parts.append(scores_content(goal, progress.change))
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
