"""Every command that reads: its --json parses and has the documented shape, and its text
has no terminal escapes when it goes into a pipe; reading a vault needs no ORM; every
argument has help; help topics, tab completion and what rmpair prints for a screen reader."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

import pytest
from cli_testkit import MENTEE_PASS, MENTOR_PASS, RMPAIR, SUBPROCESS_TIMEOUT, clean_env

from rmpair.cli import json_output as shapes


@pytest.fixture
def rich_pair(fast_pair, cli_main):
    """The fast pair with an agenda, a check-in, a goal with evidence, an action, a held meeting."""
    vault = fast_pair.vault
    run = cli_main
    run(vault, "agenda", "1", "--add", "Introductions", "--minutes", "10", stdin=[MENTOR_PASS]).ok()
    run(vault, "agenda", "1", "--done", "1", stdin=[MENTOR_PASS]).ok()
    run(vault, "meeting", "1", "--held", "2026-01-07", stdin=[MENTOR_PASS]).ok()
    # Ratings are private until shared; here both people share theirs.
    run(vault, "checkin", "1", "--rate", "1=4", "2=5", "--shared", stdin=[MENTOR_PASS]).ok()
    run(vault, "checkin", "1", "--rate", "1=3", "--shared", stdin=[MENTEE_PASS]).ok()
    goal = run(vault, "goal", "add", "Listen before answering", "--score", "2", stdin=[MENTEE_PASS]).ok()
    goal_id = goal.stdout.split()[2].rstrip(":")
    run(vault, "add", "--kind", "reflection", "--meeting", "1", "--race", "compassion", "--goal", goal_id,
        "--shared", "I listened more than I spoke", stdin=[MENTEE_PASS]).ok()
    run(vault, "action", "add", "Read the inclusion report", "--owner", "mentee", "--meeting", "2",
        stdin=[MENTOR_PASS]).ok()
    entry_id = json.loads(run(vault, "list", "--json", stdin=[MENTOR_PASS]).ok().stdout)["entries"][0]["id"]
    return vault, entry_id[:8]


def _prompt_id() -> str:
    from rmpair.content import load_content

    return load_content().prompts[0].id


def read_commands(entry: str) -> list[tuple[str, ...]]:
    return [
        ("list",), ("show", entry), ("search", "fast"), ("meetings",), ("agenda", "1"), ("checkin", "1"),
        ("action", "list"), ("goal", "list"), ("progress",), ("progress", "--review"), ("conflicts",),
        ("prompts", "list"), ("prompts", "show", _prompt_id()), ("templates", "list"), ("templates", "show", "gibbs"),
        ("settings",), ("where",),
    ]


def _check(obj: dict, shape: shapes.Shape) -> dict:
    assert list(obj) == list(shape.keys), f"{shape.name}: {list(obj)}"
    return obj


def _check_document(command: tuple[str, ...], data: dict) -> None:
    """The document each command prints, as ``rmpair help json`` describes it."""
    name = command[0] if command[0] not in ("action", "goal", "prompts", "templates", "conflicts") else " ".join(
        command[:2] if len(command) > 1 else command[:1]
    )
    if name in ("list", "search"):
        assert list(data) == ["entries"] and data["entries"]
        for entry in data["entries"]:
            _check(entry, shapes.ENTRY)
    elif name == "show":
        assert list(data) == ["entry", "goal"]
        _check(data["entry"], shapes.ENTRY)
    elif name == "meetings":
        assert [_check(m, shapes.MEETING)["number"] for m in data["meetings"]] == [1, 2, 3, 4, 5, 6]
    elif name == "agenda":
        assert list(data) == ["meeting", "items"] and data["items"]
        for item in data["items"]:
            _check(item, shapes.AGENDA_ITEM)
    elif name == "checkin":
        _check(data, shapes.CHECKIN)
        for statement in data["statements"]:
            _check(statement, shapes.CHECKIN_STATEMENT)
    elif name == "action list":
        for action in data["actions"]:
            _check(action, shapes.ACTION)
    elif name == "goal list":
        for goal in data["goals"]:
            _check(goal, shapes.GOAL)
    elif name == "progress":
        _check(data, shapes.PROGRESS)
        for meeting in data["meetings"]:
            _check(meeting, shapes.MEETING_PROGRESS)
        for row in data["race_coverage"]:
            _check(row, shapes.RACE_COVERAGE)
        for group in data["actions"]:
            _check(group, shapes.OWNER_ACTIONS)
        for series in data["checkins"]:
            _check(series, shapes.RATING_SERIES)
        for goal in data["goals"]:
            _check(goal, shapes.GOAL_PROGRESS)
            _check(goal["goal"], shapes.GOAL)
            for entry in goal["evidence"]:
                _check(entry, shapes.ENTRY)
    elif name == "conflicts":
        assert data == {"conflicts": []}
    elif name == "prompts list":
        for prompt in data["prompts"]:
            _check(prompt, shapes.PROMPT)
    elif name == "prompts show":
        _check(data["prompt"], shapes.PROMPT)
        _check(data["category"], shapes.CATEGORY)
    elif name == "templates list":
        for template in data["templates"]:
            _check(template, shapes.TEMPLATE)
    elif name == "templates show":
        _check(data["template"], shapes.TEMPLATE)
        for question in data["template"]["questions"]:
            _check(question, shapes.TEMPLATE_QUESTION)
    elif name == "settings":
        _check(data, shapes.SETTINGS)
    elif name == "where":
        _check(data, shapes.PLACES)
    else:
        raise AssertionError(f"no documented shape for {command}")


def test_every_read_command_prints_json_of_its_documented_shape_and_text_without_escapes(rich_pair, cli_main) -> None:
    vault, entry = rich_pair
    for command in read_commands(entry):
        text = cli_main(vault, *command, stdin=[MENTOR_PASS]).ok()
        assert "\x1b" not in text.output, command
        assert text.stdout.strip(), command
        printed = cli_main(vault, *command, "--json", stdin=[MENTOR_PASS]).ok()
        _check_document(command, json.loads(printed.stdout))


def test_every_command_with_json_is_covered_above() -> None:
    from rmpair.cli import build_parser

    found = set()

    def walk(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, (*path, name))
            elif action.dest == "json":
                found.add(path)

    walk(build_parser(), ())
    covered = {command[:2] if command[0] in ("action", "goal", "prompts", "templates") else command[:1]
               for command in read_commands("x")}
    covered.add(("conflicts", "show"))  # needs a conflict: tests/cli/test_exchange_cli.py
    assert found == covered
    assert set(shapes.COMMANDS) >= {"conflicts show ID", "checkin N", "progress [--review]"}


def test_review_together_progress_holds_nothing_private(rich_pair, cli_main, fast_pair) -> None:
    vault, _ = rich_pair
    cli_main(vault, "checkin", "2", "--rate", "1=1", "--private", stdin=[MENTOR_PASS]).ok()
    alone = cli_main(vault, "progress", stdin=[MENTOR_PASS]).ok().stdout
    together = cli_main(vault, "progress", "--review", stdin=[MENTOR_PASS]).ok().stdout
    assert "You keep your ratings private" in alone
    assert "Ada (mentor) keeps their ratings private." in together
    data = json.loads(cli_main(vault, "progress", "--review", "--json", stdin=[MENTOR_PASS]).ok().stdout)
    assert data["review_together"] is True and data["ratings_not_shared"] == ["mentor"]
    assert all(s["person"] != "mentor" for s in data["checkins"])
    for goal in data["goals"]:
        assert all(not e["private"] for e in goal["evidence"])
    assert fast_pair.mentor_private_title not in together


def test_progress_says_everything_in_words(rich_pair, cli_main) -> None:
    vault, _ = rich_pair
    text = cli_main(vault, "progress", stdin=[MENTEE_PASS]).ok().stdout
    assert "Progress: 1 of 6 meetings held; 1 item shared; actions 1 open, 0 done." in text
    assert "Meeting 1, " in text and "held 2026-01-07; agenda 1 of 1 done; shared writing: 1 reflection" in text
    assert "Compassion, 1 in all: meeting 1: 1, meeting 2: not held yet" in text
    assert "Resistance, 0 in all: meeting 1: a gap" in text
    assert "Bo (mentee): 3, none, none, none, none, none; average 3.0" in text
    assert "Start: 2 of 5; midway: not scored; end: not scored." in text
    assert "I listened more than I spoke: reflection, meeting 1, by Bo (mentee), shared" in text
    for symbol in ("✓", "✗", "·", "🔒", "👥", "▁", "█"):
        assert symbol not in text


def test_human_words_are_the_apps(rich_pair, cli_main) -> None:
    vault, entry = rich_pair
    listing = cli_main(vault, "list", stdin=[MENTOR_PASS]).ok().stdout
    assert "talking point" in listing and "talking-point" not in listing
    shown = cli_main(vault, "show", entry, stdin=[MENTOR_PASS]).ok().stdout
    written = next(line for line in shown.splitlines() if line.startswith("written "))
    assert "." not in written.replace("written ", "").split(",")[0]  # no microseconds
    assert "+00:00" not in written and "UTC" not in written  # in local time


def test_prompts_show_prints_the_whole_prompt_and_what_its_category_means(cli_main, tmp_path) -> None:
    from rmpair.content import load_content

    pack = load_content()
    prompt = pack.prompts[0]
    category = pack.category(prompt.category)
    shown = cli_main(tmp_path / "no-vault-needed", "prompts", "show", prompt.id, "--role", "mentee").ok().stdout
    assert prompt.title in shown and " ".join(prompt.text.split()) in " ".join(shown.split())
    assert f"What {category.name} means for the mentee" in shown
    assert "means for the mentor" not in shown
    missing = cli_main(tmp_path / "v", "prompts", "show", "no-such-prompt")
    assert "rmpair prompts list" in missing.problem_line()


def test_templates_list_and_show(cli_main, tmp_path) -> None:
    listed = cli_main(tmp_path / "v", "templates", "list").ok().stdout
    for template_id in ("what-so-what-now-what", "gibbs", "mentor-debrief", "meeting", "walkround"):
        assert f"{template_id}: " in listed
    assert "mentor-debrief: Mentor debrief: looking after yourself. Writes a reflection, for the mentor." in listed
    walkround = cli_main(tmp_path / "v", "templates", "show", "walkround").ok().stdout
    assert "(tick any)" in walkround and "option: Team" in walkround
    debrief = cli_main(tmp_path / "v", "templates", "show", "mentor-debrief").ok().stdout
    assert "Looking after yourself:" in debrief


def test_settings_list_and_set(cli_main, tmp_path, monkeypatch) -> None:
    from rmpair.core.settings import load_settings

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    vault = tmp_path / "v"
    listed = cli_main(vault, "settings").ok().stdout
    assert "theme: rmpair" in listed and "idle-minutes: 5" in listed and "not written yet" in listed
    cli_main(vault, "settings", "idle-minutes", "12").ok()
    themes = json.loads(cli_main(vault, "settings", "--json").ok().stdout)["themes"]
    other = next(name for name in themes if name != "rmpair")
    cli_main(vault, "settings", "theme", other).ok()
    saved = load_settings(tmp_path / "config" / "rmpair" / "settings.toml").settings
    assert (saved.theme, saved.idle_minutes) == (other, 12.0)
    assert "1 to 480" in cli_main(vault, "settings", "idle-minutes", "0").problem_line()
    assert "no theme" in cli_main(vault, "settings", "theme", "neon").problem_line()
    assert cli_main(vault, "settings", "colour", "red").code == 2
    assert cli_main(vault, "settings", "theme").code == 2


def test_where_names_every_place(cli_main, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    vault = tmp_path / "folder" / "pair.rmpair"
    places = json.loads(cli_main(vault, "where", "--json").ok().stdout)
    assert places["vault"] == str(vault) and places["vault_exists"] is False
    assert places["backups"] == [str(vault) + f".backup-{n}" for n in (1, 2, 3)]
    assert places["settings"] == str(tmp_path / "config" / "rmpair" / "settings.toml")
    assert places["prompts"][-1] == str(tmp_path / "config" / "rmpair" / "prompts")
    text = cli_main(vault, "where").ok().stdout
    assert f"vault: {vault} (not there yet)" in text and "drafts while --edit" in text


# -- reading stays light -----------------------------------------------------------------------

_RUN_AND_REPORT = """
import sys
from rmpair.cli import main
code = main(sys.argv[1:])
heavy = sorted(name for name in ("sqlmodel", "sqlalchemy", "pydantic") if name in sys.modules)
print("heavy modules:", ",".join(heavy) or "none")
sys.exit(code)
"""


@pytest.mark.parametrize(
    "command",
    [("meetings",), ("agenda", "1"), ("checkin", "1"), ("action", "list"), ("goal", "list"), ("progress", "--json")],
)
def test_the_new_read_commands_need_no_orm(fast_pair, command) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _RUN_AND_REPORT, "--vault", str(fast_pair.vault), *command],
        input=MENTOR_PASS + "\n", capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    assert "heavy modules: none" in result.stdout


# -- help, exit codes, completion ------------------------------------------------------------------


def test_every_argument_and_command_has_help() -> None:
    from rmpair.cli import build_parser

    missing = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                helps = {choice.dest: choice.help for choice in action._choices_actions}
                for name, sub in action.choices.items():
                    if not helps.get(name):
                        missing.append(f"{path} {name}")
                    walk(sub, f"{path} {name}")
            elif action.dest != "help" and not action.help:
                missing.append(f"{path} {'/'.join(action.option_strings) or action.dest}")

    walk(build_parser(), "rmpair")
    assert missing == []


@pytest.mark.parametrize(
    ("topic", "words"),
    [
        ("privacy", "sealed with a key only your passphrase opens"),
        ("review together", "rmpair progress --review"),
        ("race", "Resistance (resistance), for the mentor:"),
        ("recovery", "rmpair recover"),
        ("exchange", "rmpair bundle import"),
        ("editing", "$VISUAL"),
        ("json", "check-in statement:"),
        ("exit-codes", "130"),
    ],
)
def test_help_topics_explain_the_ideas(cli_main, tmp_path, topic, words) -> None:
    shown = cli_main(tmp_path / "v", "help", *topic.split()).ok().stdout
    assert words in shown


def test_help_lists_topics_and_shows_a_commands_help(cli_main, tmp_path) -> None:
    topics = cli_main(tmp_path / "v", "help").ok().stdout
    for topic in ("privacy", "review", "race", "recovery", "exchange"):
        assert f"  {topic} " in topics
    assert "usage: rmpair action add" in cli_main(tmp_path / "v", "help", "action", "add").ok().stdout
    unknown = cli_main(tmp_path / "v", "help", "nonsense")
    assert unknown.code == 2 and "the topics are" in unknown.stderr


def test_exit_codes(fast_pair, cli_main) -> None:
    assert cli_main(fast_pair.vault, "list", stdin=[MENTOR_PASS]).code == 0
    assert cli_main(fast_pair.vault, "list", stdin=["not the passphrase"]).code == 1
    assert cli_main(fast_pair.vault, "list", "--no-such-option").code == 2
    assert cli_main(fast_pair.vault, "add", "--kind", "note").code == 2  # the text is missing


def _completions(env_for_shell: dict[str, str], line: str, tmp_path) -> list[str]:
    out = tmp_path / "completions"
    env = {**clean_env(tmp_path / "home"), **env_for_shell, "COMP_LINE": line, "COMP_POINT": str(len(line)),
           "_ARGCOMPLETE": "1", "_ARGCOMPLETE_STDOUT_FILENAME": str(out)}
    subprocess.run([str(RMPAIR)], env=env, capture_output=True, timeout=SUBPROCESS_TIMEOUT)
    return out.read_text(encoding="utf-8").replace("\t", "\n").replace("\x0b", "\n").split()


@pytest.mark.parametrize(
    "shell_env",
    [
        {"_ARGCOMPLETE_SHELL": "fish", "_ARGCOMPLETE_DFS": "\t", "_ARGCOMPLETE_IFS": "\n",
         "_ARGCOMPLETE_SUPPRESS_SPACE": "1"},
        {"_ARGCOMPLETE_SHELL": "zsh", "_ARGCOMPLETE_SUPPRESS_SPACE": "1"},
        {"_ARGCOMPLETE_SHELL": "bash", "_ARGCOMPLETE_IFS": "\x0b"},
    ],
    ids=["fish", "zsh", "bash"],
)
def test_completion_answers_each_shell_as_its_script_asks(tmp_path, shell_env) -> None:
    commands = _completions(shell_env, "rmpair ag", tmp_path)
    assert any(c.startswith("agenda") for c in commands), commands
    kinds = _completions(shell_env, "rmpair add --kind ", tmp_path)
    assert {"talking-point", "reflection", "observation", "note"} <= {k.split(":")[0] for k in kinds}


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_a_script_for_each_shell(cli_main, tmp_path, shell) -> None:
    script = cli_main(tmp_path / "v", "completion", shell).ok().stdout
    assert "rmpair" in script and "_ARGCOMPLETE" in script


def test_completion_works_in_a_real_bash(tmp_path) -> None:
    bash = "/bin/bash" if os.path.exists("/bin/bash") else None
    if bash is None:
        pytest.skip("no bash here")
    env = {**clean_env(tmp_path / "home"), "PATH": f"{RMPAIR.parent}:{os.environ['PATH']}"}
    script = (
        'eval "$(rmpair completion bash)"; COMP_WORDS=(rmpair checkin 1 --r); COMP_CWORD=3; '
        'COMP_LINE="rmpair checkin 1 --r"; COMP_POINT=${#COMP_LINE}; '
        '_python_argcomplete rmpair --r 1; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    done = subprocess.run([bash, "-c", script], env=env, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT)
    assert "--rate" in done.stdout.split(), done.stdout + done.stderr
