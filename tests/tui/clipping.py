"""What of a screen is cut off: a part drawn partly or wholly outside the screen, or
outside the container it sits in when that container cannot be scrolled to show it; and
a table whose columns run past its right edge."""

from __future__ import annotations

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable


def _name(widget: Widget) -> str:
    return f"{type(widget).__name__}#{widget.id}" if widget.id else type(widget).__name__


def _scrolls_to_show(widget: Widget, vertical: bool, horizontal: bool) -> bool:
    """Some container around the widget can be scrolled, by keys or wheel, the way it overflows."""
    for ancestor in widget.ancestors:
        if not isinstance(ancestor, Widget):
            break
        if (vertical and ancestor.allow_vertical_scroll) or (horizontal and ancestor.allow_horizontal_scroll):
            return True
    return False


def cut_off(screen: Screen) -> list[str]:
    found: list[str] = []
    screen_region = screen.region
    for widget, geometry in screen._compositor.full_map.items():
        if widget is screen or not widget.display or not widget.visible:
            continue
        if any(not a.display for a in widget.ancestors if isinstance(a, Widget)):
            continue
        region = geometry.region
        if widget.focusable and region.area == 0:
            found.append(f"{_name(widget)} has no room at all")
            continue
        if region.area == 0:
            continue
        clip = geometry.clip.intersection(screen_region)
        if clip.contains_region(region):
            if isinstance(widget, DataTable) and widget.max_scroll_x > 0:
                hidden = [str(c.label) for c in widget.ordered_columns if c.get_render_width(widget) and
                          _column_x(widget, c) + c.get_render_width(widget) > widget.scrollable_content_region.width]
                found.append(f"{_name(widget)}: columns past its right edge: {', '.join(hidden) or '?'}")
            continue
        vertical = region.y < clip.y or region.bottom > clip.bottom
        horizontal = region.x < clip.x or region.right > clip.right
        if _scrolls_to_show(widget, vertical, horizontal):
            continue
        found.append(f"{_name(widget)} at {tuple(region)} is cut by {tuple(clip)}")
    return found


def _column_x(table: DataTable, column) -> int:
    x = 0
    for other in table.ordered_columns:
        if other is column:
            return x
        x += other.get_render_width(table)
    return x
