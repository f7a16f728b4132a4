"""Form parts shared by the writing screens: a list of tick boxes, a choice of one, and
situation-behaviour-impact notes."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Label, TextArea

from rmpair.tui.widgets.choices import ChoiceButton, ChoiceSet, TickBox
from rmpair.tui.widgets.literal_fields import LiteralTextArea


class Checklist(Vertical):
    """Tick any of a few options."""

    DEFAULT_CSS = """
    Checklist {
        height: auto;
        & > TickBox {
            width: 1fr;
        }
    }
    """

    def __init__(self, options: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._options = list(options)

    def compose(self) -> ComposeResult:
        for option in self._options:
            yield TickBox(Content(option), compact=True)

    @property
    def ticked(self) -> list[str]:
        return [option for option, box in zip(self._options, self.query(TickBox)) if box.value]


class Choice(ChoiceSet):
    """Choose one of a few options (or none)."""

    def __init__(self, options: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(*(ChoiceButton(Content(option), compact=True) for option in options), id=id)
        self._options = list(options)

    @property
    def chosen(self) -> str | None:
        index = self.pressed_index
        return self._options[index] if 0 <= index < len(self._options) else None


SBI_PARTS = (
    ("situation", "Situation", "When and where was it?"),
    ("behaviour", "Behaviour", "What was said or done? Describe it without judging it."),
    ("impact", "Impact", "What happened next, or the effect it had on you? (Not a guess at how others felt.)"),
)


class SbiNote(Vertical):
    """One situation-behaviour-impact note: three short answers."""

    DEFAULT_CSS = """
    SbiNote {
        height: auto;
        margin-bottom: 1;
        & > .sbi-heading {
            text-style: bold;
        }
        & > TextArea {
            height: auto;
            min-height: 14vh;
            max-height: 8;
        }
    }
    """

    def __init__(self, number: int) -> None:
        super().__init__(classes="sbi-note")
        self.number = number

    def compose(self) -> ComposeResult:
        yield Label(f"Note {self.number}", classes="sbi-heading")
        for part, label, help_text in SBI_PARTS:
            area = LiteralTextArea(placeholder=f"{label}: {help_text}", classes=f"sbi-{part}")
            area.border_title = label
            yield area

    @property
    def parts(self) -> dict[str, str]:
        return {part: self.query_one(f".sbi-{part}", TextArea).text.strip() for part, _, _ in SBI_PARTS}


class SbiNotes(Widget):
    """Between ``least`` and ``most`` situation-behaviour-impact notes."""

    DEFAULT_CSS = """
    SbiNotes {
        height: auto;
        layout: vertical;
        & > Button {
            margin: 0 0 1 0;
        }
    }
    """

    def __init__(self, least: int = 1, most: int = 3, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._least = max(1, least)
        self._most = max(self._least, most)

    def compose(self) -> ComposeResult:
        for number in range(1, self._least + 1):
            yield SbiNote(number)
        yield Button("+ Add another note", id="sbi-add", compact=True)

    def on_mount(self) -> None:
        self._update_button()

    @on(Button.Pressed, "#sbi-add")
    async def _add(self, event: Button.Pressed) -> None:
        event.stop()
        await self.add_note()

    async def add_note(self) -> None:
        count = len(self.query(SbiNote))
        if count >= self._most:
            return
        note = SbiNote(count + 1)
        await self.mount(note, before="#sbi-add")
        self._update_button()
        note.query_one(TextArea).focus()

    def _update_button(self) -> None:
        self.query_one("#sbi-add", Button).display = len(self.query(SbiNote)) < self._most

    @property
    def notes(self) -> list[dict[str, str]]:
        """The notes with anything written in them."""
        return [note.parts for note in self.query(SbiNote) if any(note.parts.values())]
