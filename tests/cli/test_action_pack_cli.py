"""The optional Action pack: switched on in the programme file, Action is a category like
the others (prompts, the tags an entry may carry, the coverage a summary counts); off, it
leaves no trace."""

from __future__ import annotations

from cli_testkit import MENTEE_PASS


def test_the_action_pack_switched_on_is_a_category_everywhere_and_off_leaves_no_trace(fast_pair, cli_main, tmp_path):
    vault = fast_pair.vault
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "programme.toml").write_text('[programme]\noptional_packs = ["action"]\n', encoding="utf-8")

    off = cli_main(vault, "add", "--kind", "note", "--shared", "--race", "action", "Did it", stdin=[MENTEE_PASS])
    assert "'action' is not a RACE category" in off.problem_line()
    summary_off = cli_main(vault, "summary", "--out", str(tmp_path / "off.md"), "--yes", stdin=[MENTEE_PASS]).ok()
    assert "| Action |" not in summary_off.stdout

    cli_main(vault, "add", "--prompts", str(pack), "--kind", "note", "--shared", "--race", "action", "--meeting", "1",
             "Reported back on the rota change", stdin=[MENTEE_PASS]).ok()
    listed = cli_main(vault, "prompts", "list", "--prompts", str(pack), "--category", "action", "--role", "mentee").ok()
    assert "action.report-back" in listed.stdout
    summary_on = cli_main(vault, "summary", "--prompts", str(pack), "--out", str(tmp_path / "on.md"), "--yes",
                          stdin=[MENTEE_PASS]).ok()
    [row] = [line for line in summary_on.stdout.splitlines() if line.startswith("| Action |")]
    assert row.split("|")[2].strip() == "1"  # meeting 1
