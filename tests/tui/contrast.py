"""WCAG 2.2 contrast, measured on what the app actually draws.

``cells_of`` takes the current screen as the compositor renders it (modal screens blended
over the ones beneath, every line filter applied) and gives one cell per terminal column:
the character, and the foreground and background colours a terminal would show. ``dim``
is drawn by terminals at about half intensity, so it is blended half-way to the
background, as Textual's own dim filter does. ``reverse`` swaps the two.

The same cells are measured twice: in truecolor, and as a 256-colour terminal shows them
after Rich's downgrade to the xterm palette (the one rmpair's output goes through there).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from rich.color import Color as RichColor
from rich.color import ColorSystem
from rich.segment import Segment

TEXT_MINIMUM = 4.5
"""WCAG 1.4.3: text against what it is drawn on."""
EDGE_MINIMUM = 3.0
"""WCAG 1.4.11 and 2.4.13: control edges and focus indicators against their neighbours."""

RGB = tuple[int, int, int]
BEVELS = frozenset("▁▔▏▕")


def luminance(rgb: RGB) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: RGB, b: RGB) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def in_256_colours(rgb: RGB) -> RGB:
    """What a 256-colour terminal shows for ``rgb``: Rich's own downgrade, then the palette."""
    downgraded = RichColor.from_rgb(*rgb).downgrade(ColorSystem.EIGHT_BIT)
    triplet = downgraded.get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    char: str
    fg: RGB
    bg: RGB

    @property
    def is_bevel(self) -> bool:
        """A one-eighth block: the light or dark rim Textual draws along a button or a
        separator. The shape it rims (a button's face, a field's edge) is what identifies
        the control, and is measured in its own cells."""
        return self.char in BEVELS

    @property
    def is_edge(self) -> bool:
        """A line, block or border glyph: a control's edge or a focus mark, not a letter."""
        code = ord(self.char)
        return 0x2500 <= code <= 0x259F or 0x2800 <= code <= 0x28FF

    @property
    def is_ink(self) -> bool:
        """Whether the cell draws something that must be seen (not blank, not a picture)."""
        if not self.char.strip() or self.char in "\u200b\xa0" or self.is_bevel:
            return False
        # Emoji carry their own colours; the words beside them are measured.
        return unicodedata.category(self.char) != "So" or self.is_edge or ord(self.char) < 0x2600


def _rgb(colour: RichColor | None, fallback: RGB) -> RGB:
    if colour is None or colour.is_default:
        return fallback
    triplet = colour.get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


def _blend(a: RGB, b: RGB, factor: float) -> RGB:
    return tuple(round(x + (y - x) * factor) for x, y in zip(a, b))  # type: ignore[return-value]


def _active_regions(app: Any) -> list[Any] | None:
    """Where the current screen's own widgets are, when it is a dialog over others.

    What shows through around a dialog is the screen beneath, inactive until the dialog
    closes (WCAG exempts inactive components); the dialog itself, and anything else the
    top screen draws, is measured. None: the whole terminal belongs to the screen."""
    from textual.screen import ModalScreen

    screen = app.screen
    if not isinstance(screen, ModalScreen):
        return None
    return [geometry.visible_region for widget, geometry in screen._compositor.full_map.items() if widget is not screen and widget.display]


def cells_of(app: Any) -> list[Cell]:
    """Every drawn cell of the app's current screen (of its dialog, for a dialog)."""
    regions = _active_regions(app)
    theme = app.current_theme
    default_fg = _rgb(RichColor.parse(theme.foreground or "#ffffff"), (255, 255, 255))
    default_bg = _rgb(RichColor.parse(theme.background or "#000000"), (0, 0, 0))
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    cells: list[Cell] = []
    for y, line in enumerate(update.strips):
        x = 0
        segments: list[Segment] = [segment for strip in line for segment in strip]
        for segment in segments:
            if segment.control:
                continue
            style = segment.style
            fg = _rgb(style.color if style else None, default_fg)
            bg = _rgb(style.bgcolor if style else None, default_bg)
            if style is not None and style.reverse:
                fg, bg = bg, fg
            if style is not None and style.dim:
                fg = _blend(bg, fg, 0.5)
            for char in segment.text:
                if regions is None or any(region.contains(x, y) for region in regions):
                    cells.append(Cell(x, y, char, fg, bg))
                x += 1
    return cells


@dataclass(frozen=True)
class Shortfall:
    where: str
    text: str
    ratio: float
    needed: float
    colours: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text!r} at {self.ratio:.2f}:1 (needs {self.needed}:1, {self.colours})"


def _text_of(run: list[Cell]) -> str:
    text, last_x = "", None
    for cell in run:
        if last_x is not None and cell.x > last_x + 1:
            text += " "
        text += cell.char
        last_x = cell.x
    return text


def shortfalls(cells: list[Cell], *, eight_bit: bool = False) -> list[Shortfall]:
    """Runs of cells on one line whose contrast is under the minimum, one report per run."""
    found: list[Shortfall] = []
    run: list[Cell] = []

    def close() -> None:
        if run:
            first = run[0]
            needed = EDGE_MINIMUM if first.is_edge else TEXT_MINIMUM
            fg, bg = (in_256_colours(first.fg), in_256_colours(first.bg)) if eight_bit else (first.fg, first.bg)
            ratio = contrast(fg, bg)
            if ratio < needed:
                found.append(
                    Shortfall(
                        f"row {first.y}, column {first.x}",
                        _text_of(run),
                        ratio,
                        needed,
                        f"#{bytes(fg).hex()} on #{bytes(bg).hex()}",
                    )
                )
            run.clear()

    for cell in cells:
        if not cell.is_ink:
            continue  # blanks between words join them into one run
        if run and (run[-1].y != cell.y or (run[-1].fg, run[-1].bg, run[-1].is_edge) != (cell.fg, cell.bg, cell.is_edge)):
            close()
        run.append(cell)
    close()
    return found


def marks_in(app: Any, region: Any) -> tuple[tuple[str, bool], ...]:
    """What a region shows apart from colour: each cell's character and whether it is
    underlined."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    marks: list[tuple[str, bool]] = []
    for y, line in enumerate(update.strips):
        if not region.y <= y < region.bottom:
            continue
        x = 0
        for segment in (segment for strip in line for segment in strip):
            if segment.control:
                continue
            underline = bool(segment.style and segment.style.underline)
            for char in segment.text:
                if region.x <= x < region.right:
                    marks.append((char, underline))
                x += 1
    return tuple(marks)


def own_marks(widget: Any) -> tuple[tuple[str, bool], ...]:
    """What a widget draws of itself (border, padding, content; not its children), apart
    from colour, wherever it is scrolled to."""
    from textual.geometry import Region

    width, height = widget.outer_size
    marks: list[tuple[str, bool]] = []
    for strip in widget.render_lines(Region(0, 0, width, height)):
        for segment in strip:
            underline = bool(segment.style and segment.style.underline)
            marks.extend((char, underline) for char in segment.text)
    return tuple(marks)
