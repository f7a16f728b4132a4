"""Column charts drawn as text: a value per meeting, one column per series, grouped.

Readable without colour: each series draws its columns with its own glyph, and the
legend and the letter under each column (where a series has one) name them, so colour
only repeats what the shapes say (high contrast, ``NO_COLOR``, a monochrome terminal).
A chart is for people who would rather look than read; its callers always spell the
same numbers out beside it, for screen readers and anyone who prefers figures.

A value of ``None`` is "nothing to draw here" (a meeting not held, a rating not given)
and is drawn as a dot on the base line, so it never looks like a low value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content

NOTHING_HERE = "·"
COLUMN_WIDTH = 2
GROUP_GAP = 2
MOST_ROWS = 6
"""Taller scales are drawn in this many rows, each row standing for several units."""


@dataclass(frozen=True)
class Series:
    name: str
    glyph: str
    """One cell wide; drawn across the column's width, so each series has its own texture."""
    values: tuple[int | None, ...]
    """One per group, in the groups' order."""
    style: str = ""
    letter: str = ""
    """Shown under each of its columns when set: tells series apart without the legend."""


def _rows_for(top: int) -> tuple[int, int]:
    """How many rows to draw, and how many units each row stands for."""
    top = max(top, 1)
    per_row = math.ceil(top / MOST_ROWS)
    return math.ceil(top / per_row), per_row


def column_chart(
    groups: Sequence[str],
    series: Sequence[Series],
    *,
    top: int | None = None,
    indent: int = 0,
    column_width: int = COLUMN_WIDTH,
) -> Content:
    """The chart, its axis and its legend, as lines of text.

    ``top`` is the value at the top of the scale (5 for a rating); by default the largest
    value drawn, so a count of one is one row tall. ``indent``: spaces before every line;
    ``column_width``: cells across each column (1 where the chart must be narrow).
    """
    drawn = [v for s in series for v in s.values if v is not None]
    top = max(top or 0, *drawn, 1)
    rows, per_row = _rows_for(top)
    label_width = len(str(rows * per_row))
    group_width = column_width * len(series)

    def cells_at(row: int) -> list[Content]:
        """One row of the plot: ``row`` counts from 1 at the base line up."""
        cells: list[Content] = []
        for index in range(len(groups)):
            cells.append(Content(" " * GROUP_GAP))
            for each in series:
                value = each.values[index] if index < len(each.values) else None
                if value is None:
                    mark = NOTHING_HERE.center(column_width) if row == 1 else " " * column_width
                    cells.append(Content.styled(mark, "$text-muted"))
                elif math.ceil(value / per_row) >= row and value > 0:
                    cells.append(Content.styled(each.glyph * column_width, each.style))
                else:
                    cells.append(Content(" " * column_width))
        return cells

    lines: list[Content] = []
    for row in range(rows, 0, -1):
        label = str(row * per_row).rjust(label_width)
        lines.append(Content("").join([Content.styled(f"{label} ┤", "$text-muted"), *cells_at(row)]))
    plot_width = len(groups) * (GROUP_GAP + group_width)
    lines.append(Content.styled(f"{' ' * label_width} └{'─' * (plot_width + 1)}", "$text-muted"))
    margin = " " * (label_width + 2)
    if any(each.letter for each in series):
        letters = "".join(
            " " * GROUP_GAP + "".join(each.letter.center(column_width) for each in series) for _ in groups
        )
        lines.append(Content(margin + letters))
    lines.append(Content(margin + "".join(" " * GROUP_GAP + group.center(group_width) for group in groups)))
    lines.extend(_legend(series, column_width, margin, width=len(margin) + plot_width + 1))
    return Content("\n").join(Content(" " * indent) + line for line in lines)


def _legend(series: Sequence[Series], column_width: int, margin: str, *, width: int) -> list[Content]:
    """Each series' glyph and name, as many to a line as fit in the chart's own width, so
    the legend never makes the chart wider than its plot (a narrow panel would wrap it
    mid-name)."""
    lines: list[Content] = []
    line = Content(margin)
    for each in series:
        name = f"{each.letter}: {each.name}" if each.letter else each.name
        item = Content.styled(each.glyph * column_width, each.style) + Content(f" {name}")
        if line.cell_length > len(margin) and line.cell_length + 3 + item.cell_length > width:
            lines.append(line)
            line = Content(margin)
        elif line.cell_length > len(margin):
            line += Content("   ")
        line += item
    lines.append(line)
    return lines


def chart_width(chart: Content) -> int:
    """Cells across the widest line of a chart."""
    return max((line.cell_length for line in chart.split("\n")), default=0)
