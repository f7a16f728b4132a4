"""One meeting, done twice from the same vault: once in the app (through Pilot, as a person
presses keys) and once entirely from the command line (the talking point and the
reflection written in an editor through ``--edit``). Both vaults end in the same state, as
every read command's ``--json`` shows it to each person.

The meeting: tick the first agenda item, write a talking point from the first prompt
offered, rate the check-in, add an action for the mentee and mark it done, write a
reflection with Gibbs' cycle, and look at the progress.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

from textual.widgets import OptionList, Select, TextArea

from rmpair.tui.screens.entry_editor import EntryEditorScreen
from rmpair.tui.screens.meeting import MeetingScreen
from rmpair.tui.screens.progress import ProgressScreen
from rmpair.tui.screens.reflection import ReflectionScreen
from rmpair.tui.screens.talking_points import TalkingPointsScreen
from rmpair.tui.widgets.actions_table import ActionsTable
from tests.cli.fake_editor import editor_command
from tests.tui.conftest import MENTEE_PASSPHRASE, MENTOR_PASSPHRASE, unlock, wait_until

STORY = "My story about the panel"
RATINGS = ("4", "5", "3", "4", "2")
ACTION = "Send the notes to the board"
DESCRIPTION = "The budget meeting"
ACTION_PLAN = "Chair differently next time"
READS = (
    ("list",), ("agenda", "1"), ("checkin", "1"), ("action", "list"), ("goal", "list"), ("meetings",), ("progress",),
)
RECORD_IDS_AND_TIMES = {"id", "created_at", "updated_at", "done_at"}


def _cli(capsys, monkeypatch, vault: Path, *args: str, passphrase: str = MENTOR_PASSPHRASE) -> str:
    from rmpair.cli import main

    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO(passphrase + "\n"))
    code = main([*args, "--vault", str(vault)])
    out, err = capsys.readouterr()
    assert code == 0, f"rmpair {' '.join(args)} exited {code}: {out}{err}"
    return out


def _state(capsys, monkeypatch, vault: Path) -> dict:
    """What each person can read, through --json, without the ids and times that differ."""

    def without_ids(value):
        if isinstance(value, dict):
            return {k: without_ids(v) for k, v in value.items() if k not in RECORD_IDS_AND_TIMES}
        if isinstance(value, list):
            return [without_ids(v) for v in value]
        return value

    return {
        (passphrase, command): without_ids(json.loads(_cli(capsys, monkeypatch, vault, *command, "--json",
                                                          passphrase=passphrase)))
        for passphrase in (MENTOR_PASSPHRASE, MENTEE_PASSPHRASE)
        for command in READS
    }


async def _meeting_in_the_app(app) -> str:
    """The meeting as a person does it in the app; returns the prompt the talking point came from."""
    async with app.run_test(size=(120, 36)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        service = app.service
        await pilot.press("1")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        meeting = app.screen

        await pilot.press("space")  # the agenda has focus: tick its first item
        await wait_until(pilot, lambda: service.meeting(1).agenda[0].done)

        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TalkingPointsScreen))
        prompt_id = app.screen.query_one("#prompt-list", OptionList).get_option_at_index(0).id
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, EntryEditorScreen))
        await pilot.press(*STORY)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, TalkingPointsScreen))
        await wait_until(pilot, lambda: any(e.body.endswith(STORY) for e in service.entries(kind="talking-point")))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is meeting)

        for _ in range(3):  # agenda, writing, actions, check-in
            await pilot.press("right_square_bracket")
        for rating in RATINGS:
            await pilot.press(rating)
        await wait_until(pilot, lambda: len([c for c in service.checkins(1) if c.person == "mentor"]) == len(RATINGS))

        await pilot.press("left_square_bracket")
        await pilot.press("a")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AskText")
        await pilot.press(*ACTION, "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ChoiceDialog")
        await pilot.click("#choice-mentee")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "PickDialog")
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(a.text == ACTION for a in service.actions()))
        table = meeting.query_one(ActionsTable)
        await wait_until(pilot, lambda: ACTION in [str(table.get_row_at(i)[1]) for i in range(table.row_count)])
        table.focus()
        row = [str(table.get_row_at(i)[1]) for i in range(table.row_count)].index(ACTION)
        table.move_cursor(row=row)
        await pilot.press("space")
        await wait_until(pilot, lambda: next(a for a in service.actions() if a.text == ACTION).done)

        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReflectionScreen))
        reflection = app.screen
        await pilot.press("ctrl+n")  # the next questions: Gibbs' cycle
        await wait_until(pilot, lambda: reflection.query_one("#refl-template", Select).value == "gibbs")
        await wait_until(pilot, lambda: reflection.query_one("#section-description", TextArea).has_focus)
        await pilot.press(*DESCRIPTION)
        reflection.query_one("#section-action-plan", TextArea).focus()
        await pilot.press(*ACTION_PLAN)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is meeting)
        await wait_until(pilot, lambda: any(
            e.template_id == "gibbs" and ACTION_PLAN in e.body for e in service.entries(kind="reflection")
        ))

        await pilot.press("escape")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, ProgressScreen) and app.screen.report is not None)
    return prompt_id


def _meeting_from_the_command_line(capsys, monkeypatch, vault: Path, prompt_id: str) -> None:
    run = _cli
    run(capsys, monkeypatch, vault, "agenda", "1", "--done", "1")
    monkeypatch.setenv("EDITOR", editor_command(f"append:{STORY}"))
    run(capsys, monkeypatch, vault, "add", "--prompt", prompt_id, "--meeting", "1", "--edit")
    run(capsys, monkeypatch, vault, "checkin", "1", "--rate", *(f"{n}={r}" for n, r in enumerate(RATINGS, start=1)))
    run(capsys, monkeypatch, vault, "action", "add", ACTION, "--owner", "mentee", "--meeting", "1")
    actions = json.loads(run(capsys, monkeypatch, vault, "action", "list", "--json"))["actions"]
    run(capsys, monkeypatch, vault, "action", "done", next(a["id"] for a in actions if a["text"] == ACTION)[:8])
    monkeypatch.setenv("EDITOR", editor_command(f"answer:Description={DESCRIPTION}|Action plan={ACTION_PLAN}"))
    run(capsys, monkeypatch, vault, "add", "--template", "gibbs", "--meeting", "1", "--edit")
    progress = run(capsys, monkeypatch, vault, "progress")
    assert "Progress: 0 of 6 meetings held" in progress


async def test_the_same_meeting_from_the_command_line_and_in_the_app_leaves_the_same_vault(
    pair_vault: Path, make_app, capsys, monkeypatch, tmp_path
) -> None:
    cli_vault = tmp_path / "cli" / "pair.rmpair"
    cli_vault.parent.mkdir()
    shutil.copy(pair_vault, cli_vault)
    before = _state(capsys, monkeypatch, pair_vault)

    prompt_id = await _meeting_in_the_app(make_app(pair_vault))
    _meeting_from_the_command_line(capsys, monkeypatch, cli_vault, prompt_id)

    in_the_app = _state(capsys, monkeypatch, pair_vault)
    from_the_cli = _state(capsys, monkeypatch, cli_vault)
    assert in_the_app != before, "the meeting changed nothing"
    for key in in_the_app:
        assert from_the_cli[key] == in_the_app[key], key

    mentor_entries = in_the_app[(MENTOR_PASSPHRASE, ("list",))]["entries"]
    reflection = next(e for e in mentor_entries if e["template_id"] == "gibbs")
    assert reflection["body"] == f"## Description\n\n{DESCRIPTION}\n\n## Action plan\n\n{ACTION_PLAN}\n"
    assert reflection["private"] and reflection["title"] == DESCRIPTION
    mentee_titles = [e["title"] for e in in_the_app[(MENTEE_PASSPHRASE, ("list",))]["entries"]]
    assert DESCRIPTION not in mentee_titles  # private, in both
