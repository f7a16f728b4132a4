"""Help: every key and command for the screen you were on, in plain words.

Built from the same bindings as the footer and the command palette
(``rmpair.tui.commands.commands_for``), so it is never out of date.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from rmpair.tui import messages
from rmpair.tui.commands import EVERYWHERE, ON_THIS_SCREEN, KeyCommand, commands_for, detail_of
from rmpair.tui.widgets.key_footer import KeyFooter, OwnFooter

MOVING_AROUND = [
    ("Tab / Shift+Tab", "Move to the next or previous part of the screen"),
    ("↑ ↓", "Move up and down a list"),
    ("Enter", "Open or choose the highlighted thing"),
    ("Esc", "Go back, or close a question without changing anything"),
    ("Ctrl+P", "Search every command by name"),
    ("Mouse", "Click anything; scroll with the wheel"),
]


KEY_COLUMN_MOST = 20
"""Keys longer than this ("Enter or Space or ...") wrap rather than squeeze the words."""


def _table(rows: list[tuple[str, str, str]], key_width: int) -> Table:
    table = Table(show_header=False, box=None, expand=True, padding=(0, 1))
    # As wide as the longest keys on the help, so no key is cut ("Enter or Sp…").
    table.add_column("Key", width=key_width, style="bold", overflow="fold")
    table.add_column("What it does", ratio=1)
    for keys, name, help_text in rows:
        words = Text(name)
        if help_text:
            words.append(f": {help_text}")
        table.add_row(keys, words)
    return table


class HelpScreen(OwnFooter, ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close help", id="help.close",
                tooltip="Close the help and go back"),
    ]

    def __init__(self, about: Screen) -> None:
        super().__init__()
        self._about = about
        self.lines: list[tuple[str, str, str, str]] = []
        """What the help lists: (group, keys in words, what it does, more detail)."""

    def compose(self) -> ComposeResult:
        commands = commands_for(self._about)
        groups: dict[str, list[KeyCommand]] = {}
        for command in commands:
            groups.setdefault(command.group, []).append(command)
        key_width = min(KEY_COLUMN_MOST, max(len(keys) for keys, _ in MOVING_AROUND))
        key_width = min(KEY_COLUMN_MOST, max([key_width] + [len(c.keys_in_words) for c in commands]))
        order = [ON_THIS_SCREEN] + [g for g in groups if g not in (ON_THIS_SCREEN, EVERYWHERE)] + [EVERYWHERE]
        with Vertical(id="help-box", classes="dialog"):
            yield Static(messages.HELP_TITLE, classes="section-heading")
            yield Static(messages.HELP_INTRO, classes="dialog-question")
            with VerticalScroll(id="help-scroll"):
                for group in order:
                    if group not in groups:
                        continue
                    yield Static(group, classes="help-group")
                    rows = [(c.keys_in_words, c.name, detail_of(c)) for c in groups[group]]
                    self.lines += [(group, *row) for row in rows]
                    yield Static(_table(rows, key_width), classes="help-table")
                yield Static("Moving around", classes="help-group")
                yield Static(_table([(keys, words, "") for keys, words in MOVING_AROUND], key_width), classes="help-table")
                self.lines += [("Moving around", keys, words, "") for keys, words in MOVING_AROUND]
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss()
