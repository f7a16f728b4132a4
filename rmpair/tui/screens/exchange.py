"""Exchange: keeping one story on two laptops, from the app.

Three parts, top to bottom, in the order a person uses them:

1. **Send**: write a bundle of everything on this laptop for the other one, to a file they
   carry (USB stick, e-mail, a chat's file share). It is encrypted; only the pair's other
   laptop opens it.
2. **Take in**: choose a bundle from the other laptop; the screen shows what it would
   change (new, changed, removed, needs you) before anything is written, and writes only
   when "Apply" is pressed.
3. **Conflicts**: fields both laptops changed without seeing each other's change. Both
   versions show side by side until the person keeps theirs, the other's, or both.

Not offered in review together: taking a bundle in names this person's private entries.
The work (sealing, merging, saving) runs in thread workers; the screen only shows results.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Static

from rmpair.core.errors import RmpairError
from rmpair.tui.widgets.key_footer import KeyFooter
from rmpair.tui.widgets.literal import literal
from rmpair.tui.widgets.record_table import RecordTable

TITLE = "Exchange with the other laptop"
INTRO = (
    "Each of you writes on your own laptop. Send a bundle after writing, and take in the "
    "bundles from the other laptop: each one carries everything, so one lost costs nothing. "
    "Bundles are encrypted; only your pair's other laptop can open them."
)
SEND_HEADING = "Send"
SEND_LABEL = "Write a bundle for the other laptop to this file (its folder must exist)"
SEND_BUTTON = "Write bundle"
TAKE_HEADING = "Take in"
TAKE_LABEL = "A bundle from the other laptop"
PREVIEW_BUTTON = "Show what it changes"
APPLY_BUTTON = "Apply"
NOT_APPLIED_BUTTON = "Don't apply"
APPLIED = "Done: the bundle is in, and the vault is saved (the version before is backup 1)."
NOT_APPLIED = "Nothing was changed."
NOTHING_NEW = "Nothing in it changes anything here."
CONFLICTS_HEADING = "Conflicts"
CONFLICTS_EMPTY = "No conflicts: both laptops agree on everything you can see."
CONFLICTS_HELP = "m keeps your version, t theirs, b both (theirs as a separate record)."
REVIEW_BLOCKED = (
    "Exchange is not open in review together: taking in a bundle names your private entries. "
    "Leave review together first."
)
FIELD_WORDS = {
    "race_tags": "RACE tags", "due_meeting": "due meeting", "planned_date": "planned date",
    "held_date": "date held", "baseline_score": "score at the start", "midway_score": "midway score",
    "final_score": "score at the end", "meeting_number": "meeting",
}


def field_words(name: str) -> str:
    return FIELD_WORDS.get(name, name.replace("_", " "))


def default_bundle_path(partner: str | None) -> Path:
    name = "".join(ch for ch in (partner or "partner") if ch.isalnum()) or "partner"
    return Path.home() / f"rmpair-bundle-for-{name.lower()}.rmpair"


class ConflictsTable(RecordTable):
    HELP_GROUP = "In the list of conflicts"
    EMPTY_TEXT = CONFLICTS_EMPTY
    BINDINGS = [
        Binding("m", "keep('mine')", "Keep mine", id="conflicts.mine",
                tooltip="Keep this laptop's version of the highlighted conflict"),
        Binding("t", "keep('theirs')", "Keep theirs", id="conflicts.theirs",
                tooltip="Keep the other laptop's version of the highlighted conflict"),
        Binding("b", "keep('both')", "Keep both", id="conflicts.both",
                tooltip="Keep yours here and theirs as a separate record"),
    ]

    class Keep(Message):
        def __init__(self, key: str, choice: str) -> None:
            super().__init__()
            self.key = key
            self.choice = choice

    def on_mount(self) -> None:
        self.set_columns("Conflict", "Two versions of", free={"Two versions of": 1})

    def action_keep(self, choice: str) -> None:
        if self.highlighted_id:
            self.post_message(self.Keep(self.highlighted_id, choice))


class ExchangeScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="exchange.back", tooltip="Back to where you were"),
    ]

    class Done(Message):
        """A worker finished: a line to show, and whether the vault changed."""

        def __init__(self, where: str, text: str, *, changed: bool = False, plan: object = None) -> None:
            super().__init__()
            self.where = where
            self.text = text
            self.changed = changed
            self.plan = plan

    def __init__(self) -> None:
        super().__init__()
        self._incoming = None  # an opened bundle waiting for Apply
        self._conflicts: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="exchange-scroll", can_focus=False):
            with Vertical(id="exchange-box"):
                yield Static(INTRO, id="exchange-intro")
                yield Static(SEND_HEADING, classes="section-heading")
                yield Static(SEND_LABEL, classes="field-label")
                with Horizontal(classes="exchange-row"):
                    yield Input(id="send-path")
                    yield Button(SEND_BUTTON, id="send", variant="primary")
                yield Static(id="send-result", classes="exchange-result")
                yield Static(TAKE_HEADING, classes="section-heading")
                yield Static(TAKE_LABEL, classes="field-label")
                with Horizontal(classes="exchange-row"):
                    yield Input(id="take-path", placeholder="the bundle file's path")
                    yield Button(PREVIEW_BUTTON, id="preview")
                yield Static(id="take-result", classes="exchange-result")
                with Horizontal(id="take-decision", classes="form-buttons"):
                    yield Button(APPLY_BUTTON, id="apply", variant="warning")
                    yield Button(NOT_APPLIED_BUTTON, id="discard")
                yield Static(CONFLICTS_HEADING, classes="section-heading")
                yield Static(CONFLICTS_HELP, classes="field-label")
                yield ConflictsTable(id="conflicts")
                yield Static(id="conflict-versions")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = TITLE
        service = self.app.service
        partner = service.partner
        self.query_one("#send-path", Input).value = str(default_bundle_path(partner.name if partner else None))
        self.query_one("#take-decision").display = False
        self._show_conflicts()

    # -- send --------------------------------------------------------------------------------------

    @on(Button.Pressed, "#send")
    @on(Input.Submitted, "#send-path")
    def _send(self) -> None:
        path = Path(self.query_one("#send-path", Input).value.strip()).expanduser()
        self._show("send-result", "Writing the bundle…")
        self._write_bundle(path)

    @work(thread=True, exclusive=True, exit_on_error=False, group="exchange-send")
    def _write_bundle(self, path: Path) -> None:
        from rmpair.exchange.bundles import export_bundle

        try:
            sent = export_bundle(self.app.service, path)
        except RmpairError as error:
            self.post_message(self.Done("send-result", str(error)))
            return
        self.post_message(self.Done("send-result", f"{sent.line()} Written to {path}.", changed=True))

    # -- take in -------------------------------------------------------------------------------------

    @on(Button.Pressed, "#preview")
    @on(Input.Submitted, "#take-path")
    def _preview(self) -> None:
        text = self.query_one("#take-path", Input).value.strip()
        if not text:
            self._show("take-result", "Give the path of a bundle from the other laptop.")
            return
        self._forget_incoming()
        self._show("take-result", "Opening the bundle…")
        self._open_bundle(Path(text).expanduser())

    @work(thread=True, exclusive=True, exit_on_error=False, group="exchange-take")
    def _open_bundle(self, path: Path) -> None:
        from rmpair.exchange.bundles import BundleRefused, open_bundle, preview_import, read_file

        service = self.app.service
        try:
            incoming = open_bundle(service, read_file(path, "a bundle"))
            plan = preview_import(service, incoming)
        except BundleRefused as refused:
            self.post_message(self.Done("take-result", str(refused)))
            return
        except RmpairError as error:
            self.post_message(self.Done("take-result", str(error)))
            return
        self._incoming = incoming
        self.post_message(self.Done("take-result", _preview_text(incoming, plan), plan=plan))

    @on(Button.Pressed, "#apply")
    def _apply(self) -> None:
        if self._incoming is None:
            return
        self.query_one("#take-decision").display = False
        self._show("take-result", "Taking the bundle in…")
        self._apply_bundle()

    @work(thread=True, exclusive=True, exit_on_error=False, group="exchange-take")
    def _apply_bundle(self) -> None:
        from rmpair.exchange.bundles import apply_import

        incoming, self._incoming = self._incoming, None
        try:
            apply_import(self.app.service, incoming)
        except RmpairError as error:
            self.post_message(self.Done("take-result", str(error)))
            return
        finally:
            incoming.close()
        self.post_message(self.Done("take-result", APPLIED, changed=True))

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        self._forget_incoming()
        self.query_one("#take-decision").display = False
        self._show("take-result", NOT_APPLIED)

    def _forget_incoming(self) -> None:
        if self._incoming is not None:
            self._incoming.close()
            self._incoming = None

    def on_unmount(self) -> None:
        self._forget_incoming()

    # -- conflicts -----------------------------------------------------------------------------------

    def _show_conflicts(self) -> None:
        from rmpair.exchange.conflicts import list_conflicts

        try:
            found = list_conflicts(self.app.service)
        except RmpairError as error:  # versions the partner's copy damaged: said where conflicts show
            found, problem = [], str(error)
        else:
            problem = None
        self._conflicts = {conflict.key: conflict for conflict in found}
        table = self.query_one(ConflictsTable)
        table.set_rows(
            (conflict.key, (conflict.what, ", ".join(field_words(n) for n in conflict.fields)))
            for conflict in found
        )
        if problem is not None:
            self._show("conflict-versions", problem)
            return
        self._show_versions(table.highlighted_id)

    @on(RecordTable.RowHighlighted, "#conflicts")
    def _conflict_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        self._show_versions(event.row_key.value if event.row_key else None)

    def _show_versions(self, key: str | None) -> None:
        panel = self.query_one("#conflict-versions", Static)
        conflict = self._conflicts.get(key or "")
        if conflict is None:
            panel.update("")
            return
        names = self.app.service.pair().names()
        text = Text()
        for name, versions in conflict.fields.items():
            text.append(f"{field_words(name).capitalize()}\n", style="bold")
            for label, version in zip(("Mine", "Theirs"), versions):
                where = "this laptop" if version.here else "the other laptop"
                text.append(f"  {label} ({where}, by {names.get(version.by, version.by)}): ")
                text.append_text(literal(str(version.value)))
                text.append("\n")
        panel.update(text)

    def on_conflicts_table_keep(self, event: ConflictsTable.Keep) -> None:
        from rmpair.exchange.conflicts import resolve

        conflict = self._conflicts.get(event.key)
        if conflict is None:
            return
        try:
            done = resolve(self.app.service, conflict, event.choice)
        except RmpairError as error:
            self.app.notify(str(error), severity="error", markup=False)
            return
        self.app.notify(done, title="Conflict settled", markup=False)
        self._show_conflicts()

    # -- results -------------------------------------------------------------------------------------

    def on_exchange_screen_done(self, message: Done) -> None:
        self._show(message.where, message.text)
        if message.plan is not None:
            self.query_one("#take-decision").display = True
            self.query_one("#apply", Button).focus()
        if message.changed:
            self._show_conflicts()

    def _show(self, where: str, text: str) -> None:
        self.query_one(f"#{where}", Static).update(literal(text))


def _preview_text(incoming: object, plan: object) -> str:
    from rmpair.exchange.importer import CHANGED, NEEDS_YOU, NEW, REMOVED

    counts = ", ".join(f"{plan.count(kind)} {kind}" for kind in (NEW, CHANGED, REMOVED, NEEDS_YOU))
    lines = [f"Bundle {incoming.sequence} from the other laptop: {counts}."]
    lines += [f"  {change.kind}: {change.what}" for change in plan.changes]
    if plan.empty:
        lines.append(NOTHING_NEW)
    lines.append("Apply writes these changes; Don't apply leaves everything as it is.")
    return "\n".join(lines)
