"""Entries: writing, sharing, moving to the agenda and removing (reading them is ``EntryReader``'s)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session

from rmpair.core import crypto
from rmpair.core.entry_store import private_payload
from rmpair.core.errors import UsageError, VaultWriteFailed
from rmpair.core.private_seal import open_private, seal_private
from rmpair.core.pair_reader import check_meeting
from rmpair.core.record_versions import RowVersions, stamp
from rmpair.core.versions import with_dot
from rmpair.core.models import (
    HIDDEN_TIME,
    MEETING_COUNT,
    Entry,
    SealedEntry,
    new_id,
    now,
)
from rmpair.core.views import (
    EntryView,
)
from rmpair.core.service.checks import (
    PRIVATE_BY_DEFAULT,
    check_kind,
    check_race_tags,
    check_unicode,
    replace_view,
)
from rmpair.core.service.core import ServiceCore


class EntryChanges(ServiceCore):
    """Entries: writing, sharing, moving to the agenda and removing (reading them is ``EntryReader``'s)."""

    def add_entry(
        self,
        *,
        kind: str,
        body: str,
        title: str = "",
        meeting: int | None = None,
        race_tags: Iterable[str] = (),
        private: bool | None = None,
        template_id: str | None = None,
        goal_id: str | None = None,
        on_agenda: bool = False,
    ) -> EntryView:
        check_kind(kind)
        check_meeting(meeting)
        check_unicode(title, "The title")
        check_unicode(body, "The text")
        tags = check_race_tags(race_tags, self.known_race_tags)
        goal_id = self._check_goal_link(goal_id)
        if private is None:
            private = kind in PRIVATE_BY_DEFAULT
        if self.review_mode and private:
            raise UsageError("In review-together mode only shared entries can be written.")
        stamp = now()
        view = EntryView(
            id=new_id(),
            kind=kind,
            author=self.role,
            private=private,
            meeting=meeting,
            race_tags=tags,
            title=title.strip(),
            body=body,
            template_id=template_id,
            on_agenda=on_agenda,
            goal_id=goal_id,
            created_at=stamp,
            updated_at=stamp,
        )
        try:
            self._write_entry(view, previous=None)
        except VaultWriteFailed as error:
            # The entry exists in memory and will be saved by a retry: tell the caller
            # which one, so a second attempt updates it instead of writing a copy.
            error.entry = view
            raise
        return view

    def update_entry(self, ref: str, **changes: Any) -> EntryView:
        """Change fields of one of this person's entries (title, body, meeting, race_tags,
        private, kind, goal_id, on_agenda). Shared entries either person may edit."""
        with self._lock:
            current = self.entry(ref)
            if current.private and current.author != self.role:
                raise UsageError("That entry is not yours to change.")
            allowed = {"title", "body", "meeting", "race_tags", "private", "kind", "goal_id", "on_agenda", "template_id"}
            unknown = set(changes) - allowed
            if unknown:
                raise UsageError(f"An entry has no field {', '.join(sorted(unknown))}.")
            if "kind" in changes:
                check_kind(changes["kind"])
            if "meeting" in changes:
                check_meeting(changes["meeting"])
            if "race_tags" in changes:
                changes["race_tags"] = check_race_tags(changes["race_tags"], self.known_race_tags)
            if "goal_id" in changes:
                changes["goal_id"] = self._check_goal_link(changes["goal_id"])
            if "title" in changes:
                changes["title"] = check_unicode(changes["title"], "The title").strip()
            if "body" in changes:
                check_unicode(changes["body"], "The text")
            if changes.get("private") and current.author != self.role:
                raise UsageError("Only its author can make a shared entry private again.")
            if self.review_mode and changes.get("private", current.private):
                raise UsageError("In review-together mode only shared entries can be changed.")
            updated = replace_view(current, updated_at=now(), **changes)
            if updated == replace_view(current, updated_at=updated.updated_at):
                return current
            self._write_entry(updated, previous=current)
            return updated

    def share_entry(self, ref: str) -> EntryView:
        return self.update_entry(ref, private=False)

    def move_to_agenda(self, ref: str, meeting: int | None = None) -> EntryView:
        """Put a talking point on a meeting's agenda. That shares it: the agenda is the pair's."""
        with self._lock:
            entry = self.entry(ref)
            target = meeting or entry.meeting or (self.next_meeting().number if self.next_meeting() else MEETING_COUNT)
            updated = self.update_entry(entry.id, private=False, on_agenda=True, meeting=target)
            self.add_agenda_item(target, updated.display_title)
            return updated

    def delete_entry(self, ref: str) -> None:
        with self._lock:
            current = self.entry(ref)
            if current.private and current.author != self.role:
                raise UsageError("That entry is not yours to delete.")

            def remove(session: Session) -> None:
                row = session.get(SealedEntry if current.private else Entry, current.id)
                if row is not None:
                    session.delete(row)

            self._change(remove, after_commit=lambda: self._remember_entry(current.id, None))

    def _write_entry(self, view: EntryView, previous: EntryView | None) -> None:
        key = self._vault.personal_key

        def write(session: Session) -> None:
            # A record changing form (shared <-> private) keeps its versions: the new row
            # is added before the old one goes, so the change is not taken for a removal.
            old_form = None
            if previous is not None and previous.private != view.private:
                old_form = session.get(SealedEntry if previous.private else Entry, previous.id)
            if view.private:
                row = session.get(SealedEntry, view.id)
                dot = stamp(session).dot()
                versions: dict[str, Any] = {"_v": {"*": list(dot)}}
                if row is not None and previous is not None:
                    outer = RowVersions.decode(row.sync)
                    outer = RowVersions(with_dot(outer.vector, dot), outer.dots)
                    before, after = private_payload(previous), private_payload(view)
                    changed = [name for name in after if name != "updated_at" and after[name] != before[name]]
                    versions = self._sealed_versions(row)
                    versions["_v"].update({name: list(dot) for name in changed})
                    for name in changed:  # a write to a field in conflict settles it
                        versions.get("_c", {}).pop(name, None)
                    if not versions.get("_c"):
                        versions.pop("_c", None)
                elif old_form is not None:
                    outer = RowVersions.decode(old_form.sync).rewritten(dot)
                else:
                    outer = RowVersions.fresh(dot)
                sealed = seal_private(key, view.id, private_payload(view) | versions)
                row = row or SealedEntry(id=view.id, sealed=sealed)
                # No clear time: it would say when its author wrote; the real times are sealed inside.
                row.sealed, row.updated_at, row.sync = sealed, HIDDEN_TIME, outer.encode()
                row.sealed_as = row.sealed_to = None  # sealed afresh, by its author, under its own id
            else:
                row = session.get(Entry, view.id)
                if row is None:
                    row = Entry(id=view.id, kind=view.kind, author=view.author)
                    if old_form is not None:
                        row.sync = old_form.sync
                row.kind = view.kind
                row.author = view.author
                row.meeting = view.meeting
                row.race_tags = ",".join(view.race_tags)
                row.title = view.title
                row.body = view.body
                row.template_id = view.template_id
                row.on_agenda = view.on_agenda
                row.goal_id = view.goal_id
                row.created_at = view.created_at
                row.updated_at = view.updated_at
            session.add(row)
            if old_form is not None:
                session.delete(old_form)

        def remember() -> None:
            # A write to a field in conflict settles it: whether any conflict is left is
            # read back, not guessed.
            still = view.conflicted and self._still_conflicted(view)
            self._remember_entry(view.id, replace_view(view, conflicted=still) if still != view.conflicted else view)

        # add_entry and update_entry refuse private writes in review mode before this.
        self._change(write, shared=not view.private, after_commit=remember)

    def _remember_entry(self, entry_id: str, view: EntryView | None) -> None:
        """Keep the decoded entries in step with a write (None: removed). Not yet decoded,
        they will be read with the write in them."""
        if self._loaded_entries is None:
            return
        if view is None:
            self._loaded_entries.pop(entry_id, None)
        else:
            self._loaded_entries[entry_id] = view

    def _still_conflicted(self, view: EntryView) -> bool:
        connection = self._db.connection
        if not view.private:
            found = connection.execute(
                "SELECT 1 FROM conflict WHERE record_group = 'entry' AND record_key = ? LIMIT 1", (view.id,)
            ).fetchone()
            return found is not None
        row = connection.execute(
            "SELECT sealed, sealed_as, sealed_to FROM sealed_entry WHERE id = ?", (view.id,)
        ).fetchone()
        key = self._vault.personal_key
        payload = open_private(key, crypto.SealingKey(key), view.id, *row) if row else None
        return bool(payload and payload.get("_c"))

    def _sealed_versions(self, row: SealedEntry) -> dict[str, Any]:
        """The versions kept inside one of this person's private entries: the dot of the
        write that last set each field (``_v``) and concurrent versions (``_c``)."""
        key = self._vault.personal_key
        payload = open_private(key, crypto.SealingKey(key), row.id, row.sealed, row.sealed_as, row.sealed_to) or {}
        return {"_v": dict(payload.get("_v", {})), **({"_c": dict(payload["_c"])} if payload.get("_c") else {})}
