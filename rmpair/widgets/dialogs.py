"""Small questions asked over the current screen: yes or no, or one line of text."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


class ConfirmDialog(ModalScreen[bool]):
    """A question with two buttons; Escape means no."""

    BINDINGS = [
        Binding("escape", "dismiss(False)", "Cancel", id="dialog.cancel", tooltip="Close without doing anything"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self._question = question
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._question, classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._yes, variant="primary", id="yes")
                yield Button(self._no, id="no")

    @on(Button.Pressed)
    def _answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class AskText(ModalScreen["str | None"]):
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
            yield Input(self._value, placeholder=self._placeholder, id="answer")
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


class ChoiceDialog(ModalScreen["str | None"]):
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
