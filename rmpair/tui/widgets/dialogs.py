"""Small questions asked over the current screen: yes or no, one that cannot be taken
back, or one line of text."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.widgets.button import ButtonVariant

from rmpair.tui.widgets.key_footer import KeyFooter, OwnFooter
from rmpair.tui.widgets.literal import inert, literal
from rmpair.tui.widgets.literal_fields import LiteralInput


class ConfirmDialog(OwnFooter, ModalScreen[bool]):
    """A question with two buttons; Escape means no, and "no" has the focus."""

    BINDINGS = [
        Binding("escape", "dismiss(False)", "Cancel", id="dialog.cancel", tooltip="Close without doing anything"),
    ]

    def __init__(self, question: str | Text, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        # Questions quote the pair's words (an agenda item, a goal): never markup.
        self._question = literal(question) if isinstance(question, str) else inert(question)
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._question, classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._yes, variant="primary", id="yes")
                yield Button(self._no, id="no")

    def on_mount(self) -> None:
        # Each question here is asked before a loss (a goal and its scores, an agenda item,
        # a meeting's held date): the key pressed out of habit, Enter or Space, keeps.
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ConfirmForGood(OwnFooter, ModalScreen[bool]):
    """A question before something that cannot be taken back (deleting, sharing).

    Keeping things as they are has the focus, so an idle Enter changes nothing, and the
    button that acts cannot be reached with Tab either: only its own key or a click
    does it, so no run of Tab, Space and Enter can. Each kind of question names its own
    keys (``action_answer``) so the footer and help say what they do.
    """

    DEFAULT_CSS = """
    ConfirmForGood {
        align: center middle;
        & > Vertical {
            width: 64;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            background: $surface;
            padding: 1 2;
            &.-error { border: thick $error; }
            &.-warning { border: thick $warning; }
        }
        & .confirm-title {
            text-style: bold;
            margin-bottom: 1;
        }
        & .confirm-body {
            margin-bottom: 1;
        }
        & Horizontal {
            height: auto;
            align-horizontal: right;
        }
        & Button {
            margin-left: 2;
        }
    }
    """

    def __init__(self, heading: Text, body: str, *, keep: str, act: str, act_id: str, tone: ButtonVariant) -> None:
        """``tone`` colours the border and the button that acts, as "error" or "warning"."""
        super().__init__()
        self._heading = heading
        self._body = body
        self._keep = keep
        self._act = act
        self._act_id = act_id
        self._tone = tone

    def compose(self) -> ComposeResult:
        with Vertical(classes=f"-{self._tone}"):
            # What the pair wrote is never read as markup, nor handed to the terminal.
            yield Static(inert(self._heading), classes="confirm-title")
            yield Static(literal(self._body), classes="confirm-body")
            with Horizontal():
                yield Button(self._keep, id="keep")
                act = Button(self._act, id=self._act_id, variant=self._tone)
                act.can_focus = False
                yield act
        # The keys that answer, in the footer too, in words.
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == self._act_id)

    def action_answer(self, act: bool) -> None:
        self.dismiss(act)


class AskText(OwnFooter, ModalScreen["str | None"]):
    """One line of text; ``check`` returns a sentence when the text will not do."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel", tooltip="Close without changing anything"),
    ]

    def __init__(
        self,
        question: str,
        *,
        value: str = "",
        placeholder: str = "",
        check: Callable[[str], str | None] | None = None,
        ok: str = "OK",
    ) -> None:
        super().__init__()
        self._question = question
        self._value = value
        self._placeholder = placeholder
        self._check = check
        self._ok = ok

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._question, classes="dialog-question")
            yield LiteralInput(self._value, placeholder=self._placeholder, id="answer")
            yield Static("", classes="dialog-problem", id="problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._ok, variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        text = self.query_one("#answer", Input).value.strip()
        problem = "Type something first." if not text else (self._check(text) if self._check else None)
        if problem:
            self.query_one("#problem", Static).update(problem)
            return
        self.dismiss(text)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(OwnFooter, ModalScreen["str | None"]):
    """A question with a button per answer; returns the chosen id, or None on Escape."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel", tooltip="Close without choosing"),
    ]

    def __init__(self, question: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self._question = question
        self._choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._question, classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                for index, (choice_id, label) in enumerate(self._choices):
                    yield Button(label, id=f"choice-{choice_id}", variant="primary" if index == 0 else "default")

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.dismiss(event.button.id.removeprefix("choice-"))


class PickDialog(OwnFooter, ModalScreen["str | None"]):
    """A question with a list of answers, for more than fit as buttons in a row.

    The list opens on ``highlighted`` (the answer to take when in doubt), so Enter alone
    takes it; Escape closes without an answer.
    """

    DEFAULT_CSS = """
    PickDialog OptionList {
        height: auto;
        max-height: 10;
    }
    """

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel", tooltip="Close without choosing"),
    ]

    def __init__(self, question: str, choices: list[tuple[str, str]], *, highlighted: str | None = None) -> None:
        super().__init__()
        self._question = question
        self._choices = choices
        self._highlighted = highlighted

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self._question), classes="dialog-question")
            yield OptionList(*(Option(literal(label), id=choice_id) for choice_id, label in self._choices), id="pick")

    def on_mount(self) -> None:
        picks = self.query_one("#pick", OptionList)
        ids = [choice_id for choice_id, _ in self._choices]
        picks.highlighted = ids.index(self._highlighted) if self._highlighted in ids else 0
        picks.focus()

    @on(OptionList.OptionSelected, "#pick")
    def _answer(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
