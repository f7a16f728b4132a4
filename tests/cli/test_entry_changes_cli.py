"""Changing entries from the command line as the app can: edit (text, title, meeting, RACE
tags, goal), share, unshare, delete; text from standard input after the passphrase; and the
exit codes for text missing or given twice."""

from __future__ import annotations

import json

import pytest
from cli_testkit import MENTEE_PASS, MENTOR_PASS, folder_snapshot


def _entries(cli_main, vault, passphrase: str, *args: str) -> list[dict]:
    return json.loads(cli_main(vault, "list", "--json", *args, stdin=[passphrase]).ok().stdout)["entries"]


def _by_title(cli_main, vault, passphrase: str, title: str) -> dict:
    return next(e for e in _entries(cli_main, vault, passphrase) if e["title"] == title)


def test_file_dash_reads_the_text_after_the_passphrase_exactly(fast_pair, cli_main) -> None:
    vault = fast_pair.vault
    text = "First line\r\nsecond line, with a tab\there\n\nand a last line without an end"
    cli_main(vault, "add", "--kind", "reflection", "--title", "from stdin", "--file", "-",
             stdin=[MENTOR_PASS, text]).ok()
    entry = _by_title(cli_main, vault, MENTOR_PASS, "from stdin")
    assert entry["body"] == text + "\n"  # the stdin helper ends each line it is given with a newline
    assert entry["private"] is True


@pytest.mark.parametrize(
    "args",
    [
        ("add", "--kind", "note"),
        ("add", "--kind", "note", "two ways", "--file", "-"),
        ("add", "--kind", "note", "--edit", "--file", "-"),
        ("add", "the text but no kind"),
        ("edit", "abcd"),
    ],
    ids=["no text", "text and file", "edit and file", "no kind", "edit with nothing to change"],
)
def test_text_missing_or_given_twice_is_a_usage_error_before_the_passphrase(fast_pair, cli_main, args) -> None:
    before = folder_snapshot(fast_pair.vault.parent)
    result = cli_main(fast_pair.vault, *args)  # no passphrase on stdin: none is asked
    assert result.code == 2, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("rmpair: ") and "--help" in line and "Traceback" not in result.output
    assert folder_snapshot(fast_pair.vault.parent) == before


def test_edit_changes_only_what_is_given(fast_pair, cli_main, tmp_path) -> None:
    vault = fast_pair.vault
    goal = cli_main(vault, "goal", "add", "Chair meetings differently", stdin=[MENTEE_PASS]).ok()
    goal_id = goal.stdout.split()[2].rstrip(":")
    note = _by_title(cli_main, vault, MENTOR_PASS, "fast shared note")

    cli_main(vault, "edit", note["id"][:8], "--meeting", "3", "--race", "resistance,solidarity",
             "--goal", goal_id, stdin=[MENTOR_PASS]).ok()
    changed = _by_title(cli_main, vault, MENTOR_PASS, "fast shared note")
    assert (changed["meeting"], changed["race_tags"], changed["body"]) == (3, ["resistance", "solidarity"], note["body"])
    assert changed["goal_id"].startswith(goal_id)

    new_text = tmp_path / "new.md"
    new_text.write_text("Both of us agreed to this.\n")
    cli_main(vault, "edit", note["id"][:8], "--file", str(new_text), "--title", "agreed note",
             "--meeting", "none", "--goal", "none", "--race", "", stdin=[MENTOR_PASS]).ok()
    changed = _by_title(cli_main, vault, MENTEE_PASS, "agreed note")  # shared: the partner sees the change
    assert (changed["meeting"], changed["race_tags"], changed["goal_id"]) == (None, [], None)
    assert changed["body"] == "Both of us agreed to this.\n"

    same = cli_main(vault, "edit", note["id"][:8], "--title", "agreed note", stdin=[MENTOR_PASS]).ok()
    assert same.stdout.startswith("Nothing changed")


def test_share_and_unshare_move_an_entry_between_the_two_people(fast_pair, cli_main) -> None:
    vault = fast_pair.vault
    private = _by_title(cli_main, vault, MENTOR_PASS, fast_pair.mentor_private_title)
    assert fast_pair.mentor_private_title not in [e["title"] for e in _entries(cli_main, vault, MENTEE_PASS)]

    shared = cli_main(vault, "share", private["id"][:8], stdin=[MENTOR_PASS]).ok()
    assert "Bo can read it now" in shared.stdout
    assert _by_title(cli_main, vault, MENTEE_PASS, fast_pair.mentor_private_title)["private"] is False

    # The partner may not make the mentor's entry private: only its author can.
    refused = cli_main(vault, "unshare", private["id"][:8], stdin=[MENTEE_PASS])
    assert "Only its author" in refused.problem_line()

    back = cli_main(vault, "unshare", private["id"][:8], stdin=[MENTOR_PASS]).ok()
    assert "private again" in back.stdout and "may already have read it" in back.stdout
    assert fast_pair.mentor_private_title not in [e["title"] for e in _entries(cli_main, vault, MENTEE_PASS)]
    assert _by_title(cli_main, vault, MENTOR_PASS, fast_pair.mentor_private_title)["private"] is True


def test_delete_asks_and_without_a_terminal_needs_yes(fast_pair, cli_main) -> None:
    vault = fast_pair.vault
    note = _by_title(cli_main, vault, MENTOR_PASS, "fast shared note")
    before = folder_snapshot(vault.parent)
    asked = cli_main(vault, "delete", note["id"][:8], stdin=[MENTOR_PASS])
    assert "Add --yes" in asked.problem_line()
    assert folder_snapshot(vault.parent) == before

    cli_main(vault, "delete", note["id"][:8], "--yes", stdin=[MENTOR_PASS]).ok()
    assert "fast shared note" not in [e["title"] for e in _entries(cli_main, vault, MENTOR_PASS)]


def test_nobody_deletes_or_edits_the_partners_private_entry(fast_pair, cli_main) -> None:
    vault = fast_pair.vault
    private = _by_title(cli_main, vault, MENTOR_PASS, fast_pair.mentor_private_title)
    # The mentee cannot even find it: its id is not one they can see.
    for args in (("delete", private["id"][:8], "--yes"), ("edit", private["id"][:8], "--title", "mine now")):
        line = cli_main(vault, *args, stdin=[MENTEE_PASS]).problem_line()
        assert "No entry you can see" in line


def test_a_talking_point_from_a_prompt_starts_as_in_the_app(fast_pair, cli_main) -> None:
    from rmpair.content import load_content
    from rmpair.content.answers import draft_body

    prompt = load_content().prompts[0]
    other = next(tag for tag in ("resistance", "solidarity") if tag != prompt.category)
    cli_main(fast_pair.vault, "add", "--prompt", prompt.id, "--meeting", "2", "--race", other,
             "What I want to say", stdin=[MENTOR_PASS]).ok()
    entry = _by_title(cli_main, fast_pair.vault, MENTOR_PASS, prompt.title)
    assert entry["body"] == draft_body(prompt) + "What I want to say"
    assert (entry["kind"], entry["template_id"], entry["private"]) == ("talking-point", prompt.id, True)
    assert entry["race_tags"] == [prompt.category, other]


def test_actions_reopen_and_carry_forward(fast_pair, cli_main) -> None:
    vault = fast_pair.vault
    cli_main(vault, "action", "add", "Send the agenda", "--meeting", "1", stdin=[MENTOR_PASS]).ok()
    [action] = json.loads(cli_main(vault, "action", "list", "--json", stdin=[MENTOR_PASS]).ok().stdout)["actions"]
    cli_main(vault, "action", "done", action["id"][:8], stdin=[MENTOR_PASS]).ok()
    cli_main(vault, "action", "reopen", action["id"][:8], stdin=[MENTEE_PASS]).ok()
    cli_main(vault, "action", "carry", action["id"][:8], "3", stdin=[MENTEE_PASS]).ok()
    [action] = json.loads(cli_main(vault, "action", "list", "--json", stdin=[MENTOR_PASS]).ok().stdout)["actions"]
    assert (action["done"], action["due_meeting"], action["carried_from"]) == (False, 3, 1)
    earlier = cli_main(vault, "action", "carry", action["id"][:8], "2", stdin=[MENTOR_PASS])
    assert "later meeting" in earlier.problem_line()


def test_edit_in_the_editor_opens_the_text_and_an_unchanged_save_changes_nothing(fast_pair, cli_main, monkeypatch) -> None:
    from tests.cli.fake_editor import editor_command

    vault = fast_pair.vault
    cli_main(vault, "add", "--kind", "reflection", "--title", "crlf", "--file", "-",
             stdin=[MENTOR_PASS, "line one\r\nline two"]).ok()
    entry = _by_title(cli_main, vault, MENTOR_PASS, "crlf")
    before = folder_snapshot(vault.parent)
    monkeypatch.setenv("EDITOR", editor_command("fail:0"))  # closed without touching it
    same = cli_main(vault, "edit", entry["id"][:8], "--edit", stdin=[MENTOR_PASS]).ok()
    assert same.stdout.startswith("Nothing changed")
    assert folder_snapshot(vault.parent) == before

    monkeypatch.setenv("EDITOR", editor_command("append:and a third"))
    cli_main(vault, "edit", entry["id"][:8], "--edit", stdin=[MENTOR_PASS]).ok()
    assert _by_title(cli_main, vault, MENTOR_PASS, "crlf")["body"] == "line one\r\nline two\nand a third\n"


def test_a_prompt_opened_and_left_as_it_was_saves_nothing(fast_pair, cli_main, monkeypatch) -> None:
    from rmpair.content import load_content
    from tests.cli.fake_editor import editor_command

    monkeypatch.setenv("EDITOR", editor_command("fail:0"))
    before = folder_snapshot(fast_pair.vault.parent)
    prompt = load_content().prompts[0]
    line = cli_main(fast_pair.vault, "add", "--prompt", prompt.id, "--edit", stdin=[MENTOR_PASS]).problem_line()
    assert "Nothing was written" in line
    assert folder_snapshot(fast_pair.vault.parent) == before
