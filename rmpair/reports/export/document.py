"""What one export holds: the document every format is written from, and the errors.

An export holds only what is shared, unless the person exporting asks for their own
private entries too (``include_private``). The partner's private entries are never in it:
the service cannot even decrypt them, and ``build_export`` checks anyway. Every format is
written from the ``ExportDocument`` alone, so what may leave the vault is decided here,
once, for all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

from rmpair.core.errors import RmpairError
from rmpair.core.views import ActionView, CheckinView, EntryView, GoalView, MeetingView, PairView

if TYPE_CHECKING:
    from rmpair.content import ContentPack
    from rmpair.core.pair_reader import PairReader


class ExportError(RmpairError):
    """An export could not be written; nothing was left behind."""


class ExportFileExists(ExportError):
    """The file to write already exists and replacing it was not asked for."""


class ExportFolderMissing(ExportError):
    """The folder the file should go in does not exist; we never create folders unasked."""


@dataclass(frozen=True)
class ExportDocument:
    """Everything one export holds, already filtered to what may leave the vault."""

    exported_at: datetime
    exported_by: str
    include_private: bool
    pair: PairView
    meetings: tuple[MeetingView, ...]
    entries: tuple[EntryView, ...]
    actions: tuple[ActionView, ...]
    goals: tuple[GoalView, ...]
    checkins: tuple[CheckinView, ...]
    statements: Mapping[str, str] = field(default_factory=dict)  # check-in statement id -> text

    def entries_for(self, meeting: int | None) -> tuple[EntryView, ...]:
        return tuple(e for e in self.entries if e.meeting == meeting)

    def statement_text(self, statement_id: str) -> str:
        return self.statements.get(statement_id, statement_id)


def build_export(
    service: PairReader,
    *,
    include_private: bool,
    content: ContentPack | None = None,
    exported_at: datetime | None = None,
) -> ExportDocument:
    """What an export by the unlocked person holds.

    Shared entries always; with ``include_private``, also this person's own private
    entries, never the partner's. Check-in ratings of people who share them; with
    ``include_private``, this person's own too. Goal evidence lists only entries in the
    export, so a shared export does not even betray that a private entry exists.
    """
    me = service.me.role
    visible = service.entries()
    if any(e.private and e.author != me for e in visible):
        # The service cannot decrypt the partner's private entries, so this means a bug;
        # stop loudly rather than quietly decide what is safe to write.
        raise ExportError(
            "Your partner's private entry was visible to this export, which must never happen; "
            "nothing was exported. Please report this."
        )
    entries = tuple(e for e in visible if not e.private or (include_private and e.author == me))
    exported_ids = {e.id for e in entries}

    people = [p for p in (service.me, service.partner) if p is not None]
    sharing = {p.role for p in people if p.share_checkins}
    checkins = tuple(
        c for c in service.checkins() if c.person in sharing or (include_private and c.person == me)
    )
    goals = tuple(
        replace(goal, evidence=tuple(i for i in goal.evidence if i in exported_ids)) for goal in service.goals()
    )
    if content is None:
        from rmpair.content import load_content

        content = load_content()
    return ExportDocument(
        exported_at=exported_at or datetime.now(timezone.utc),
        exported_by=me,
        include_private=include_private,
        pair=service.pair(),
        meetings=tuple(service.meetings()),
        entries=entries,
        actions=tuple(service.actions()),
        goals=goals,
        checkins=checkins,
        statements={s.id: s.text for s in content.checkin_statements},
    )


def iso(moment: datetime | date | None) -> str | None:
    """ISO 8601, as every format writes a moment; a time without a zone is UTC (the
    service stores UTC)."""
    if moment is None:
        return None
    if isinstance(moment, datetime) and moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.isoformat()
