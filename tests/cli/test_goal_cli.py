"""``rmpair goal``: set, score, reword, link evidence and remove goals from the command line."""

from __future__ import annotations

import re

from cli_testkit import MENTEE_PASS, MENTOR_PASS

GOAL_LINE = re.compile(r"^([0-9a-f]{8})  the (mentor|mentee)'s goal  evidence (\d+)  (.*)$")
SCORES_LINE = re.compile(r"^    (mentor|mentee): start (.+), midway (.+), end (.+)$")


def goal_rows(result) -> list[tuple[str, ...]]:
    """(id, owner, evidence, text) for each goal listed."""
    return [GOAL_LINE.match(line).groups() for line in result.ok().stdout.splitlines() if GOAL_LINE.match(line)]


def goal_scores(result) -> dict[str, tuple[str, str, str]]:
    """Each person's (start, midway, end) as listed, for the one goal listed."""
    return {m.group(1): m.groups()[1:] for line in result.ok().stdout.splitlines() if (m := SCORES_LINE.match(line))}


def test_a_goal_is_set_scored_and_listed(fast_pair, cli_main):
    vault = fast_pair.vault
    added = cli_main(vault, "goal", "add", "Sponsor two people", "--score", "2", stdin=[MENTEE_PASS]).ok()
    assert "Added goal" in added.stdout and added.stdout.rstrip().endswith("(the mentee's)")
    [(goal_id, owner, evidence, text)] = goal_rows(cli_main(vault, "goal", "list", stdin=[MENTEE_PASS]))
    assert (owner, evidence, text) == ("mentee", "0", "Sponsor two people")

    scored = cli_main(vault, "goal", "score", goal_id[:5], "3", "--at", "midway", stdin=[MENTOR_PASS]).ok()
    assert "meeting 4" in scored.stdout
    cli_main(vault, "goal", "edit", goal_id, "Sponsor two people this year", stdin=[MENTEE_PASS]).ok()
    listing = cli_main(vault, "goal", "list", stdin=[MENTEE_PASS])
    assert goal_rows(listing)[0][3] == "Sponsor two people this year"
    assert goal_scores(listing) == {
        "mentee": ("2", "not scored", "not scored"),
        "mentor": ("not scored", "hidden until you score it", "not scored"),
    }


def test_the_mentor_sets_a_goal_with_what_each_score_looks_like_and_each_scores_it_alone(fast_pair, cli_main):
    vault = fast_pair.vault
    cli_main(vault, "goal", "add", "Challenge a director in the meeting itself", "--for", "mentor",
             "--looks-like", "1=I stay quiet", "--looks-like", "5=I say it there and then", "--score", "1",
             stdin=[MENTOR_PASS]).ok()
    listing = cli_main(vault, "goal", "list", stdin=[MENTEE_PASS])
    [(goal_id, owner, _, _)] = goal_rows(listing)
    assert owner == "mentor" and "    looks like: 1 I stay quiet; 5 I say it there and then" in listing.stdout
    assert goal_scores(listing)["mentor"] == ("hidden until you score it", "not scored", "not scored")
    scored = cli_main(vault, "goal", "score", goal_id, "2", "--at", "start", stdin=[MENTEE_PASS]).ok()
    assert "The mentor's scores: start 1, midway not scored, end not scored." in scored.stdout
    levels = cli_main(vault, "goal", "levels", goal_id, "3=I say it afterwards", stdin=[MENTOR_PASS]).ok()
    assert "looks like: 3 I say it afterwards" in levels.stdout
    bad = cli_main(vault, "goal", "levels", goal_id, "6=never", stdin=[MENTOR_PASS])
    assert bad.code == 2 and "N=WORDS with N from 1 to 5" in bad.stderr


def test_evidence_is_linked_on_add_and_by_link_and_the_partner_sees_only_shared_evidence(fast_pair, cli_main):
    vault = fast_pair.vault
    cli_main(vault, "goal", "add", "Change how my meetings run", stdin=[MENTEE_PASS]).ok()
    [(goal_id, *_)] = goal_rows(cli_main(vault, "goal", "list", stdin=[MENTEE_PASS]))
    private = cli_main(vault, "add", "--kind", "reflection", "--goal", goal_id[:6], "I asked the quiet ones first",
                       stdin=[MENTEE_PASS]).ok()
    assert "private" in private.stdout
    shared = cli_main(vault, "add", "--kind", "note", "--shared", "Agenda sent a week ahead", stdin=[MENTEE_PASS]).ok()
    shared_id = shared.stdout.split()[2].rstrip(".")
    cli_main(vault, "goal", "link", shared_id, goal_id, stdin=[MENTEE_PASS]).ok()

    assert goal_rows(cli_main(vault, "goal", "list", stdin=[MENTEE_PASS]))[0][2] == "2"
    assert goal_rows(cli_main(vault, "goal", "list", stdin=[MENTOR_PASS]))[0][2] == "1"
    shown = cli_main(vault, "show", shared_id, stdin=[MENTOR_PASS]).ok()
    assert f"evidence for goal {goal_id}: Change how my meetings run" in shown.stdout

    cli_main(vault, "goal", "unlink", shared_id, stdin=[MENTEE_PASS]).ok()
    assert goal_rows(cli_main(vault, "goal", "list", stdin=[MENTOR_PASS]))[0][2] == "0"
    removed = cli_main(vault, "goal", "remove", goal_id, stdin=[MENTEE_PASS]).ok()
    assert "kept" in removed.stdout
    listing = cli_main(vault, "goal", "list", stdin=[MENTEE_PASS]).ok()
    assert "No goals yet" in listing.stdout
    private_id = private.stdout.split()[2]
    assert "I asked the quiet ones first" in cli_main(vault, "show", private_id, stdin=[MENTEE_PASS]).ok().stdout


def test_bad_goal_commands_say_what_is_wrong_in_one_line(fast_pair, cli_main):
    vault = fast_pair.vault
    cli_main(vault, "goal", "add", "Listen first", stdin=[MENTEE_PASS]).ok()
    assert "no goal with the id" in cli_main(vault, "goal", "score", "ffff0000", "3", "--at", "end",
                                             stdin=[MENTEE_PASS]).problem_line()
    assert "no goal" in cli_main(vault, "add", "--kind", "note", "--goal", "abcd1234", "text",
                                 stdin=[MENTEE_PASS]).problem_line()
    assert "needs some text" in cli_main(vault, "goal", "add", "   ", stdin=[MENTEE_PASS]).problem_line()
    wrong_score = cli_main(vault, "goal", "add", "Another", "--score", "9", stdin=[MENTEE_PASS])
    assert wrong_score.code == 2 and "1 to 5" in wrong_score.stderr and "Traceback" not in wrong_score.output
    [row] = goal_rows(cli_main(vault, "goal", "list", stdin=[MENTEE_PASS]))
    assert row[-1] == "Listen first"
