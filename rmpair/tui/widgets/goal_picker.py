"""Which of the mentee's goals a piece of writing is evidence for (or none)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Select

from rmpair.core.views import GoalView
from rmpair.tui.widgets.literal import visible

NOT_LINKED = "Not evidence for a goal"
LABEL_LENGTH = 70


def goal_label(goal: GoalView) -> Content:
    text = visible(" ".join(goal.text.split()))
    if len(text) > LABEL_LENGTH:
        text = text[: LABEL_LENGTH - 1].rstrip() + "…"
    # Content, not a str: a str would be read as markup, and goals are the pair's words.
    return Content(f"Evidence for: {text}")


class GoalPicker(Select[str]):
    """A compact choice of goal; blank means the entry is linked to none."""

    def __init__(self, goals: Sequence[GoalView], goal_id: str | None = None, *, id: str | None = None) -> None:
        known = {goal.id for goal in goals}
        super().__init__(
            [(goal_label(goal), goal.id) for goal in goals],
            prompt=NOT_LINKED,
            value=goal_id if goal_id in known else Select.NULL,
            allow_blank=True,
            compact=True,
            id=id,
        )
        self.tooltip = "Link this to one of the mentee's goals: it then shows as evidence in the progress view"

    @property
    def goal_id(self) -> str | None:
        value = self.value
        return value if isinstance(value, str) else None
