"""The RACE coverage grid: each category by meeting, counting the items that touched it.

The point of the grid is the gaps, so a gap says so in a word and a symbol ("✗ gap": a
meeting already held where nothing counted touched the category); colour only repeats it.
A meeting not held yet shows "·", so the future does not look like a failure. Alone, a
person's grid counts their own private preparation with the shared writing; in review
together only shared writing is counted (``rmpair.reports.progress.race_coverage``): a
private count would tell the partner that private work exists, and when, and on what.
The legend and the summary say which, so a number is never misread.

The grid is a handful of rows, so it is drawn as text (which follows the theme's colours)
rather than as a ``DataTable``.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.widget import Widget

from rmpair.reports.progress import RaceCoverage
from rmpair.tui.widgets.column_chart import Series, column_chart

GAP = "✗ gap"
NOT_YET = "·"
NONE_AT_ALL = "✗ none"
NAME_WIDTH = 16
CELL_WIDTH = 7

SHARED_ONLY = "Counts here are of shared writing only: private writing is never counted, for either of you."
WITH_OWN_PRIVATE = (
    "Counts here are of shared writing and your own private writing, which only you see. "
    "In review together only shared writing is counted."
)


def counting_note(coverage: RaceCoverage) -> str:
    """What the numbers count: shared writing only, or the reader's own private writing too."""
    return WITH_OWN_PRIVATE if coverage.own_private else SHARED_ONLY


def legend(coverage: RaceCoverage) -> str:
    counted = "shared and your own private items" if coverage.own_private else "shared items"
    return (
        f"Each number counts {counted} tagged with the category at that meeting. "
        f"{GAP}: a held meeting where nothing counted touched it. {NOT_YET}: not held yet. "
        "✓ on a meeting: it has been held."
    )


def _cell(text: str, width: int, style: str = "") -> Content:
    content = Content.styled(text, style) if text else Content("")
    return content.truncate(width, ellipsis=True).pad_right(max(0, width - content.cell_length))


class CoverageGrid(Widget):
    """Rows are RACE categories, columns the six meetings, then a total."""

    DEFAULT_CSS = """
    CoverageGrid {
        width: auto;
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._coverage: RaceCoverage | None = None
        self._names: Mapping[str, str] = {}

    def show(self, coverage: RaceCoverage, names: Mapping[str, str]) -> None:
        """``names`` maps a category id to the name the content pack gives it."""
        self._coverage = coverage
        self._names = dict(names)
        self.refresh(layout=True)

    def lines(self) -> list[Content]:
        coverage = self._coverage
        if coverage is None:
            return [Content("Working out the coverage…")]
        unplaced = any(coverage.unplaced.get(c, 0) for c in coverage.categories)
        header = [_cell("Category", NAME_WIDTH, "bold")]
        for meeting in coverage.meetings:
            mark = " ✓" if meeting in coverage.held else ""
            header.append(_cell(f"M{meeting}{mark}", CELL_WIDTH, "bold"))
        if unplaced:
            header.append(_cell("No mtg", CELL_WIDTH, "bold"))
        header.append(_cell("Total", CELL_WIDTH, "bold"))
        lines = [Content("").join(header)]
        for category in coverage.categories:
            name = self._names.get(category, category)
            cells = [_cell(name, NAME_WIDTH)]
            for meeting in coverage.meetings:
                count = coverage.count(category, meeting)
                if count:
                    cells.append(_cell(str(count), CELL_WIDTH, "$text-success"))
                elif meeting in coverage.held:
                    cells.append(_cell(GAP, CELL_WIDTH, "bold $text-error"))
                else:
                    cells.append(_cell(NOT_YET, CELL_WIDTH, "$text-muted"))
            if unplaced:
                cells.append(_cell(str(coverage.unplaced.get(category, 0)), CELL_WIDTH))
            total = coverage.total(category)
            cells.append(
                _cell(str(total), CELL_WIDTH, "bold") if total else _cell(NONE_AT_ALL, CELL_WIDTH, "bold $text-error")
            )
            lines.append(Content("").join(cells))
        return lines

    def render(self) -> Content:
        return Content("\n").join(self.lines())

    def get_content_width(self, container, viewport) -> int:  # noqa: ANN001 - Textual's signature
        return max((line.cell_length for line in self.lines()), default=0)

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: ANN001
        return len(self.lines())


CATEGORY_GLYPHS = ("█", "▓", "▒", "░")
"""A texture per category, and its initial under each column, so no colour is needed."""


def coverage_chart(coverage: RaceCoverage, names: Mapping[str, str], *, narrow: bool = False) -> Content:
    """The grid again as a picture: at each meeting a column per category, as tall as its
    count. A meeting not held yet is a dot; a held meeting's gap is an empty column.
    ``narrow``: columns one cell wide, for a side panel."""
    series = [
        Series(
            names.get(category, category),
            CATEGORY_GLYPHS[index % len(CATEGORY_GLYPHS)],
            tuple(
                coverage.count(category, meeting) if meeting in coverage.held or coverage.count(category, meeting)
                else None
                for meeting in coverage.meetings
            ),
            "$text-accent",
            letter=names.get(category, category)[:1].upper(),
        )
        for index, category in enumerate(coverage.categories)
    ]
    return column_chart([f"M{meeting}" for meeting in coverage.meetings], series, column_width=1 if narrow else 2)


def coverage_summary(coverage: RaceCoverage, names: Mapping[str, str]) -> str:
    """One or two sentences naming the gaps, for people who do not read grids."""
    untouched = [names.get(c, c) for c in coverage.untouched()]
    gaps = coverage.gaps()
    parts = []
    if not coverage.held:
        parts.append("No meeting has been held yet, so there are no gaps to see.")
    elif not gaps:
        parts.append("Every category was touched at every meeting held so far.")
    else:
        parts.append(f"{len(gaps)} gap{'s' if len(gaps) != 1 else ''} at meetings already held.")
    if untouched:
        touched_by = "anything you wrote or shared" if coverage.own_private else "anything shared"
        parts.append(f"Not touched by {touched_by} yet: " + ", ".join(untouched) + ".")
    return " ".join(parts)
