"""The pair's actions: who does what, by which meeting; tick off, add, carry forward.

Actions are shared (the service keeps no private actions), which the table says in words.
"""

from __future__ import annotations

from textual import work
from textual.binding import Binding

from rmpair.tui import messages
from rmpair.core.errors import RmpairError
from rmpair.tui.widgets.dialogs import AskText, ChoiceDialog, PickDialog
from rmpair.tui.widgets.events import VaultChanged
from rmpair.tui.widgets.record_table import RecordTable

MEETING_COUNT = 6


class ActionsTable(RecordTable):
    """Open actions (home), or the actions due at one meeting, done or not (meeting view)."""

    HELP_GROUP = "In the actions list"
    EMPTY_TEXT = messages.NO_OPEN_ACTIONS
    BINDINGS = [
        Binding("space", "toggle_done", "Done", id="actions.toggle_done",
                tooltip="Mark the highlighted action done, or not done again"),
        Binding("a", "add_action", "Add action", id="actions.add",
                tooltip="Add an action: what will be done, by whom, by which meeting"),
        Binding("c", "carry_forward", "Carry forward", id="actions.carry_forward", show=False,
                tooltip="Move the highlighted action to a later meeting"),
    ]

    def __init__(self, *, meeting: int | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.meeting = meeting
        """None lists every open action; a number lists that meeting's actions, done or not."""

    def on_mount(self) -> None:
        # What is to be done comes straight after the tick, so a narrow screen cuts the
        # who and when (the meeting view has room for them), not the words.
        self.set_columns("Done", "Action", "Whose", "Due at", free={"Action": 1})
        self.reload()

    def reload(self) -> None:
        service = self.app.service
        if service is None:
            return
        names = service.pair().names()
        if self.meeting is None:
            actions = service.actions(done=False)
        else:
            actions = [a for a in service.actions() if a.due_meeting == self.meeting]
        rows = []
        for action in actions:
            due = f"meeting {action.due_meeting}" if action.due_meeting else "any time"
            if action.carried_from:
                due += f" (was {action.carried_from})"
            rows.append((action.id, ("[x]" if action.done else "[ ]", action.text, names.get(action.owner, action.owner), due)))
        self.set_rows(rows)

    def _report(self, error: Exception) -> None:
        self.app.notify(str(error), severity="error")

    def action_toggle_done(self) -> None:
        action_id = self.highlighted_id
        if not action_id:
            return
        service = self.app.service
        try:
            current = service.action(action_id)
            updated = service.set_action_done(action_id, not current.done)
        except RmpairError as error:
            self._report(error)
            self.post_message(VaultChanged())
            return
        # One row changes; the table is not refilled (there may be hundreds of actions).
        if self.meeting is None and updated.done:
            self.remove_record(action_id)
        else:
            self.update_record(action_id, 0, "[x]" if updated.done else "[ ]")
        self.post_message(VaultChanged(refreshed=self))

    @work(exclusive=True, group="action-dialog")
    async def action_add_action(self) -> None:
        service = self.app.service
        text = await self.app.push_screen_wait(AskText(messages.ADD_ACTION, placeholder="for example: read the report"))
        if not text:
            return
        me, partner = service.me, service.partner
        choices = [(me.role, f"Mine ({me.name})")]
        if partner is not None:
            choices.append((partner.role, f"{partner.name}'s"))
        owner = me.role
        if len(choices) > 1:
            owner = await self.app.push_screen_wait(ChoiceDialog(messages.ACTION_OWNER, choices))
            if owner is None:
                return
        answer = await self.app.push_screen_wait(self._due_dialog())
        if answer is None:
            return
        due = int(answer) if answer.isdigit() else None
        try:
            service.add_action(text, owner=owner, due_meeting=due)
        except RmpairError as error:
            self._report(error)
        else:
            self.app.notify(messages.action_added(due, self.meeting))
        self.post_message(VaultChanged())

    def _due_dialog(self) -> PickDialog:
        """When a new action is due: a meeting not yet held, or any time.

        A meeting already held is not offered, or the action would be overdue the moment
        it was added. The list opens on this table's meeting if it is still to come, else
        on the next meeting.
        """
        service = self.app.service
        upcoming = [m for m in service.meetings() if m.status == "planned"]
        choices = [
            (str(m.number), messages.due_choice(m.number, m.planned_date, next_one=m is upcoming[0]))
            for m in upcoming
        ]
        choices.append(("any", messages.ANY_TIME))
        numbers = [m.number for m in upcoming]
        default = self.meeting if self.meeting in numbers else (numbers[0] if numbers else None)
        question = messages.ACTION_DUE if upcoming else messages.ACTION_DUE_NONE_LEFT
        return PickDialog(question, choices, highlighted=str(default) if default else "any")

    @work(exclusive=True, group="action-dialog")
    async def action_carry_forward(self) -> None:
        action_id = self.highlighted_id
        if not action_id:
            return
        service = self.app.service
        current = service.action(action_id)
        earliest = (current.due_meeting or 0) + 1
        if earliest > MEETING_COUNT:
            self.app.notify("This action is due at the last meeting; there is no later one.", severity="warning")
            return

        def check(text: str) -> str | None:
            if not text.isdigit() or not earliest <= int(text) <= MEETING_COUNT:
                return f"Type a meeting number from {earliest} to {MEETING_COUNT}."
            return None

        answer = await self.app.push_screen_wait(
            AskText(
                f"Carry this action to which meeting? ({earliest} to {MEETING_COUNT})",
                value=str(earliest),
                check=check,
            )
        )
        if answer is None:
            return
        try:
            service.carry_forward(action_id, int(answer))
        except RmpairError as error:
            self._report(error)
        self.post_message(VaultChanged())
