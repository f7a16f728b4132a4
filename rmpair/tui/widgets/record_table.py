"""A table of records that keeps its place when it is refilled.

Tables refill after every change (the service is the truth, not the widget); keeping the
cursor on the same record means a person ticking off several rows does not jump back to
the top each time. DataTable stays fast with thousands of rows, where ListView would not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from rmpair.tui.widgets.literal import literal


def as_cell(cell: object) -> object:
    """DataTable reads a plain string as Rich markup; what the pair wrote ("[bold]", a
    lone "[/]", an escape sequence) must show exactly as typed, and must not be able to
    break the table."""
    return literal(cell) if isinstance(cell, str) else cell


class RecordTable(DataTable[object]):
    """Rows are keyed by record id; ``highlighted_id`` is the record under the cursor."""

    DEFAULT_CSS = """
    RecordTable {
        height: 1fr;
    }
    """
    EMPTY_TEXT = "Nothing here yet."

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self.column_keys: list = []

    def _on_mount(self) -> None:
        # The table's own keys on its bottom edge, where the eye already is.
        from rmpair.tui.commands import key_hints

        self.border_subtitle = key_hints(self)

    def set_columns(self, *labels: str) -> None:
        if not self.columns:
            self.column_keys = self.add_columns(*labels)

    def update_record(self, record_id: str, column: int, value: object) -> None:
        """Change one cell of one record without refilling the table."""
        self.update_cell(record_id, self.column_keys[column], as_cell(value))

    def remove_record(self, record_id: str) -> None:
        self.remove_row(record_id)
        if self.row_count == 0:
            self.set_rows([])

    def set_rows(self, rows: Iterable[tuple[str, Sequence[object]]]) -> None:
        keep = self.highlighted_id
        keep_index = self.cursor_row
        self.clear()
        rows = list(rows)
        if not rows:
            # An empty table explains itself rather than showing a blank box.
            self.add_row(*[Text(self.EMPTY_TEXT, style="italic")] + [""] * (len(self.columns) - 1), key="")
            return
        for key, cells in rows:
            self.add_row(*(as_cell(cell) for cell in cells), key=key)
        if keep:
            try:
                self.move_cursor(row=self.get_row_index(keep), animate=False)
                return
            except RowDoesNotExist:
                pass
        self.move_cursor(row=min(keep_index, self.row_count - 1), animate=False)

    @property
    def highlighted_id(self) -> str | None:
        if self.row_count == 0:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except CellDoesNotExist:
            return None
        return key or None
