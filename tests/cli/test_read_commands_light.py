"""Commands that only read (search, list, show, export, summary) open the vault without the
service's ORM: importing SQLModel and SQLAlchemy took such a command about as long as the key
derivation. What each person may see stays the service's rule on this path too."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from cli_testkit import MENTEE_PASS, MENTOR_PASS, SUBPROCESS_TIMEOUT

_RUN_AND_REPORT = """
import sys
from rmpair.cli import main
code = main(sys.argv[1:])
heavy = sorted(name for name in ("sqlmodel", "sqlalchemy", "pydantic") if name in sys.modules)
print("heavy modules:", ",".join(heavy) or "none")
sys.exit(code)
"""


def _run(vault, *args: str, passphrase: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _RUN_AND_REPORT, "--vault", str(vault), *args],
        input=passphrase + "\n", capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT,
    )


@pytest.mark.parametrize(
    ("args", "passphrase", "expected", "hidden"),
    [
        (("search", "fast"), MENTOR_PASS, ("fast private point", "fast shared note", "fast shared reflection"), ()),
        (("search", "fast"), MENTEE_PASS, ("fast shared note", "fast shared reflection"), ("fast private point",)),
        (("list",), MENTOR_PASS, ("fast private point", "fast shared note", "fast shared reflection"), ()),
        (("list", "--kind", "note"), MENTEE_PASS, ("fast shared note",), ("fast shared reflection", "fast private point")),
    ],
)
def test_reading_entries_needs_no_orm(fast_pair, args, passphrase, expected, hidden) -> None:
    result = _run(fast_pair.vault, *args, passphrase=passphrase)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for title in expected:
        assert title in result.stdout
    for title in hidden:
        assert title not in result.stdout
    assert "heavy modules: none" in result.stdout


def test_a_wrong_passphrase_is_one_line_on_the_light_path_too(fast_pair) -> None:
    result = _run(fast_pair.vault, "search", "fast", passphrase="not the passphrase at all")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("rmpair: ") and "passphrase" in lines[0]



@pytest.fixture
def recorded_pair(fast_pair):
    """The fast pair with a goal, an action and check-ins: the mentor's private entry and a
    shared note are the goal's evidence, and the mentee keeps their ratings to themselves."""
    from rmpair.core.service import PairService

    mentor = PairService.unlock(fast_pair.vault, MENTOR_PASS)
    try:
        goal = mentor.add_goal("fast goalword", baseline_score=2)
        for entry in mentor.entries():
            if entry.title in ("fast private point", "fast shared note"):
                mentor.update_entry(entry.id, goal_id=goal.id)
        mentor.add_action("fast actionword", due_meeting=1)
        mentor.record_checkin(1, {"safe-to-be-honest": 4})
        mentor.set_share_checkins(True)
        private_id = next(e.id for e in mentor.entries() if e.title == "fast private point")
    finally:
        mentor.close()
    mentee = PairService.unlock(fast_pair.vault, MENTEE_PASS)
    try:
        mentee.set_share_checkins(False)
        mentee.record_checkin(1, {"safe-to-be-honest": 1})
    finally:
        mentee.close()
    return fast_pair.vault, private_id


def _light_result(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "heavy modules: none" in result.stdout
    return result.stdout


@pytest.mark.parametrize("passphrase", [MENTOR_PASS, MENTEE_PASS])
def test_export_needs_no_orm_and_keeps_what_each_person_may_see(recorded_pair, tmp_path, passphrase) -> None:
    vault, _ = recorded_pair
    out = tmp_path / "export.json"
    _light_result(_run(vault, "export", "--out", str(out), "--include-private", passphrase=passphrase))
    data = json.loads(out.read_text(encoding="utf-8"))
    titles = {e["title"] for e in data["entries"]}
    ids = {e["id"] for e in data["entries"]}
    assert [a["text"] for a in data["actions"]] == ["fast actionword"]
    [goal] = data["goals"]
    # The mentor gave their own start score; the mentee sees it once they have given theirs.
    assert goal["text"] == "fast goalword" and goal["baseline_score"] is None
    if passphrase == MENTOR_PASS:
        assert goal["partner_scores"] == {"start": 2}
    else:
        assert goal["partner_scores"] == {} and goal["scores_hidden"] == [["mentor", "start"]]
    assert set(goal["evidence"]) <= ids and len(goal["evidence"]) == len(
        {"fast private point", "fast shared note"} & titles
    )
    ratings = {(c["person"], c["rating"]) for c in data["checkins"]}
    if passphrase == MENTOR_PASS:
        assert "fast private point" in titles and data["exported_by"] == "mentor"
        assert ratings == {("mentor", 4)}  # the mentee does not share theirs
    else:
        assert "fast private point" not in titles and data["exported_by"] == "mentee"
        assert ratings == {("mentor", 4), ("mentee", 1)}  # their own, asked for with --include-private


def test_a_shared_export_leaves_out_private_entries_and_unshared_ratings(recorded_pair, tmp_path) -> None:
    vault, _ = recorded_pair
    out = tmp_path / "export.json"
    _light_result(_run(vault, "export", "--out", str(out), passphrase=MENTEE_PASS))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert all(not e["private"] for e in data["entries"])
    assert {(c["person"], c["rating"]) for c in data["checkins"]} == {("mentor", 4)}
    assert len(data["goals"][0]["evidence"]) == 1  # the shared note; the private point stays unknown


def test_summary_needs_no_orm(recorded_pair, tmp_path) -> None:
    vault, _ = recorded_pair
    out = tmp_path / "summary.md"
    stdout = _light_result(
        _run(vault, "summary", "--out", str(out), "--include-ratings", "--yes", passphrase=MENTOR_PASS)
    )
    written = out.read_text(encoding="utf-8")
    assert written in stdout
    assert "The mentee does not share check-in ratings" in written
    assert "| mentor | 1 | 0 | 0 |" in written  # the mentor's one open action
    assert "goalword" not in written and "actionword" not in written


def test_show_needs_no_orm_and_names_the_goal(recorded_pair) -> None:
    vault, private_id = recorded_pair
    stdout = _light_result(_run(vault, "show", private_id[:8], passphrase=MENTOR_PASS))
    assert "fast private point" in stdout and "evidence for goal" in stdout and "fast goalword" in stdout
    hidden = _run(vault, "show", private_id[:8], passphrase=MENTEE_PASS)
    assert hidden.returncode == 1 and "fast private point" not in hidden.stdout + hidden.stderr
