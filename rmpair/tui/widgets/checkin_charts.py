"""Check-in ratings across the six meetings: one column chart per statement, a column
per person at each meeting, so the two people's ratings stand side by side.

A chart alone says nothing to a screen reader or to someone who cannot tell column
heights apart, so under each chart every person's ratings are spelled out ("2 3 4 · · ·")
with their average. A person whose ratings are hidden is named with the reason ("Ben
keeps their ratings private"), so a missing column never looks like a forgotten check-in.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.widgets import Static

from rmpair.reports.progress import GAP_MARK, CheckinProgress
from rmpair.tui.widgets.column_chart import Series, column_chart

NO_RATINGS_YET = "No check-in ratings yet. They appear here once a meeting is held and rated."
LEGEND = (
    f"Meetings 1 to 6 along the bottom; a column's height is the rating, from 1 (strongly "
    f"disagree) to 5 (strongly agree); {GAP_MARK} means no rating for that meeting."
)
PERSON_GLYPHS = ("█", "▒")
"""The first person's columns solid, the second's shaded: told apart without colour."""
PERSON_STYLES = ("$text-accent", "$text-primary")
MEETING_LABELS = tuple(f"M{n}" for n in range(1, 7))


def kept_private(name: str) -> str:
    return f"{name} keeps their ratings private."


def _spelled(ratings: tuple[int | None, ...]) -> str:
    return " ".join(str(r) if r is not None else GAP_MARK for r in ratings)


def checkin_content(
    progress: CheckinProgress,
    names: Mapping[str, str],
    *,
    own_role: str | None = None,
    own_private: bool = False,
) -> Content:
    """The whole section as text.

    ``own_private``: the person looking keeps their ratings private (outside review
    together they still see their own; the line says only they can).
    """
    parts: list[Content] = []
    for role in progress.not_shared:
        parts.append(Content.styled(f"🔒 {kept_private(names.get(role, role))}\n", "bold"))
    if own_private and own_role is not None and progress.for_person(own_role):
        parts.append(
            Content.styled(
                "🔒 You keep your ratings private: only you can see your lines below.\n", "$text-muted"
            )
        )
    if not progress.series or not any(s.rated for s in progress.series):
        parts.append(Content.styled(f"\n{NO_RATINGS_YET}\n", "italic"))
        return Content("").join(parts)
    # Each person's place in order of first appearance: the same glyph in every chart.
    place = {person: index for index, person in enumerate(dict.fromkeys(s.person for s in progress.series))}
    width = max((len(names.get(p, p)) for p in place), default=6) + 2
    statements = list(dict.fromkeys(s.statement_id for s in progress.series))
    unrated: list[str] = []
    for statement_id in statements:
        lines = [s for s in progress.series if s.statement_id == statement_id]
        if not any(s.rated for s in lines):
            unrated.append(lines[0].statement_text)
            continue
        parts.append(Content.styled(f"\n{lines[0].statement_text}\n", "bold"))
        columns = [
            Series(
                names.get(series.person, series.person),
                PERSON_GLYPHS[place[series.person] % len(PERSON_GLYPHS)],
                tuple(series.ratings),
                PERSON_STYLES[place[series.person] % len(PERSON_STYLES)],
            )
            for series in lines
        ]
        parts.append(column_chart(MEETING_LABELS[: len(lines[0].ratings)], columns, top=5, indent=2))
        parts.append(Content("\n"))
        for series in lines:
            name = names.get(series.person, series.person)
            average = series.average
            parts.append(
                Content.assemble(
                    "  ",
                    (name.ljust(width), ""),
                    (_spelled(series.ratings), ""),
                    ("   average " + (f"{average:.1f}" if average is not None else "–"), "$text-muted"),
                    "\n",
                )
            )
    if unrated:
        parts.append(Content.styled("\nNot rated by anyone yet:\n", "bold"))
        parts.extend(Content(f"  {text}\n") for text in unrated)
    parts.append(Content.styled(f"\n{LEGEND}", "$text-muted"))
    return Content("").join(parts)


class CheckinCharts(Static):
    """The check-in section of the progress view."""

    DEFAULT_CSS = """
    CheckinCharts {
        height: auto;
    }
    """

    def show(
        self,
        progress: CheckinProgress,
        names: Mapping[str, str],
        *,
        own_role: str | None = None,
        own_private: bool = False,
    ) -> None:
        self.update(checkin_content(progress, names, own_role=own_role, own_private=own_private))
