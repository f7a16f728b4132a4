"""The writing that belongs to one meeting: talking points, notes, observations, reflections.

Each row says who can read it ("🔒 private" / "👥 shared") in words and a symbol. The
service already hides the partner's private entries; this table never sees them.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message

from rmpair.tui import messages
from rmpair.tui.widgets.record_table import RecordTable

KIND_ORDER = {"talking-point": 0, "note": 1, "observation": 2, "reflection": 3}


class EntriesTable(RecordTable):
    HELP_GROUP = "In the list of writing"
    EMPTY_TEXT = messages.NO_ENTRIES
    BINDINGS = [
        Binding("enter", "open_entry", "Open", id="entries.open",
                tooltip="Read or edit the highlighted entry"),
    ]

    class EntryChosen(Message):
        """The person chose an entry to read or edit; the screen opens it."""

        def __init__(self, entry_id: str) -> None:
            super().__init__()
            self.entry_id = entry_id

    def __init__(self, *, meeting: int, id: str | None = None) -> None:
        super().__init__(id=id)
        self.meeting = meeting

    def on_mount(self) -> None:
        self.set_columns("Kind", "Title", "Written by", "Who can read it", free={"Title": 1})
        self.reload()

    def reload(self) -> None:
        service = self.app.service
        if service is None:
            return
        names = service.pair().names()
        entries = sorted(
            service.entries(meeting=self.meeting),
            key=lambda e: (KIND_ORDER.get(e.kind, 9), e.created_at, e.id),
        )
        self.set_rows(
            (
                entry.id,
                (
                    messages.kind_name(entry.kind),
                    messages.with_conflict_mark(entry.display_title, entry.conflicted),
                    names.get(entry.author, entry.author),
                    messages.visibility(entry.private),
                ),
            )
            for entry in entries
        )

    def action_open_entry(self) -> None:
        entry_id = self.highlighted_id
        if entry_id:
            self.post_message(self.EntryChosen(entry_id))

    def on_data_table_row_selected(self, event: RecordTable.RowSelected) -> None:
        # A click on a row opens it too; Enter arrives here as well as through the binding.
        event.stop()
        self.action_open_entry()
