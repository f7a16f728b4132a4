"""A table of records that keeps its place when it is refilled.

Tables refill after every change (the service is the truth, not the widget); keeping the
cursor on the same record means a person ticking off several rows does not jump back to
the top each time. DataTable stays fast with thousands of rows, where ListView would not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.text import Text
from textual import events
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from rmpair.tui.widgets.literal import literal


def as_cell(cell: object) -> object:
    """DataTable reads a plain string as Rich markup; what the pair wrote ("[bold]", a
    lone "[/]", an escape sequence) must show exactly as typed, and must not be able to
    break the table."""
    return literal(cell) if isinstance(cell, str) else cell


LEAST_WIDTH = 6
"""A free column never narrower than this: a few letters say which row it is."""


class FitsWidth:
    """For a DataTable: every column on screen at any width.

    The columns that hold free text a person wrote (a title, an action) share what the
    others leave, by weight, and are cut with "…" (Enter opens the record whole); the
    others keep their natural width. Without it, a long title pushes "Who can read it" or
    "Due at" past the right edge at 80 columns, where a person never scrolls to find it.
    """

    free_columns: Mapping[Any, int] = {}
    """Column key → its share of the room left."""

    def fit_columns(self) -> None:
        table: Any = self
        columns = table.ordered_columns
        free = [c for c in columns if c.key.value in self.free_columns]
        if not free or not table.size.width:
            return
        fixed = sum(c.get_render_width(table) for c in columns if c not in free)
        room = table.scrollable_content_region.width - fixed - 2 * table.cell_padding * len(free)
        shares = sum(self.free_columns[c.key.value] for c in free)
        changed = False
        for column in free:
            width = max(LEAST_WIDTH, room * self.free_columns[column.key.value] // shares)
            if column.auto_width or column.width != width:
                column.auto_width = False
                column.width = width
                changed = True
        if changed:
            table._require_update_dimensions = True
            table._clear_caches()
            table.refresh()

    def _on_resize(self, event: events.Resize) -> None:
        self.fit_columns()

    def _update_dimensions(self, new_rows: Any) -> None:
        # DataTable measures new and changed cells here, once idle: only then do the other
        # columns know their widths (a longer name would push the last column out), so
        # the free ones are fitted after it, however the table was filled or changed.
        super()._update_dimensions(new_rows)  # type: ignore[misc]
        self.fit_columns()


class FittedTable(FitsWidth, DataTable[Any]):
    """A plain table whose free-text columns share the room (``FitsWidth``)."""

    def __init__(self, *, free_columns: Mapping[str, int], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.free_columns = free_columns


class RecordTable(FitsWidth, DataTable[object]):
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

    def set_columns(self, *labels: str, free: Mapping[str, int] | None = None) -> None:
        """The columns, by label; ``free`` names the free-text ones and their shares."""
        if not self.columns:
            # Keyed by place, not label: a partner's name is a label and may be anything.
            self.column_keys = [self.add_column(label, key=str(i)) for i, label in enumerate(labels)]
            self.free_columns = {str(i): (free or {})[label] for i, label in enumerate(labels) if label in (free or {})}

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
