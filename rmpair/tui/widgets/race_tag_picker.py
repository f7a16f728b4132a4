"""A row of check boxes, one for each RACE category, to tag an entry."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from textual import on
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.message import Message
from textual.widgets import Checkbox, Label

from rmpair.tui.widgets.choices import TickBox


def race_choices(app: object) -> list[tuple[str, str]]:
    """(id, name) of every RACE category the app knows, in the content pack's order.

    The content pack decides the categories (a pack may add one); when there is no pack
    the service's known tags stand in, so a tag picker is never empty.
    """
    content = getattr(app, "content", None)
    categories = sorted(getattr(content, "categories", ()) or (), key=lambda c: getattr(c, "order", 0))
    if categories:
        return [(c.id, c.name) for c in categories]
    service = getattr(app, "service", None)
    known = getattr(service, "known_race_tags", ()) or ("resistance", "compassion", "empowerment", "solidarity")
    return [(tag, tag.capitalize()) for tag in known]


def _widget_id(tag: str) -> str:
    return "race-" + re.sub(r"[^A-Za-z0-9_-]", "_", tag)


class RaceTagPicker(HorizontalGroup):
    """Tick the RACE categories an entry belongs to.

    Compact check boxes keep it to one line; each carries the category's name in words,
    so whether it is ticked shows as "✓" or "✗" in the box, not only as a colour.
    """

    DEFAULT_CSS = """
    RaceTagPicker {
        height: auto;
        width: 1fr;
        & > .race-label {
            color: $text-muted;
            padding: 0 1 0 0;
        }
        & > Checkbox {
            margin: 0 1 0 0;
        }
    }
    """

    class Changed(Message):
        """The ticked categories changed."""

        def __init__(self, picker: RaceTagPicker, tags: tuple[str, ...]) -> None:
            super().__init__()
            self.picker = picker
            self.tags = tags

        @property
        def control(self) -> RaceTagPicker:
            return self.picker

    def __init__(
        self,
        choices: Sequence[tuple[str, str]],
        selected: Iterable[str] = (),
        *,
        label: str = "RACE:",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._choices = list(choices)
        self._initial = set(selected)
        self._label = label

    def compose(self):
        if self._label:
            yield Label(self._label, classes="race-label")
        for tag, name in self._choices:
            box = TickBox(Content(name), tag in self._initial, compact=True, id=_widget_id(tag))
            # Content, not a str: a tooltip reads a str as markup, and the name is the pack's.
            box.tooltip = Content(f"Tag this entry as {name}")
            yield box

    @property
    def tags(self) -> tuple[str, ...]:
        """The ticked categories' ids, in the pack's order."""
        if not self.is_mounted:
            return tuple(tag for tag, _ in self._choices if tag in self._initial)
        return tuple(tag for tag, _ in self._choices if self.query_one(f"#{_widget_id(tag)}", Checkbox).value)

    @tags.setter
    def tags(self, tags: Iterable[str]) -> None:
        wanted = set(tags)
        if not self.is_mounted:
            self._initial = wanted
            return
        with self.prevent(Checkbox.Changed):
            for tag, _ in self._choices:
                self.query_one(f"#{_widget_id(tag)}", Checkbox).value = tag in wanted

    @on(Checkbox.Changed)
    def _ticked(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, self.tags))
