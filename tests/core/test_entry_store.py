"""Unlocking reads entries and meetings with sqlite3 alone: what comes back must be exactly
what the service wrote through the ORM, and the meetings' cache must follow every change."""

from __future__ import annotations

from datetime import date, timezone
from pathlib import Path

import pytest

from rmpair.core.crypto import KdfParams
from rmpair.core.entry_reader import EntryReader
from rmpair.core.errors import UsageError
from rmpair.core.service import PairService

FAST_KDF = KdfParams(memory_kib=1024, iterations=1)
PASSPHRASE = "correct horse battery"


@pytest.fixture
def service(tmp_path: Path):
    created, _code = PairService.create(
        tmp_path / "v.rmpair", role="mentor", name="Ada", passphrase=PASSPHRASE,
        programme_start=date(2026, 1, 5), kdf=FAST_KDF, agendas={1: [("Introductions", 10)]},
    )
    yield created
    created.close()


def _reopen(service: PairService, cls=PairService):
    path = service.path
    service.close()
    return cls.unlock(path, PASSPHRASE)


def test_entries_read_back_with_sqlite3_equal_what_was_written(service: PairService) -> None:
    goal = service.add_goal("Speak up in the board meeting")
    written = [
        service.add_entry(kind="note", title="shared", body="both of us", private=False, meeting=2,
                          race_tags=["resistance", "solidarity"], goal_id=goal.id),
        service.add_entry(kind="talking-point", title="mine", body="only me", meeting=1, on_agenda=True,
                          template_id="tp-1"),
        service.add_entry(kind="observation", body="untitled, no meeting", private=False),
    ]
    reopened = _reopen(service)
    try:
        assert reopened.entries() == sorted(written, key=lambda e: (e.created_at, e.id))
        for entry in reopened.entries():
            assert entry.created_at.tzinfo == timezone.utc and entry.updated_at.tzinfo == timezone.utc
    finally:
        reopened.close()


def test_a_reader_sees_what_the_service_sees(service: PairService) -> None:
    service.add_entry(kind="note", title="quokka shared", body="x", private=False)
    service.add_entry(kind="reflection", title="quokka private", body="y")
    expected = service.search("quokka")
    reader = _reopen(service, EntryReader)
    try:
        assert reader.search("Quokka") == expected
        assert reader.entry(expected[0].id[:6]) == expected[0]
        with pytest.raises(UsageError):
            reader.search("   ")
    finally:
        reader.close()


def test_meetings_follow_every_change(service: PairService) -> None:
    first = service.meetings()
    assert [m.number for m in first] == [1, 2, 3, 4, 5, 6]
    assert [item.text for item in first[0].agenda] == ["Introductions"]
    first.clear()  # a caller's list is its own
    assert len(service.meetings()) == 6
    service.mark_held(1, date(2026, 1, 6))
    assert service.meetings()[0].held and service.meetings()[0].held_date == date(2026, 1, 6)
    assert service.next_meeting().number == 2
    item = service.add_agenda_item(2, "Read the report", 15)
    assert service.meeting(2).agenda == (item,)
    service.set_agenda_item_done(item.id)
    assert service.meeting(2).agenda[0].done is True
    service.set_meeting_date(3, date(2026, 3, 30))
    assert service.meeting(3).planned_date == date(2026, 3, 30)


def test_revision_moves_with_changes_only(service: PairService) -> None:
    before = service.revision
    service.entries(), service.meetings(), service.to_do()
    assert service.revision == before
    service.add_action("Read the report", due_meeting=1)
    assert service.revision > before


def test_to_do_names_missing_reflections_and_talking_points(service: PairService) -> None:
    assert "No talking points for meeting 1 yet." in service.to_do()
    service.add_entry(kind="talking-point", body="a point", meeting=1)
    service.mark_held(1)
    hints = service.to_do()
    assert "No talking points for meeting 1 yet." not in hints
    assert "No reflection from you for meeting 1 yet." in hints
    assert "No talking points for meeting 2 yet." in hints
    service.add_entry(kind="reflection", body="went well", meeting=1)
    assert "No reflection from you for meeting 1 yet." not in service.to_do()
