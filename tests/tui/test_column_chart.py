"""The text column chart: heights, gaps and series told apart without colour."""

from __future__ import annotations

from rmpair.tui.widgets.column_chart import NOTHING_HERE, Series, column_chart


def _plot(chart) -> dict[str, str]:
    """Each row of the plot by its scale label."""
    return {line.split("┤")[0].strip(): line.split("┤")[1] for line in chart.plain.split("\n") if "┤" in line}


def test_each_value_is_as_many_rows_tall_in_its_series_own_glyph() -> None:
    chart = column_chart(
        ["M1", "M2", "M3"],
        [Series("Ada", "█", (2, 5, None)), Series("Ben", "▒", (4, None, 1))],
        top=5,
    )
    rows = _plot(chart)
    assert list(rows) == ["5", "4", "3", "2", "1"]
    assert rows["5"].split() == ["██"]
    assert rows["4"].split() == ["▒▒", "██"]
    assert rows["2"].split() == ["██▒▒", "██"]
    # A missing value is a dot on the base line, never a short column.
    assert rows["1"].split() == ["██▒▒", "██" + NOTHING_HERE, NOTHING_HERE, "▒▒"]
    lines = chart.plain.split("\n")
    assert lines[-2].split() == ["M1", "M2", "M3"]
    assert lines[-1].split() == ["██", "Ada", "▒▒", "Ben"]


def test_a_zero_is_an_empty_column_and_letters_name_the_series_under_each_column() -> None:
    chart = column_chart(
        ["M1", "M2"],
        [Series("Resistance", "█", (0, 1), letter="R"), Series("Compassion", "▓", (1, None), letter="C")],
    )
    rows = _plot(chart)
    assert list(rows) == ["1"]  # the scale stops at the largest value drawn
    assert rows["1"].split() == ["▓▓", "██" + NOTHING_HERE]
    lines = chart.plain.split("\n")
    below = lines[lines.index(next(line for line in lines if "└" in line)) + 1 :]
    assert below[0].split() == ["R", "C", "R", "C"]
    assert below[1].split() == ["M1", "M2"]
    assert " ".join(below[2:]).split() == ["██", "R:", "Resistance", "▓▓", "C:", "Compassion"]


def test_the_legend_is_never_wider_than_the_plot() -> None:
    names = ("Resistance", "Compassion", "Empowerment", "Solidarity")
    chart = column_chart(
        [f"M{n}" for n in range(1, 7)], [Series(name, "█", (1, 0), letter=name[0]) for name in names], column_width=1
    )
    lines = chart.plain.split("\n")
    axis = next(line for line in lines if "└" in line)
    assert max(len(line.rstrip()) for line in lines) == len(axis)
    legend = " ".join(lines[-3:])
    assert all(f"{name[0]}: {name}" in legend for name in names)


def test_a_tall_scale_is_drawn_in_a_few_rows_each_standing_for_several() -> None:
    rows = _plot(column_chart(["M1", "M2"], [Series("Resistance", "█", (12, 1))]))
    assert list(rows) == ["12", "10", "8", "6", "4", "2"]
    assert rows["12"].split() == ["██"]
    assert rows["2"].split() == ["██", "██"]  # one of two units still shows on the base row
