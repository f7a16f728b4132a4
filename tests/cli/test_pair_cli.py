"""A pair scripted through the real ``rmpair`` command: what each person can see, what is
on disk, what a wrong passphrase does, and changing or recovering a passphrase."""

from __future__ import annotations

import secrets

from cli_testkit import MENTEE_PASS, MENTOR_PASS, folder_snapshot, fragment, not_owner_only


def test_the_scripted_pair_was_made_by_the_real_command(pair_template):
    steps = pair_template.steps
    assert "for Ada (mentor)" in steps["init"].stdout
    assert "Bo joined as the mentee." in steps["join"].stdout
    assert f"Added talking point {pair_template.mentor_id} (private)." in steps["mentor_add"].stdout
    assert f"Added reflection {pair_template.mentee_id} (shared)." in steps["mentee_add"].stdout
    assert pair_template.mentor_code != pair_template.mentee_code


def test_no_file_beside_the_vault_holds_any_words_of_either_entry(pair_template):
    files = [p for p in pair_template.vault.parent.iterdir() if p.is_file()]
    # The vault, three backups and the lock: the words had four saves to leak into.
    assert {p.name for p in files} >= {
        "pair.rmpair", "pair.rmpair.backup-1", "pair.rmpair.backup-2", "pair.rmpair.backup-3",
    }
    for path in files:
        data = path.read_bytes()
        readable = [word for word in pair_template.words if word.encode("utf-8") in data]
        assert readable == [], f"readable in {path.name}"


def test_every_file_beside_the_vault_is_for_its_owner_only(pair_template):
    assert not_owner_only(pair_template.vault.parent) == {}


def test_the_mentee_never_sees_the_mentors_private_entry(pair_template, pair_vault, run_rmpair):
    t = pair_template
    secrets_of_mentor = (t.mentor_title, t.mentor_body_word, t.mentor_id)

    made_up = secrets.token_hex(4)
    listing, *searches, shown, absent = run_rmpair.each(
        pair_vault,
        [
            (["list"], [MENTEE_PASS]),
            (["search", fragment(t.mentor_title)], [MENTEE_PASS]),
            (["search", fragment(t.mentor_body_word)], [MENTEE_PASS]),
            (["show", t.mentor_id], [MENTEE_PASS]),
            (["show", made_up], [MENTEE_PASS]),
        ],
    )
    assert listing.ok().ids() == [t.mentee_id]  # the mentee's own shared reflection, nothing else
    for found in searches:
        found.ok()
        assert "Nothing you can see contains" in found.stdout
        assert found.ids() == []
    for result in (listing, *searches):
        leaked = [secret for secret in secrets_of_mentor if secret in result.output]
        assert leaked == [], result.output

    message = shown.problem_line()
    assert shown.stdout == ""
    assert t.mentor_title not in message and t.mentor_body_word not in message
    # The refusal must not tell an existing private id from one that never existed.
    assert message.replace(t.mentor_id, "<id>") == absent.problem_line().replace(made_up, "<id>")


def test_the_mentor_sees_their_private_entry_and_the_mentees_shared_one(
    pair_template, pair_vault, run_rmpair
):
    t = pair_template
    listing, found, shown = (
        result.ok()
        for result in run_rmpair.each(
            pair_vault,
            [
                (["list"], [MENTOR_PASS]),
                (["search", fragment(t.mentor_body_word)], [MENTOR_PASS]),
                (["show", t.mentor_id], [MENTOR_PASS]),
            ],
        )
    )
    # Their own private talking point, and the mentee's shared reflection.
    assert sorted(listing.ids()) == sorted([t.mentor_id, t.mentee_id])
    assert f"{t.mentor_id}  talking point  meeting 1  private  by mentor" in listing.stdout
    assert found.ids() == [t.mentor_id]
    assert shown.stdout.splitlines()[0] == t.mentor_title
    assert t.mentor_body_word in shown.stdout


def test_a_wrong_passphrase_is_one_line_and_changes_nothing(pair_vault, run_rmpair):
    before = folder_snapshot(pair_vault.parent)
    for command in (["list"], ["add", "--kind", "note", "--title", "never saved", "text"]):
        result = run_rmpair(pair_vault, *command, stdin=["not the passphrase at all"])
        message = result.problem_line()
        assert "passphrase does not open this vault" in message
        assert result.stdout == ""
        assert folder_snapshot(pair_vault.parent) == before


def test_passwd_and_recover_change_only_that_persons_way_in(pair_template, pair_vault, run_rmpair):
    t = pair_template
    changed, recovered = "a changed mentor passphrase", "a recovered mentor passphrase"

    run_rmpair(pair_vault, "passwd", stdin=[MENTOR_PASS, changed, changed]).ok()
    assert "passphrase does not open" in run_rmpair(pair_vault, "list", stdin=[MENTOR_PASS]).problem_line()
    assert t.mentor_id in run_rmpair(pair_vault, "list", stdin=[changed]).ok().ids()

    # Typed back the way a person reads it off paper: lower case, spaces for dashes.
    typed_code = t.mentor_code.lower().replace("-", " ")
    run_rmpair(pair_vault, "recover", stdin=[typed_code, recovered, recovered]).ok()
    assert "passphrase does not open" in run_rmpair(pair_vault, "list", stdin=[changed]).problem_line()
    after_recovery = run_rmpair(pair_vault, "show", t.mentor_id, stdin=[recovered]).ok()
    assert t.mentor_body_word in after_recovery.stdout  # the private entry survived both

    mentee = run_rmpair(pair_vault, "list", stdin=[MENTEE_PASS]).ok()
    assert mentee.ids() == [t.mentee_id]
