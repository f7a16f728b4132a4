"""Actions: adding, marking done and carrying forward."""

from __future__ import annotations


from sqlmodel import Session

from rmpair.core.errors import UsageError
from rmpair.core.pair_reader import check_meeting
from rmpair.core.models import (
    Action,
    now,
)
from rmpair.core.views import (
    ActionView,
)
from rmpair.core.service.checks import (
    check_role,
    check_text,
    action_view,
)
from rmpair.core.service.core import ServiceCore


class ActionChanges(ServiceCore):
    """Actions: adding, marking done and carrying forward."""

    def add_action(self, text: str, *, owner: str | None = None, due_meeting: int | None = None) -> ActionView:
        text = check_text(text, "An action")
        owner = check_role(owner) if owner else self.role
        check_meeting(due_meeting)
        action = Action(owner=owner, text=text, due_meeting=due_meeting)
        self._change(lambda session: session.add(action), shared=True)
        return action_view(action)

    def set_action_done(self, ref: str, done: bool = True) -> ActionView:
        action_id = self.action(ref).id

        def update(session: Session) -> Action:
            row = session.get(Action, action_id)
            row.done = done
            row.done_at = now() if done else None
            row.updated_at = now()
            session.add(row)
            return row

        return action_view(self._change(update, shared=True))

    def carry_forward(self, ref: str, to_meeting: int) -> ActionView:
        """An action not done by its meeting moves to a later one, remembering where it was due."""
        check_meeting(to_meeting)
        action_id = self.action(ref).id

        def update(session: Session) -> Action:
            row = session.get(Action, action_id)
            if row.due_meeting is not None and to_meeting <= row.due_meeting:
                raise UsageError("Carry an action forward to a later meeting than the one it was due at.")
            row.carried_from = row.due_meeting
            row.due_meeting = to_meeting
            row.updated_at = now()
            session.add(row)
            return row

        return action_view(self._change(update, shared=True))
