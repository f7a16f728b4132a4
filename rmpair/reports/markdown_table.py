"""Markdown tables (the pipe tables of GitHub Markdown), as the export and the programme
summary write them.

Cells arrive already made safe, because what is safe depends on whose words they are: the
export escapes the pair's words fully, the summary only the pipes in the content pack's.

No UI import here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def table_row(cells: Iterable[object]) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def table_head(columns: Sequence[str]) -> tuple[str, str]:
    """The header row and the line under it."""
    return table_row(columns), table_row("---" for _ in columns)
