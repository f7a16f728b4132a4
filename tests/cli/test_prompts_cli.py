"""``rmpair prompts list`` and ``rmpair prompts check``, through the real entry point."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from rmpair.core import paths
from rmpair.cli import main
from rmpair.content import load_content

REPO_ROOT = Path(__file__).resolve().parents[2]
SHIPPED = REPO_ROOT / "prompts"

OVERRIDE_PACK = """
[[category]]
id = "action"
name = "Action"
order = 5
mentor_description = "Hold your mentee to what they promised."
mentee_description = "Report back on what you did."

[[prompt]]
id = "action.what-changed"
category = "action"
role = "mentee"
meetings = [5, 6]
title = "What changed since we met"
text = "Name one thing you did since we last met."

[[prompt]]
id = "resistance.the-joke"
category = "resistance"
role = "mentor"
meetings = [2, 3]
title = "Our programme's wording"
text = "Replaced by the programme."
"""

BROKEN_PROMPT = """
[[prompt]]
id = "pack.broken"
category = "resistance"
role = "mentor"
meetings = [9]
title = "Meeting nine"
text = "x"
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def make_pack(folder: Path, body: str, name: str = "pack.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return path


def listed_ids(out: str) -> list[str]:
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def row_for(out: str, prompt_id: str) -> str:
    rows = [line for line in out.splitlines() if line.split() and line.split()[0] == prompt_id]
    assert len(rows) == 1, out
    return rows[0]


# --------------------------------------------------------------------------- check


def test_check_shipped_prompts_passes(capsys):
    code, out, err = run(capsys, "prompts", "check", str(SHIPPED))
    assert code == 0, out + err
    lines = out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("OK: ")
    pack = load_content()
    assert f"{len(pack.prompts)} prompts" in lines[0]
    assert f"{len(pack.agendas)} agendas" in lines[0]


def test_check_in_a_real_process_from_another_folder(tmp_path):
    # The installed entry point, run where a programme lead would run it.
    result = subprocess.run(
        [sys.executable, "-m", "rmpair", "prompts", "check", str(SHIPPED)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")},
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: ")


def test_check_broken_pack_exits_1_naming_file_and_line(tmp_path, capsys):
    pack = tmp_path / "pack"
    broken = make_pack(pack, BROKEN_PROMPT, "broken.toml")
    make_pack(pack, "[[prompt]]\nid = \"x\"\ntitle = no quotes\n", "syntax.toml")
    code, out, err = run(capsys, "prompts", "check", str(pack))
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 2, out
    assert lines[0].startswith(f"{broken}:5: ") and "1 to 6" in lines[0] and " — " in lines[0]
    assert lines[1].startswith(f"{pack / 'syntax.toml'}:3: ") and "not valid TOML" in lines[1]
    assert "2 problem" in err
    assert "Traceback" not in out + err


def test_check_override_pack_that_only_adds_prompts_passes(tmp_path, capsys):
    pack = tmp_path / "pack"
    make_pack(pack, OVERRIDE_PACK)
    code, out, _ = run(capsys, "prompts", "check", str(pack))
    assert code == 0
    assert out.strip() == (
        f"OK: {pack} adds or replaces 1 category and 2 prompts, "
        "and loads cleanly over the shipped content."
    )


def test_check_pack_using_a_category_nobody_defines_fails(tmp_path, capsys):
    pack = tmp_path / "pack"
    path = make_pack(pack, BROKEN_PROMPT.replace("[9]", "[1]").replace('"resistance"', '"action"'))
    code, out, _ = run(capsys, "prompts", "check", str(pack))
    assert code == 1
    assert out.startswith(f"{path}:3: ") and "'action'" in out


def test_check_missing_or_empty_folder_fails(tmp_path, capsys):
    code, out, _ = run(capsys, "prompts", "check", str(tmp_path / "nowhere"))
    assert code == 1 and "does not exist" in out

    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, _ = run(capsys, "prompts", "check", str(empty))
    assert code == 1 and "no .toml files" in out


def test_check_given_a_file_says_it_is_a_file_not_a_folder(tmp_path, capsys):
    one_file = make_pack(tmp_path / "pack", BROKEN_PROMPT)
    code, out, _ = run(capsys, "prompts", "check", str(one_file))
    assert code == 1 and "is a file, not a content folder" in out and "does not exist" not in out


# --------------------------------------------------------------------------- list


def test_list_shows_every_shipped_prompt(capsys):
    code, out, err = run(capsys, "prompts", "list")
    assert code == 0 and err == ""
    assert listed_ids(out) == [p.id for p in load_content().prompts_for()]
    assert sorted(listed_ids(out)) == sorted(p.id for p in load_content().prompts)


def test_list_filters_combine(capsys):
    code, out, _ = run(
        capsys, "prompts", "list", "--category", "empowerment", "--role", "mentee", "--meeting", "5"
    )
    assert code == 0
    expected = [p.id for p in load_content().prompts_for(category="empowerment", role="mentee", meeting=5)]
    assert expected and listed_ids(out) == expected
    for line in out.splitlines():
        assert " empowerment " in line
        assert re.search(r"\b(mentee|both)\b", line)


def test_list_with_nothing_matching_says_so(tmp_path, capsys):
    pack = tmp_path / "pack"
    make_pack(pack, OVERRIDE_PACK)
    code, out, _ = run(
        capsys, "prompts", "list", "--prompts", str(pack), "--category", "action", "--role", "mentor"
    )
    assert code == 0
    assert out.strip() == "No prompts match those filters."


def test_user_config_pack_replaces_a_prompt_and_adds_a_category(capsys):
    # conftest points XDG_CONFIG_HOME at a temporary folder, so this is the user's pack.
    make_pack(paths.user_prompts_dir(), OVERRIDE_PACK)

    code, out, err = run(capsys, "prompts", "list")
    assert code == 0 and err == ""
    assert "Our programme's wording" in row_for(out, "resistance.the-joke")
    assert "A joke that was not funny" not in out
    assert listed_ids(out)[-1] == "action.what-changed"

    code, out, _ = run(capsys, "prompts", "list", "--category", "action")
    assert code == 0
    assert listed_ids(out) == ["action.what-changed"]


@pytest.mark.parametrize("where", ["before", "after", "env"])
def test_prompts_option_or_env_selects_the_pack(tmp_path, capsys, monkeypatch, where):
    pack = tmp_path / "pack"
    make_pack(pack, OVERRIDE_PACK)
    argv = {
        "before": ["--prompts", str(pack), "prompts", "list", "--category", "action"],
        "after": ["prompts", "list", "--category", "action", "--prompts", str(pack)],
        "env": ["prompts", "list", "--category", "action"],
    }[where]
    if where == "env":
        monkeypatch.setenv(paths.PROMPTS_ENV, str(pack))
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert "What changed since we met" in row_for(out, "action.what-changed")


def test_list_with_a_broken_pack_still_lists_and_reports_on_stderr(tmp_path, capsys):
    pack = tmp_path / "pack"
    broken = make_pack(pack, BROKEN_PROMPT)
    code, out, err = run(capsys, "--prompts", str(pack), "prompts", "list")
    assert code == 0
    assert len(listed_ids(out)) == len(load_content().prompts)
    assert f"{broken}:5: " in err
    assert "Traceback" not in err


def test_list_unknown_category_exits_1(capsys):
    code, out, err = run(capsys, "prompts", "list", "--category", "resistence")
    assert code == 1 and out == ""
    assert "'resistence'" in err and "resistance" in err


# --------------------------------------------------------------------------- summary


def parse_summary(out: str) -> dict[str, int]:
    counts = {}
    for line in out.splitlines():
        match = re.match(r"^\s*([^:]+): (\d+)", line)
        assert match, line
        counts[match.group(1).strip()] = int(match.group(2))
    return counts


def test_summary_counts_match_the_content(capsys):
    code, out, _ = run(capsys, "prompts", "list", "--summary")
    assert code == 0
    counts = parse_summary(out)
    pack = load_content()
    per_category = Counter(p.category for p in pack.prompts)
    assert counts["Prompts"] == len(pack.prompts) >= 48
    for category in ("resistance", "compassion", "empowerment", "solidarity"):
        assert counts[category] == per_category[category] >= 12
    assert counts["for mentors"] == len(pack.prompts_for(role="mentor"))
    assert counts["for mentees"] == len(pack.prompts_for(role="mentee"))
    assert counts["for both"] == sum(1 for p in pack.prompts if p.role_label == "both")
    assert counts["Agendas"] == 6
    assert counts["Observation templates"] == 2
    assert counts["Reflection templates"] == 3
    assert counts["Check-in statements"] == len(pack.checkin_statements) >= 5
    assert counts["Categories"] == 4


def test_summary_includes_a_pack_category_and_respects_filters(tmp_path, capsys):
    pack = tmp_path / "pack"
    make_pack(pack, OVERRIDE_PACK)
    code, out, _ = run(capsys, "--prompts", str(pack), "prompts", "list", "--summary", "--meeting", "6")
    assert code == 0
    counts = parse_summary(out)
    assert counts["action"] == 1
    assert counts["Categories"] == 5
    expected = len(load_content([pack]).prompts_for(meeting=6))
    assert counts["Prompts matching your filters"] == expected


# --------------------------------------------------------------------------- usage


@pytest.mark.parametrize(
    "argv",
    [
        ["prompts"],
        ["prompts", "list", "--bogus"],
        ["prompts", "list", "--role", "boss"],
        ["prompts", "list", "--meeting", "7"],
        ["prompts", "list", "--meeting", "two"],
        ["prompts", "check"],
        ["prompts", "frobnicate"],
    ],
)
def test_bad_usage_exits_2(capsys, argv):
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("rmpair: ") and "--help" in err


def test_summary_counts_what_each_role_is_offered_at_each_meeting(capsys):
    code, out, _ = run(capsys, "prompts", "list", "--summary")
    assert code == 0
    pack = load_content()
    for meeting in range(1, 7):
        mentor = len(pack.prompts_for(role="mentor", meeting=meeting))
        mentee = len(pack.prompts_for(role="mentee", meeting=meeting))
        total = len(pack.prompts_for(meeting=meeting))
        assert f"  meeting {meeting}: {total} (mentor {mentor}, mentee {mentee})" in out.splitlines()
    assert "Optional packs on: 0" in out


def test_check_looks_inside_the_optional_packs_a_folder_offers(tmp_path, capsys):
    pack = tmp_path / "pack"
    make_pack(pack, '[programme]\nname = "Ours"\n', name="programme.toml")
    make_pack(pack / "packs" / "courage", '[[prompt]]\nid = "courage.x"\ncategory = "courage"\n', name="bad.toml")
    code, out, _ = run(capsys, "prompts", "check", str(pack))
    assert code == 1
    assert "bad.toml" in out and "courage.x" in out


def test_switching_the_action_pack_on_adds_it_to_the_listing(tmp_path, capsys):
    pack = tmp_path / "pack"
    make_pack(pack, '[programme]\noptional_packs = ["action"]\n', name="programme.toml")
    code, out, _ = run(capsys, "--prompts", str(pack), "prompts", "list", "--category", "action")
    assert code == 0 and "action.report-back" in listed_ids(out)
    code, out, _ = run(capsys, "prompts", "list", "--category", "action")
    assert code == 1
