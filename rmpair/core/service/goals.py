"""Goals of both people: the words, what 1 to 5 look like, each person's scores."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, select

from rmpair.core.errors import UsageError
from rmpair.core.models import (
    Goal,
    GoalScore,
    now,
)
from rmpair.core.vocabulary import GOAL_SCORE_POINTS
from rmpair.core.views import (
    GoalView,
)
from rmpair.core.service.checks import (
    check_role,
    check_rating,
    check_levels,
    check_text,
)
from rmpair.core.service.core import ServiceCore


class GoalChanges(ServiceCore):
    """Goals of both people: the words, what 1 to 5 look like, each person's scores."""

    def _check_goal_link(self, goal_ref: str | None) -> str | None:
        """The full id of the goal an entry is linked to as evidence (None: no goal)."""
        if goal_ref is None or not goal_ref.strip():
            return None
        return self.goal(goal_ref).id

    # Goals are the pair's, set and scored together: either person may change them, and
    # review-together mode allows it, since nothing about them is private.

    def add_goal(
        self,
        text: str,
        baseline_score: int | None = None,
        *,
        owner: str = "mentee",
        looks_like: Sequence[str] | None = None,
    ) -> GoalView:
        """A goal of the mentee's (the programme's first purpose) or the mentor's, with what
        1 to 5 look like; ``baseline_score`` is this person's own score now."""
        text = check_text(text, "A goal")
        check_role(owner)
        levels = check_levels(looks_like)
        if baseline_score is not None:
            check_rating(baseline_score)
        goal = Goal(text=text, owner=owner, looks_like=levels)
        role = self.role

        def add(session: Session) -> None:
            session.add(goal)
            if baseline_score is not None:
                session.add(GoalScore(goal_id=goal.id, person=role, point="start", score=baseline_score))

        self._change(add, shared=True)
        # No entry can be evidence for a goal made just now, so none is decoded to say so.
        return next(view for view in self._goal_views({}) if view.id == goal.id)

    def update_goal(self, goal_id: str, text: str) -> GoalView:
        text = check_text(text, "A goal")
        return self._change_goal(goal_id, text=text)

    def describe_goal_levels(self, goal_id: str, looks_like: Sequence[str]) -> GoalView:
        """Write (or rewrite) what 1 to 5 look like for a goal: five texts, "" for any left out."""
        return self._change_goal(goal_id, looks_like=check_levels(looks_like))

    def score_goal(self, goal_id: str, score: int | None, point: str = "end") -> GoalView:
        """This person's own score of a goal, 1-5, at one of GOAL_SCORE_POINTS (None clears
        it). Their partner sees it only once they have scored that point too."""
        if point not in GOAL_SCORE_POINTS:
            raise UsageError(f"A goal is scored at {', '.join(GOAL_SCORE_POINTS)}, not {point}.")
        if score is not None:
            check_rating(score)
        goal_id = self.goal(goal_id).id
        role = self.role

        def write(session: Session) -> None:
            if session.get(Goal, goal_id) is None:
                raise UsageError("That goal no longer exists.")
            row = session.get(GoalScore, (goal_id, role, point))
            if row is None:
                if score is None:
                    return
                row = GoalScore(goal_id=goal_id, person=role, point=point)
            row.score, row.updated_at = score, now()
            session.add(row)

        self._change(write, shared=True)
        return self.goal(goal_id)

    def _change_goal(self, goal_id: str, **values: Any) -> GoalView:
        goal_id = self.goal(goal_id).id

        def update(session: Session) -> None:
            goal = session.get(Goal, goal_id)
            if goal is None:
                raise UsageError("That goal no longer exists.")
            for name, value in values.items():
                setattr(goal, name, value)
            goal.updated_at = now()
            session.add(goal)

        self._change(update, shared=True)
        return self.goal(goal_id)

    def delete_goal(self, goal_id: str) -> None:
        """Remove a goal. Entries linked to it stay, no longer linked: a private entry of the
        partner's cannot be opened here, so every reader ignores links to a removed goal."""
        goal_id = self.goal(goal_id).id

        def delete(session: Session) -> None:
            goal = session.get(Goal, goal_id)
            if goal is None:
                raise UsageError("That goal no longer exists.")
            session.delete(goal)
            for score in session.exec(select(GoalScore).where(GoalScore.goal_id == goal_id)):
                session.delete(score)

        self._change(delete, shared=True)
        for entry in self.entries(goal_id=goal_id):
            if not entry.private or entry.author == self.role:
                self.update_entry(entry.id, goal_id=None)
