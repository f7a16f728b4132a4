"""A meeting's agenda as a checklist: tick items off, add, change or remove them.

An OptionList, not a table: agenda items are sentences, and an OptionList wraps them to
the width available, so nothing is cut off at 80 columns.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rmpair.tui import messages
from rmpair.tui.commands import key_hints
from rmpair.core.errors import RmpairError
from rmpair.tui.widgets.dialogs import AskText, ConfirmDialog
from rmpair.tui.widgets.events import VaultChanged
from rmpair.tui.widgets.literal import visible


def agenda_line(text: str, minutes: int | None, done: bool) -> Text:
    line = Text("[x] " if done else "[ ] ", style="bold")
    line.append(visible(" ".join(text.split())), style="italic" if done else "")
    if minutes:
        line.append(f" ({minutes} min)", style="italic")
    return line


class AgendaChecklist(OptionList):
    HELP_GROUP = "In the agenda"
    BINDINGS = [
        Binding("space,enter", "toggle_item", "Tick", id="agenda.toggle",
                tooltip="Mark the highlighted agenda item done, or not done again"),
        Binding("a", "add_item", "Add item", id="agenda.add", tooltip="Add an item to this meeting's agenda"),
        Binding("e", "edit_item", "Change item", id="agenda.edit", show=False, tooltip="Change the highlighted item's words"),
        Binding("delete,x", "remove_item", "Remove item", id="agenda.remove", show=False,
                tooltip="Take the highlighted item off the agenda (asks first)"),
    ]

    def __init__(self, *, meeting: int, id: str | None = None) -> None:
        super().__init__(id=id)
        self.meeting = meeting
        self._items: dict[str, tuple[str, int | None, bool]] = {}

    def on_mount(self) -> None:
        self.border_subtitle = key_hints(self)
        self.reload()

    def reload(self) -> None:
        service = self.app.service
        if service is None:
            return
        keep = self.highlighted
        agenda = service.meeting(self.meeting).agenda
        self._items = {item.id: (item.text, item.minutes, item.done) for item in agenda}
        self.set_options(Option(agenda_line(item.text, item.minutes, item.done), id=item.id) for item in agenda)
        if agenda:
            self.highlighted = min(keep or 0, len(agenda) - 1)
        else:
            self.add_option(Option(Text("No agenda items yet: press a to add one.", style="italic"), disabled=True))

    @property
    def highlighted_item(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None and option.id in self._items else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # A click ticks the item, like a paper checklist.
        event.stop()
        self.action_toggle_item()

    def action_toggle_item(self) -> None:
        item_id = self.highlighted_item
        if item_id is None:
            return
        text, minutes, done = self._items[item_id]
        try:
            self.app.service.set_agenda_item_done(item_id, not done)
        except RmpairError as error:
            self.app.notify(str(error), severity="error")
            self.post_message(VaultChanged())
            return
        self._items[item_id] = (text, minutes, not done)
        self.replace_option_prompt(item_id, agenda_line(text, minutes, not done))
        self.post_message(VaultChanged(refreshed=self))

    @work(exclusive=True, group="agenda-dialog")
    async def action_add_item(self) -> None:
        text = await self.app.push_screen_wait(AskText(messages.ADD_AGENDA_ITEM, placeholder="what to talk about"))
        if not text:
            return
        try:
            self.app.service.add_agenda_item(self.meeting, text)
        except RmpairError as error:
            self.app.notify(str(error), severity="error")
        self.post_message(VaultChanged())

    @work(exclusive=True, group="agenda-dialog")
    async def action_edit_item(self) -> None:
        item_id = self.highlighted_item
        if item_id is None:
            return
        text, minutes, _done = self._items[item_id]
        new_text = await self.app.push_screen_wait(AskText(messages.EDIT_AGENDA_ITEM, value=" ".join(text.split())))
        if not new_text:
            return
        try:
            self.app.service.edit_agenda_item(item_id, new_text, minutes)
        except RmpairError as error:
            self.app.notify(str(error), severity="error")
        self.post_message(VaultChanged())

    @work(exclusive=True, group="agenda-dialog")
    async def action_remove_item(self) -> None:
        item_id = self.highlighted_item
        if item_id is None:
            return
        text = " ".join(self._items[item_id][0].split())
        question = f"{messages.REMOVE_AGENDA_ITEM}\n\n{text}"
        if not await self.app.push_screen_wait(ConfirmDialog(question, yes="Remove", no="Keep it")):
            return
        try:
            self.app.service.remove_agenda_item(item_id)
        except RmpairError as error:
            self.app.notify(str(error), severity="error")
        self.post_message(VaultChanged())
