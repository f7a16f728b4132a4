"""A form that is sent off to derive a key from a passphrase: unlock, set-up, the partner
joining and recovery.

Key derivation takes a noticeable moment on purpose (it is what makes guessing slow), so
the work runs in a thread while the form says it is working, and whatever stops it ends
up as one plain sentence under the buttons rather than a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, LoadingIndicator, Static
from textual.worker import Worker, WorkerState

from rmpair.core.errors import RmpairError


class PassphraseForm(Vertical):
    """The caller's fields (composed inside it), then the buttons, a working line and a problem line.

    Enter moves to the next field, as on a paper form; Enter in the last field, or a
    ``submit`` button, posts ``Submitted``, and the screen checks what was typed and calls
    ``run``. The parts are named after the form's id: ``#<id>-buttons``, ``#<id>-working``
    and ``#<id>-problem``.

    A form may have more than one way to go ahead (unlock, or unlock for review
    together). Each is a button, and ``Submitted.button`` says which was asked for.
    Enter in the last field means the ``default`` one: the first, until the screen says
    otherwise. The default is the one drawn as primary, so what Enter does is on screen.
    """

    # A priority binding, so Enter moves the focus while the key is dispatched. Handled
    # through Input.Submitted, it moved it only once the Input had posted that message, by
    # when a key typed straight after (Space to choose a role) had already gone to the
    # field being left: a fast typist's Space landed in their name.
    BINDINGS = [Binding("enter", "next_or_submit", show=False, priority=True)]

    DEFAULT_CSS = """
    PassphraseForm {
        height: auto;
    }
    """

    class Submitted(Message):
        """The person asked to go ahead, in the way ``button`` offers."""

        def __init__(self, form: PassphraseForm, button: Button) -> None:
            super().__init__()
            self.form = form
            self.button = button

        @property
        def control(self) -> PassphraseForm:
            return self.form

    def __init__(
        self,
        *,
        submit: Button | Sequence[Button],
        other: Button | None = None,
        working: str,
        stopped: str,
        id: str,
    ) -> None:
        """``working`` says what is under way; ``stopped`` is the sentence for an unexpected
        failure, with ``{error}`` where the kind of error goes."""
        super().__init__(id=id)
        self._submits = [submit] if isinstance(submit, Button) else list(submit)
        self._default = self._submits[0]
        self._other = other
        self._working_words = working
        self._stopped = stopped
        self._then: Callable[[Any], object] | None = None
        self._focused_before: Widget | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id=f"{self.id}-buttons", classes="form-buttons"):
            yield from self._submits
            if self._other is not None:
                yield self._other
        with Horizontal(id=f"{self.id}-working", classes="working"):
            yield LoadingIndicator()
            yield Label(self._working_words)
        yield Static("", id=f"{self.id}-problem", classes="problem")

    def on_mount(self) -> None:
        self.query_one(f"#{self.id}-working").display = False
        if len(self._submits) > 1:
            self.default = self._default

    @property
    def default(self) -> Button:
        """The way to go ahead that Enter in the last field means."""
        return self._default

    @default.setter
    def default(self, button: Button) -> None:
        if button not in self._submits:
            raise ValueError(f"{button!r} is not one of this form's buttons")
        self._default = button
        for each in self._submits:
            each.variant = "primary" if each is button else "default"

    def show_problem(self, text: str) -> None:
        problem = self.query_one(f"#{self.id}-problem", Static)
        problem.update(text)
        if text:
            # On a short terminal the line is below the fold; the person must see it.
            problem.call_after_refresh(problem.scroll_visible)

    def run(self, job: Callable[[], Any], *, then: Callable[[Any], object] | None = None) -> None:
        """Do ``job`` in a thread; ``then`` receives what it returns, back on the UI thread.

        An ``RmpairError`` it raises is shown as it is: its text is already written for
        the person.
        """
        self._then = then
        self._set_working(True)
        self.run_worker(job, thread=True, exclusive=True, exit_on_error=False, group="passphrase-form")

    def action_next_or_submit(self) -> None:
        field = self.app.focused
        fields = self.query(Input)
        if not isinstance(field, Input) or field not in fields:
            raise SkipAction()  # Enter on a button or a choice does what it does there
        if field is fields.last():
            self.post_message(self.Submitted(self, self._default))
        else:
            self.screen.focus_next()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        # The other button is the screen's to answer.
        if event.button in self._submits:
            event.stop()
            self.post_message(self.Submitted(self, event.button))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "passphrase-form":
            return
        if event.state == WorkerState.SUCCESS and self._then is not None:
            self._then(event.worker.result)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            self._set_working(False)
            if isinstance(error, RmpairError):
                self.show_problem(str(error))
            else:
                self.show_problem(self._stopped.format(error=type(error).__name__))

    def _set_working(self, working: bool) -> None:
        # Nothing can be changed while the work uses it. Afterwards the focus goes to the
        # first field that needs typing again (a passphrase the screen cleared), or else
        # back where it was.
        self.query_one(f"#{self.id}-working").display = working
        fields = list(self.query(Input))
        if working:
            self._focused_before = self.screen.focused
            self.show_problem("")
        for button in self._submits:
            button.disabled = working
        for field in fields:
            field.disabled = working
        if not working:
            empty = next((field for field in fields if not field.value), None)
            # At once, not on a later turn as ``focus()`` does: the problem line shown next
            # invites typing again, and keys typed once it shows must land in the field.
            self.screen.set_focus(empty or self._focused_before or self._default)
