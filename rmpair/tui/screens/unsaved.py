"""Questions about changes that could not be saved.

``UnsavedOnQuit`` comes up when quitting would lose something: trying again is the
default, going back loses nothing, and discarding takes two deliberate steps.
``PutBack`` comes up after unlocking when changes this person made could not be saved
before rmpair locked: putting them back is the default; discarding is again two steps.
Their style is in ``themes/screens/unsaved.tcss``.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from rmpair.core.moments import local_time
from rmpair.tui import messages
from rmpair.tui.widgets.dialogs import ConfirmForGood
from rmpair.tui.widgets.literal import literal


def _listed(lines: list[str]) -> Text:
    # The lines quote titles and text the pair wrote: never markup.
    return literal("\n".join(f"• {line}" for line in lines))


class _DiscardOnPurpose(ConfirmForGood):
    BINDINGS = [
        Binding("escape", "answer(False)", messages.UNSAVED_KEEP, id="unsaved.discard.keep",
                tooltip="Keep the changes"),
        # Not Enter, Space or a letter: nothing typed by habit may discard for good.
        Binding("ctrl+d", "answer(True)", messages.UNSAVED_DISCARD_KEY, id="unsaved.discard.confirm",
                tooltip="Discard the changes for good"),
    ]

    def __init__(self, title: str, body: str, act: str) -> None:
        super().__init__(Text(title), body, keep=messages.UNSAVED_KEEP, act=act, act_id="discard", tone="error")


class UnsavedOnQuit(ModalScreen[str]):
    """Answers "retry", "stay" or "discard"."""

    BINDINGS = [
        Binding("escape", "dismiss('stay')", "Back", id="unsaved.stay", tooltip="Back to rmpair; nothing is lost"),
    ]

    def __init__(self, lines: list[str], problem: str | None, *, can_retry: bool) -> None:
        super().__init__()
        self._lines = lines
        self._problem = problem
        self._can_retry = can_retry

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(messages.UNSAVED_QUIT_TITLE, classes="unsaved-title")
            yield Static(literal(messages.unsaved_reason(self._problem)), id="unsaved-problem")
            yield Static(messages.UNSAVED_QUIT_INTRO)
            yield Static(_listed(self._lines), classes="unsaved-lines", id="unsaved-lines")
            with Horizontal():
                if self._can_retry:
                    yield Button(messages.UNSAVED_RETRY, variant="primary", id="retry")
                yield Button(messages.UNSAVED_STAY, id="stay")
                yield Button(messages.UNSAVED_DISCARD, variant="error", id="discard")

    def on_mount(self) -> None:
        self.query_one("#retry" if self._can_retry else "#stay", Button).focus()

    @on(Button.Pressed, "#retry")
    def _retry(self) -> None:
        self.dismiss("retry")

    @on(Button.Pressed, "#stay")
    def _stay(self) -> None:
        self.dismiss("stay")

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss("discard")

        self.app.push_screen(
            _DiscardOnPurpose(messages.UNSAVED_DISCARD_TITLE, messages.UNSAVED_DISCARD_BODY, messages.UNSAVED_DISCARD),
            answered,
        )


class PutBack(ModalScreen[bool]):
    """True: put the changes back; False: discarded on purpose. Escape puts them back."""

    BINDINGS = [
        Binding("escape", "dismiss(True)", messages.PUT_BACK, id="put_back.keep",
                tooltip="Put the changes back and save them"),
    ]

    def __init__(self, lines: list[str], made_at: datetime) -> None:
        super().__init__()
        self._lines = lines
        self._made_at = made_at

    def compose(self) -> ComposeResult:
        when = local_time(self._made_at, "%d %b %Y, %H:%M")
        with Vertical():
            yield Static(messages.PUT_BACK_TITLE, classes="unsaved-title")
            yield Static(messages.PUT_BACK_INTRO.format(when=when))
            yield Static(_listed(self._lines), classes="unsaved-lines", id="put-back-lines")
            with Horizontal():
                yield Button(messages.PUT_BACK, variant="primary", id="put-back")
                yield Button(messages.PUT_BACK_DISCARD, variant="error", id="discard")

    def on_mount(self) -> None:
        self.query_one("#put-back", Button).focus()

    @on(Button.Pressed, "#put-back")
    def _put_back(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(False)

        self.app.push_screen(
            _DiscardOnPurpose(messages.PUT_BACK_DISCARD_TITLE, messages.PUT_BACK_DISCARD_BODY, messages.PUT_BACK_DISCARD),
            answered,
        )
