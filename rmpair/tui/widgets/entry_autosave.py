"""Saving an entry without being asked, and never losing it.

``EntryDraft`` remembers which entry a form writes to and what was last written, so a
save creates the entry the first time there is something in it and afterwards sends only
what changed. ``AutosaveScreen`` is the screen side: it saves a second after typing
stops, on Ctrl+S, when the person leaves, when the app calls ``flush_unsaved`` before
locking or quitting, and when the screen is unmounted for any other reason.

Saves run on the UI thread on purpose. A save of the vault takes a few milliseconds, and
``flush_unsaved`` must have finished before the app locks; a save in a thread could race
with it and create the same entry twice.

It stays one module past the usual length because its parts are one cycle that none of
them is used without: a change in the form, a save of what changed (``EntryDraft``), and
the bar that says whether it is saved and who can read it (``EntryBar``), which sharing
from the same screen changes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.events import Resize
from textual.containers import HorizontalGroup
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static, TextArea

from rmpair.core.errors import RmpairError, VaultWriteFailed
from rmpair.core.views import EntryView
from rmpair.tui.commands import key_in_words
from rmpair.tui.widgets import entry_words as words
from rmpair.tui.widgets.entry_privacy import ConfirmShare, PrivacyToggle

SAVE_DELAY = 1.0  # seconds of quiet after typing before an automatic save
# Sharing and making private again: the privacy toggle is not in the Tab path, so this key
# (and a click on the toggle) is how the keyboard reaches it.
PRIVACY_KEY = "ctrl+o"
EXPLAINED_BAR_WIDTH = 100  # columns from which the toggle says what private and shared mean

PRIVATE_KINDS = frozenset({"talking-point", "reflection", "observation"})
FIELDS = ("kind", "title", "body", "meeting", "race_tags", "private", "template_id", "goal_id")


def is_blank(fields: dict[str, Any]) -> bool:
    return not str(fields.get("title", "")).strip() and not str(fields.get("body", "")).strip()


class EntryDraft:
    """The link between a form and the one entry it writes."""

    def __init__(self, entry: EntryView | None = None) -> None:
        self.entry_id: str | None = entry.id if entry else None
        self.author: str | None = entry.author if entry else None
        """Whose entry it is: None until it exists, and then the person writing it."""
        self._written: dict[str, Any] | None = _fields_of(entry) if entry else None

    def pending(self, fields: dict[str, Any]) -> bool:
        """Whether ``fields`` hold something not yet handed to the service."""
        if self.entry_id is None:
            return not is_blank(fields)
        return bool(self._changes(fields))

    def save(self, service: Any, fields: dict[str, Any]) -> EntryView | None:
        """Hand the fields to the service; the entry, or None if there was nothing to save.

        Raises the service's ``RmpairError``. After ``VaultWriteFailed`` the change is kept
        in the service's memory, so it counts as handed over.
        """
        fields = _normalise(fields)
        if self.entry_id is None:
            if is_blank(fields):
                return None
            before = {e.id for e in service.entries()}
            try:
                view = service.add_entry(**fields)
            except VaultWriteFailed:
                # The entry exists in memory but the call did not return it: find it, so
                # the next save updates it instead of creating a second copy.
                created = [e for e in service.entries() if e.id not in before]
                if created:
                    self.entry_id = created[-1].id
                    self._written = fields
                raise
            self.entry_id = view.id
            self._written = fields
            return view
        changes = self._changes(fields)
        if not changes:
            return None
        try:
            view = service.update_entry(self.entry_id, **changes)
        except VaultWriteFailed:
            self._written = fields
            raise
        self._written = _fields_of(view)
        return view

    def forget_written(self, entry: EntryView) -> None:
        """The entry was changed elsewhere (shared, moved): take it as the new baseline."""
        self.entry_id = entry.id
        self.author = entry.author
        self._written = _fields_of(entry)

    def _changes(self, fields: dict[str, Any]) -> dict[str, Any]:
        fields = _normalise(fields)
        written = self._written or {}
        return {key: value for key, value in fields.items() if written.get(key) != value}


def _fields_of(entry: EntryView) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "title": entry.title,
        "body": entry.body,
        "meeting": entry.meeting,
        "race_tags": tuple(entry.race_tags),
        "private": entry.private,
        "template_id": entry.template_id,
        "goal_id": entry.goal_id,
    }


def _normalise(fields: dict[str, Any]) -> dict[str, Any]:
    clean = {key: fields[key] for key in FIELDS if key in fields}
    if "race_tags" in clean:
        clean["race_tags"] = tuple(clean["race_tags"])
    if "title" in clean:
        clean["title"] = clean["title"].strip()
    return clean


class EntryStatus(Static):
    """Whether the entry is saved, in words; red only as a second cue."""

    DEFAULT_CSS = """
    EntryStatus {
        height: 1;
        width: 1fr;
        padding: 0 1;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        &.-error {
            color: $text-error;
            text-style: bold;
        }
    }
    """

    def show(self, message: str, *, error: bool = False) -> None:
        self.set_class(error, "-error")
        self.update(Text(("⚠ " if error else "") + message))

    @property
    def message(self) -> str:
        return str(self.content)


class EntryBar(HorizontalGroup):
    """The line under a form: who can read the entry (a toggle) and whether it is saved."""

    DEFAULT_CSS = """
    EntryBar {
        height: 1;
        width: 1fr;
        background: $boost;
        & > PrivacyToggle {
            margin-right: 1;
        }
    }
    """

    def __init__(self, private: bool) -> None:
        super().__init__(id="entry-bar")
        self._private = private

    def compose(self) -> ComposeResult:
        yield PrivacyToggle(self._private, key=key_in_words(PRIVACY_KEY), id="entry-privacy")
        yield EntryStatus(words.NOTHING_YET, id="entry-status")

    def on_resize(self, event: Resize) -> None:
        # On a narrow terminal the toggle keeps to its words and key, so whether the entry
        # is saved still shows beside it.
        self.query_one(PrivacyToggle).explain = event.size.width >= EXPLAINED_BAR_WIDTH


class AutosaveScreen(Screen):
    """A screen whose form is one entry, kept saved.

    Subclasses implement ``collect_fields`` and call ``changed()`` whenever the form
    changes. They may yield an ``EntryStatus`` with id ``entry-status``.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save now", id="entry.save",
                tooltip="Save now (it also saves by itself a second after you stop typing)"),
        Binding("escape", "back", "Back", id="entry.back",
                tooltip="Save and go back to the previous screen"),
        Binding(PRIVACY_KEY, "share", "Share", id="entry.share",
                tooltip="Let your partner read this (asks first)"),
        Binding(PRIVACY_KEY, "make_private", "Make private", id="entry.make-private",
                tooltip="Only you will be able to read this again"),
    ]

    def __init__(self, entry: EntryView | None = None) -> None:
        super().__init__()
        self.draft = EntryDraft(entry)
        self._save_timer: Timer | None = None
        self._latest: dict[str, Any] | None = None
        self._last_error: str | None = None
        self._leave_anyway = False

    # -- for subclasses ------------------------------------------------------------------

    def collect_fields(self) -> dict[str, Any]:
        """The entry as the form now has it: kind, title, body, meeting, race_tags,
        private, template_id."""
        raise NotImplementedError

    def saved(self, entry: EntryView) -> None:
        """Called after each successful save (to refresh labels and the like)."""

    # -- the service ---------------------------------------------------------------------

    @property
    def service(self) -> Any:
        return getattr(self.app, "service", None)

    @property
    def content(self) -> Any:
        return getattr(self.app, "content", None)

    def starts_private(self, kind: str) -> bool:
        """Talking points, observations and reflections start private, except in
        review-together mode, where only shared writing is allowed (and the toggle says so)."""
        if getattr(self.service, "review_mode", False):
            return False
        return kind in PRIVATE_KINDS

    # -- saving ----------------------------------------------------------------------------

    def changed(self) -> None:
        """The form changed: remember it, and save once typing pauses."""
        try:
            self._latest = self.collect_fields()
        except NoMatches:  # a form still being built: the next change catches up
            return
        self._leave_anyway = False
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self._autosave)
        if self.draft.pending(self._latest) and not self._last_error:
            self.show_status(words.SAVING_SOON)

    def _autosave(self) -> None:
        self._save_timer = None
        self.save_now()

    def save_now(self, fields: dict[str, Any] | None = None, *, announce: bool = False) -> bool:
        """Save at once; True unless the service refused (a failed write still counts
        as kept, since the service holds it in memory and ``retry_save`` writes it)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        service = self.service
        if service is None:
            return False
        if fields is None:
            try:
                fields = self.collect_fields()
            except NoMatches:  # the form's widgets are already gone: use the last copy
                fields = self._latest
            if fields is None:
                return True
        self._latest = fields
        try:
            view = self.draft.save(service, fields)
        except VaultWriteFailed as error:
            self._report(_not_saved_to_disk(error))
            return True
        except RmpairError as error:
            self._report(f"{words.NOT_SAVED}: {error}")
            return False
        self._last_error = None
        if view is not None:
            self.saved(view)
            self.show_status(f"{words.SAVED} at {datetime.now():%H:%M:%S}")
            if announce:
                self.notify("Saved.", timeout=2)
        elif self.draft.entry_id is None:
            self.show_status(words.NOTHING_YET)
        elif announce:
            self.show_status(f"{words.SAVED} (nothing had changed)")
        return True

    def flush_unsaved(self) -> None:
        """Save whatever is on the form now: the app calls this before it locks or quits."""
        self.save_now()

    def refused_form(self) -> str | None:
        """What the form holds that the service refused to take (so it is kept nowhere
        else), in words for the question before quitting; None if nothing."""
        if self._latest is None or not self.draft.pending(self._latest):
            return None
        kind = words.kind_label(str(self._latest.get("kind", "")))
        return f"{kind} on screen. {self._last_error or words.NOT_SAVED}"

    async def open_template_form(self, title: str) -> None:
        """First showing of a template's form: build it, and take its empty state as the
        starting point, so opening and leaving writes nothing."""
        self.title = title
        await self._build_form()
        self._latest = self.collect_fields()
        self.show_status(words.NOTHING_YET)

    async def fill_form(self, form: Widget, widgets: list[Widget]) -> None:
        """Put a template's questions in ``form``, scrolled to the top, the first answer
        box focused so typing can start at once."""
        await form.remove_children()
        await form.mount_all(widgets)
        form.scroll_home(animate=False)
        first = form.query(TextArea)
        if first:
            # At once, not on a later turn as ``focus()`` does: the status that says
            # "start writing" follows, and keys typed once it shows must land in the box.
            self.set_focus(first.first())

    async def start_from_template(self, chosen: Any, what: str) -> None:
        """Keep what was written under the old template and start a new entry from
        ``chosen``, rather than dropping answers that do not fit the new form. The
        screen provides ``_template`` and ``_build_form``."""
        self.save_now()
        if self.draft.entry_id is not None:
            self.notify(
                f"Your “{self._template.title}” {what} is saved. This starts a new one.",
                markup=False,
            )
        self.draft = EntryDraft()
        self._template = chosen
        await self._build_form()
        self._latest = self.collect_fields()
        self.show_status(words.NOTHING_YET)

    def _report(self, message: str) -> None:
        self.show_status(message, error=True)
        if message != self._last_error:
            self.notify(message, title="Not saved", severity="error", markup=False, timeout=8)
        self._last_error = message

    def show_status(self, message: str, *, error: bool = False) -> None:
        for status in self.query("#entry-status").results(EntryStatus):
            status.show(message, error=error)

    def on_unmount(self) -> None:
        # Last chance: the screen is going away (popped, the app closing, a crash).
        if self._latest is not None and self.draft.pending(self._latest):
            self.save_now(self._latest)

    # -- privacy -----------------------------------------------------------------------------

    @property
    def privacy_toggle(self) -> PrivacyToggle:
        return self.query_one("#entry-privacy", PrivacyToggle)

    def privacy_changeable(self) -> bool:
        """Whether this person may change who reads the entry: its author may, outside
        review together (where only shared writing exists)."""
        service = self.service
        if service is None or getattr(service, "review_mode", False):
            return False
        return self.draft.author is None or self.draft.author == service.role

    def _on_mount(self) -> None:
        # After the subclass's on_mount: an editor knows its entry's author by then.
        for toggle in self.query("#entry-privacy").results(PrivacyToggle):
            toggle.changeable = self.privacy_changeable()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("share", "make_private"):
            try:
                private = self.privacy_toggle.private
            except NoMatches:
                return action == "share"
            if not self.privacy_changeable():
                return False
            return private if action == "share" else not private
        return True

    @on(PrivacyToggle.Requested)
    def _privacy_requested(self, event: PrivacyToggle.Requested) -> None:
        event.stop()
        if event.make_private:
            self.action_make_private()
        else:
            self.action_share()

    def action_share(self) -> None:
        fields = self.collect_fields()
        if not fields.get("private", True):
            return
        if is_blank(fields):
            self.notify("Write something first: there is nothing to share yet.", markup=False)
            return
        self._confirm_share(fields.get("title") or fields.get("body", "").strip().splitlines()[0][:60])

    @work(exclusive=True, group="share")
    async def _confirm_share(self, title: str) -> None:
        partner = self.service.partner if self.service is not None else None
        name = partner.name if partner else "Your partner, once they join,"
        if await self.app.push_screen_wait(ConfirmShare(title, name)):
            if self.set_private(False):
                self.notify(
                    f"Shared with {name}. {key_in_words(PRIVACY_KEY)} makes it private again.",
                    markup=False,
                    timeout=6,
                )

    def action_make_private(self) -> None:
        if not self.privacy_changeable():
            return
        if self.set_private(True):
            self.notify("Private again: only you can read it now.", markup=False, timeout=4)

    def set_private(self, private: bool) -> bool:
        """Flip the toggle and save at once; put it back if the service refuses."""
        toggle = self.privacy_toggle
        was = toggle.private
        toggle.private = private
        if not self.save_now():
            toggle.private = was
            self._latest = self.collect_fields()
            return False
        self.refresh_bindings()
        return True

    # -- actions -----------------------------------------------------------------------------

    def action_save(self) -> None:
        service = self.service
        if service is not None and getattr(service, "unsaved", False):
            try:
                service.retry_save()
            except RmpairError as error:
                self._report(_not_saved_to_disk(error))
                return
            self._last_error = None
        self.save_now(announce=True)

    def action_back(self) -> None:
        if not self.save_now() and not self._leave_anyway:
            self._leave_anyway = True
            self.notify(
                "This could not be saved. Fix it, or press Escape again to leave without it.",
                severity="warning",
                markup=False,
            )
            return
        self.dismiss()


def _not_saved_to_disk(error: object) -> str:
    # The service's reasons are whole sentences, ending in a full stop of their own.
    return f"{words.NOT_SAVED} to disk: {str(error).rstrip('.')}. {words.SAVE_FAILED_HINT}"
