from __future__ import annotations

from datetime import date

import pytest

from rmpair.core.errors import UsageError, VaultWriteFailed
from rmpair.core.service import PairService
from tests.conftest import MENTEE_PASS, MENTOR_PASS

def test_meetings_are_planned_at_the_cadence_with_agendas(pair):
    service = pair(MENTOR_PASS)
    meetings = service.meetings()
    assert [m.number for m in meetings] == [1, 2, 3, 4, 5, 6]
    assert meetings[1].planned_date == date(2026, 2, 2)
    assert [item.text for item in meetings[0].agenda] == ["Ground rules", "Goals"]
    assert service.next_meeting().number == 1


def test_the_passphrase_alone_says_who_is_unlocking(pair):
    assert pair(MENTOR_PASS).me.name == "Ada"
    mentee = pair(MENTEE_PASS)
    assert (mentee.me.role, mentee.partner.name) == ("mentee", "Ada")


def test_private_entries_are_the_authors_alone(pair):
    mentor = pair(MENTOR_PASS)
    secret = mentor.add_entry(kind="talking-point", title="Kestrel", body="only for me")
    shared = mentor.add_entry(kind="note", body="for both of us")
    assert secret.private and not shared.private
    mentee = pair(MENTEE_PASS)
    assert [e.id for e in mentee.entries()] == [shared.id]
    assert mentee.entries(text="Kestrel") == []
    with pytest.raises(UsageError, match="No entry you can see"):
        mentee.entry(secret.id)
    mentor = pair(MENTOR_PASS)
    assert {e.id for e in mentor.entries()} == {secret.id, shared.id}


def test_sharing_moves_an_entry_out_of_the_sealed_table(pair):
    mentor = pair(MENTOR_PASS)
    draft = mentor.add_entry(kind="reflection", body="draft", meeting=2, race_tags=["compassion"])
    mentor.share_entry(draft.id)
    mentee = pair(MENTEE_PASS)
    seen = mentee.entry(draft.id)
    assert not seen.private and seen.race_tags == ("compassion",) and seen.meeting == 2
    with pytest.raises(UsageError, match="author"):
        mentee.update_entry(draft.id, private=True)


def test_moving_a_talking_point_to_the_agenda_shares_it(pair):
    mentor = pair(MENTOR_PASS)
    point = mentor.add_entry(kind="talking-point", title="Who speaks first", body="...", meeting=1)
    mentor.move_to_agenda(point.id)
    assert "Who speaks first" in [item.text for item in mentor.meeting(1).agenda]
    assert not pair(MENTEE_PASS).entry(point.id).private


def test_review_mode_hides_private_entries_and_refuses_private_writes(pair):
    mentor = pair(MENTOR_PASS)
    mentor.add_entry(kind="talking-point", title="private one", body="x")
    mentor.add_entry(kind="note", title="shared one", body="y")
    mentor.review_mode = True
    assert [e.title for e in mentor.entries()] == ["shared one"]
    assert mentor.entries(text="private") == []
    with pytest.raises(UsageError):
        mentor.add_entry(kind="talking-point", body="new private")


def test_search_is_case_insensitive_and_needs_text(pair):
    mentor = pair(MENTOR_PASS)
    mentor.add_entry(kind="note", title="Meeting Airtime", body="who spoke")
    assert len(mentor.search("airTIME")) == 1
    with pytest.raises(UsageError):
        mentor.search("   ")


def test_entry_ids_resolve_by_prefix(pair):
    mentor = pair(MENTOR_PASS)
    entry = mentor.add_entry(kind="note", body="x")
    assert mentor.entry(entry.id[:8]).id == entry.id
    with pytest.raises(UsageError, match="at least"):
        mentor.entry(entry.id[:2])


def test_bad_input_gets_plain_messages(pair):
    mentor = pair(MENTOR_PASS)
    with pytest.raises(UsageError, match="numbered 1 to 6"):
        mentor.add_entry(kind="note", body="x", meeting=7)
    with pytest.raises(UsageError, match="not a RACE category"):
        mentor.add_entry(kind="note", body="x", race_tags=["bravery"])
    with pytest.raises(UsageError, match="not a kind"):
        mentor.add_entry(kind="diary", body="x")
    with pytest.raises(UsageError, match="1 to 5"):
        mentor.record_checkin(1, {"safe": 9})


def test_actions_done_and_carried_forward(pair):
    mentee = pair(MENTEE_PASS)
    action = mentee.add_action("Sponsor someone for the leadership course", due_meeting=2)
    assert action.owner == "mentee"
    mentee.carry_forward(action.id, 3)
    mentee.set_action_done(action.short_id)
    reloaded = pair(MENTOR_PASS).actions()[0]
    assert (reloaded.done, reloaded.due_meeting, reloaded.carried_from) == (True, 3, 2)


def test_checkins_respect_the_persons_choice_to_share(pair):
    mentee = pair(MENTEE_PASS)
    mentee.record_checkin(1, {"safe": 4, "learned": 5})
    mentee.set_share_checkins(False)
    assert len(mentee.checkins()) == 2
    mentor = pair(MENTOR_PASS)
    assert mentor.checkins() == []
    mentor.record_checkin(1, {"safe": 3})
    mentor.set_share_checkins(True)
    mentor.review_mode = True
    assert [c.person for c in mentor.checkins()] == ["mentor"]


def test_goals_collect_their_evidence(pair):
    mentee = pair(MENTEE_PASS)
    goal = mentee.add_goal("Run meetings where everyone speaks", baseline_score=2)
    reflection = mentee.add_entry(kind="reflection", body="I asked the quietest first", goal_id=goal.id)
    mentee.score_goal(goal.id, 4)
    [seen] = pair(MENTEE_PASS).goals()
    assert (seen.baseline_score, seen.final_score, seen.evidence) == (2, 4, (reflection.id,))


def test_to_do_names_missing_reflections(pair):
    mentee = pair(MENTEE_PASS)
    mentee.mark_held(1, date(2026, 1, 5))
    assert "No reflection from you for meeting 1 yet." in mentee.to_do()
    mentee.add_entry(kind="reflection", body="done", meeting=1)
    assert "No reflection from you for meeting 1 yet." not in mentee.to_do()


def test_a_failed_save_keeps_the_change_and_retry_saves_it(pair, vault_path, monkeypatch):
    mentor = pair(MENTOR_PASS)
    from rmpair.core import vault_write

    def fail(path, data, **kwargs):
        raise VaultWriteFailed("The disk is full")

    real = vault_write.write_generation
    monkeypatch.setattr(vault_write, "write_generation", fail)
    with pytest.raises(VaultWriteFailed):
        mentor.add_entry(kind="note", title="kept in memory", body="x")
    assert mentor.unsaved
    assert [e.title for e in mentor.entries()] == ["kept in memory"]
    monkeypatch.setattr(vault_write, "write_generation", real)
    mentor.retry_save()
    assert not mentor.unsaved
    assert [e.title for e in pair(MENTOR_PASS).entries()] == ["kept in memory"]


def test_a_pair_is_two(pair, fast_kdf):
    mentor = pair(MENTOR_PASS)
    with pytest.raises(UsageError, match="both people"):
        mentor.join(role="mentee", name="Cy", passphrase="third person pass", kdf=fast_kdf)


def test_short_passphrases_are_refused(vault_path, fast_kdf):
    with pytest.raises(UsageError, match="at least 8"):
        PairService.create(vault_path, role="mentor", name="Ada", passphrase="short", kdf=fast_kdf, agendas={})
    assert not vault_path.exists()


def test_deleted_entries_leave_a_tombstone_and_vanish(pair):
    mentor = pair(MENTOR_PASS)
    entry = mentor.add_entry(kind="note", body="to go")
    mentor.delete_entry(entry.id)
    assert pair(MENTOR_PASS).entries() == []


def test_a_failed_save_of_a_new_entry_names_the_entry(pair, monkeypatch):
    mentor = pair(MENTOR_PASS)
    from rmpair.core import vault_write

    def fail(path, data, **kwargs):
        raise VaultWriteFailed("The disk is full")

    monkeypatch.setattr(vault_write, "write_generation", fail)
    with pytest.raises(VaultWriteFailed) as caught:
        mentor.add_entry(kind="note", title="named", body="x")
    assert caught.value.entry.id == mentor.entries()[0].id


@pytest.mark.parametrize("name", ["[b]Sam[/b]", "Sam\x1b[2J", "Sam\u202eevil", "Sam\x9b"])
def test_a_name_that_could_be_read_as_formatting_or_controls_is_refused(tmp_path, fast_kdf, name):
    with pytest.raises(UsageError, match="plain text"):
        PairService.create(tmp_path / "v.rmpair", role="mentor", name=name, passphrase=MENTOR_PASS, kdf=fast_kdf)
    assert not (tmp_path / "v.rmpair").exists()


def test_names_in_any_script_are_welcome(tmp_path, fast_kdf):
    name = "Zoë O'Neil-Nguyễn अनु\u200dज"  # apostrophe, hyphen, diacritics, a joiner inside a word
    service, _ = PairService.create(tmp_path / "v.rmpair", role="mentor", name=name, passphrase=MENTOR_PASS, kdf=fast_kdf)
    assert service.me.name == name
    service.close()
