"""Changes a failed save left in memory: found row by row, sealed for their author alone,
put back after the next unlock, and never mixed up with what was saved."""

from __future__ import annotations

import errno
import os

import pytest

from rmpair.core import held_changes
from rmpair.core.errors import UsageError, VaultWriteFailed
from tests.conftest import MENTEE_PASS, MENTOR_PASS

SECRET = "What the director said after the panel"


def test_nothing_is_held_when_everything_saved(pair):
    mentor = pair(MENTOR_PASS)
    mentor.add_entry(kind="note", body="saved at once")
    assert mentor.unsaved_changes() is None
    assert mentor.hold_unsaved() is None


def test_every_kind_of_change_a_failed_save_kept_is_held_and_put_back(pair, full_disk):
    mentor = pair(MENTOR_PASS)
    kept = mentor.add_entry(kind="note", title="Saved before the disk filled", body="x", private=False)
    doomed = mentor.add_entry(kind="note", title="Deleted while the disk was full", body="y", private=False)
    goal = mentor.add_goal("Say it in the meeting itself", owner="mentor")
    disk = full_disk()
    with pytest.raises(VaultWriteFailed):
        mentor.add_entry(kind="reflection", title=SECRET, body="It was said twice.", meeting=1)
    for change in (
        lambda: mentor.update_entry(kept.id, title="A title changed while full"),
        lambda: mentor.record_checkin(1, {"heard": 4}),  # kept private: sealed rows only
        lambda: mentor.score_goal(goal.id, 3, point="start"),
        lambda: mentor.add_action("Ask who was not invited", due_meeting=2),
        lambda: mentor.delete_entry(doomed.id),
        lambda: mentor.set_name("Ada L."),
    ):
        with pytest.raises(VaultWriteFailed):
            change()
    assert mentor.unsaved

    lines = mentor.describe_changes(mentor.unsaved_changes())
    assert f"Reflection: {SECRET}" in lines
    assert "Note: A title changed while full" in lines
    assert "Check-in ratings for meeting 1" in lines
    assert "Your goal scores (start)" in lines
    assert "Action: Ask who was not invited" in lines
    assert "1 thing deleted" in lines
    assert "A name or the choice to share check-ins" in lines

    held = mentor.hold_unsaved()
    assert SECRET.encode() not in held.sealed
    disk.clear()
    mentor = pair(MENTOR_PASS)  # closes the first session: the changes are gone from the vault
    assert SECRET not in [e.title for e in mentor.entries()]

    mentor.put_back(held)
    assert not mentor.unsaved
    mentor = pair(MENTOR_PASS)  # from disk
    titles = {e.title for e in mentor.entries()}
    assert SECRET in titles and "A title changed while full" in titles
    assert "Deleted while the disk was full" not in titles
    assert [(c.statement_id, c.rating) for c in mentor.checkins(1) if c.person == "mentor"] == [("heard", 4)]
    assert "Ask who was not invited" in [a.text for a in mentor.actions()]
    assert [g.baseline_score for g in mentor.goals() if g.id == goal.id] == [3]
    assert mentor.me.name == "Ada L."


def test_the_partner_cannot_open_or_discard_what_was_held(pair, full_disk):
    mentor = pair(MENTOR_PASS)
    full_disk()
    with pytest.raises(VaultWriteFailed):
        mentor.add_entry(kind="note", title=SECRET, body="shared, even", private=False)
    held = mentor.hold_unsaved()
    mentee = pair(MENTEE_PASS)
    assert mentee.open_held(held) is None
    with pytest.raises(UsageError):
        mentee.put_back(held)
    with pytest.raises(UsageError):
        mentee.discard_held(held)
    assert pair(MENTOR_PASS).open_held(held) is not None


def test_a_save_that_works_again_clears_what_was_pending(pair, full_disk):
    mentor = pair(MENTOR_PASS)
    disk = full_disk()
    with pytest.raises(VaultWriteFailed):
        mentor.add_entry(kind="note", body="retried")
    assert mentor.unsaved_changes() is not None
    disk.clear()
    mentor.retry_save()
    assert mentor.unsaved_changes() is None


def test_a_row_made_and_removed_while_unsaved_is_no_change(pair, full_disk):
    mentor = pair(MENTOR_PASS)
    full_disk()
    with pytest.raises(VaultWriteFailed):
        entry = mentor.add_entry(kind="note", body="a slip")
    entry = mentor.entries()[0]
    with pytest.raises(VaultWriteFailed):
        mentor.delete_entry(entry.id)
    changes = mentor.unsaved_changes()
    assert "entry" not in changes.removed  # only its tombstone remains to be saved
    assert not any("deleted" in line for line in mentor.describe_changes(changes))


def test_adding_the_partner_is_undone_when_it_cannot_be_saved(vault_path, fast_kdf, full_disk):
    from rmpair.core.service import PairService

    mentor, _ = PairService.create(vault_path, role="mentor", name="Ada", passphrase=MENTOR_PASS, kdf=fast_kdf)
    try:
        full_disk()
        with pytest.raises(VaultWriteFailed, match="Your partner was not added.*no space left on device"):
            mentor.join(role="mentee", name="Bo", passphrase=MENTEE_PASS, kdf=fast_kdf)
        # A person row without key slots would be a partner who could never unlock.
        assert mentor.partner is None
        assert mentor.hold_unsaved() is None
        assert mentor._vault.person_count() == 1
        assert not mentor.unsaved
    finally:
        mentor.close()


def test_held_files_are_sealed_found_and_removed_once_saved(pair, full_disk, vault_path):
    mentor = pair(MENTOR_PASS)
    disk = full_disk()
    with pytest.raises(VaultWriteFailed):
        mentor.add_entry(kind="talking-point", title=SECRET, body="kept for later")
    written = held_changes.write_held_file(vault_path, mentor.hold_unsaved())
    assert written.parent == vault_path.parent
    assert oct(written.stat().st_mode & 0o777) == "0o600"
    assert SECRET.encode() not in written.read_bytes()

    mentee = pair(MENTEE_PASS)
    [found] = mentee.held_files()
    assert mentee.open_held(found) is None

    mentor = pair(MENTOR_PASS)
    [found] = mentor.held_files()
    with pytest.raises(VaultWriteFailed):  # still full: the file must stay
        mentor.put_back(found)
    assert written.exists()
    disk.clear()
    mentor.retry_save()
    assert not written.exists()
    assert SECRET in [e.title for e in pair(MENTOR_PASS).entries()]


def test_held_files_go_to_the_data_folder_when_the_vault_folder_refuses(pair, full_disk, vault_path, monkeypatch, tmp_path):
    data = tmp_path / "data"
    monkeypatch.setattr(held_changes, "held_changes_dir", lambda: data)
    mentor = pair(MENTOR_PASS)
    full_disk()
    with pytest.raises(VaultWriteFailed):
        mentor.add_entry(kind="note", body="the folder is read-only")
    real_open = os.open

    def refuse_beside_vault(path, flags, mode=0o777):
        if str(path).startswith(str(vault_path.parent / f".{vault_path.name}")):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", refuse_beside_vault)
    written = held_changes.write_held_file(vault_path, mentor.hold_unsaved())
    assert written.parent == data
    [found] = mentor.held_files()
    assert mentor.open_held(found) is not None


def test_rows_of_tables_keyed_by_several_columns_are_held_and_put_back(pair):
    """The exchange's tables (a conflict's versions, sealed copies) have composite keys:
    their rows are carried past a lock like any other, written and removed alike."""
    mentor = pair(MENTOR_PASS)
    connection = mentor._db.connection
    conflict = ("entry", "e1", "body", "their words", "r1", 3)
    with connection:
        connection.execute("INSERT INTO conflict VALUES (?, ?, ?, ?, ?, ?)", ("entry", "e2", "title", "old", "r1", 1))
    held_changes.saved(connection)  # as if that one had been saved
    with connection:
        connection.execute("INSERT INTO conflict VALUES (?, ?, ?, ?, ?, ?)", conflict)
        connection.execute("INSERT INTO sealed_copy VALUES (?, ?, ?)", ("e1", b"sealed bytes", '{"r1": 3}'))
        connection.execute("DELETE FROM conflict WHERE record_key = 'e2'")
    changes = held_changes.pending_changes(connection)
    assert [tuple(row.values()) for row in changes.rows["conflict"]] == [conflict]
    assert [row["sync"] for row in changes.rows["sealed_copy"]] == ['{"r1": 3}']
    assert len(changes.removed["conflict"]) == 1

    other = pair(MENTOR_PASS)._db.connection  # a fresh session from disk: none of it is there
    with other:
        other.execute("INSERT INTO conflict VALUES (?, ?, ?, ?, ?, ?)", ("entry", "e2", "title", "old", "r1", 1))
    held_changes.apply_changes(other, held_changes.PendingChanges.from_bytes(changes.to_bytes()))
    assert other.execute("SELECT * FROM conflict").fetchall() == [conflict]
    assert other.execute("SELECT id, sealed FROM sealed_copy").fetchall() == [("e1", b"sealed bytes")]


def test_a_held_private_entry_that_is_not_one_rmpair_wrote_is_described_not_raised():
    from rmpair.core import crypto
    from rmpair.core.private_seal import entry_aad

    key = crypto.random_key()
    changes = held_changes.PendingChanges(
        rows={"sealed_entry": [{"id": "e1", "sealed": crypto.seal(key, b"\xffnot a payload", entry_aad("e1"))}]},
        removed={},
    )
    assert held_changes.describe(changes, key) == ["A private entry"]
