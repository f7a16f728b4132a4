"""The goals screen and the goal picker, driven from the keyboard as the pair would."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select

from rmpair.tui.screens.entry_editor import EntryEditorScreen
from rmpair.tui.screens.goals import GoalForm, GoalsScreen
from rmpair.tui.screens.reflection import ReflectionScreen
from rmpair.core.service import PairService
from rmpair.tui.widgets.goal_picker import GoalPicker
from rmpair.tui.widgets.record_table import RecordTable
from tests.tui.conftest import (
    MENTEE_PASSPHRASE,
    MENTOR_PASSPHRASE,
    SHARED_NOTE,
    screen_name,
    screen_text,
    unlock,
    wait_until,
)

GOAL = "Sponsor two people from under-represented groups"
MARKUP_GOAL = "Run [bold]fair[/] meetings [@click=app.quit]x[/]"


def goals_of(vault, passphrase=MENTEE_PASSPHRASE):
    service = PairService.unlock(vault, passphrase, write=False)
    try:
        return service.goals(), {e.title: e for e in service.entries()}
    finally:
        service.close()


async def test_the_mentee_sets_a_goal_from_home_and_scores_it_midway(pair_vault, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, MENTEE_PASSPHRASE)
        await pilot.press("G")
        await wait_until(pilot, lambda: screen_name(app) == "GoalsScreen")
        assert "No goals yet" in screen_text(app)

        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, GoalForm))
        await pilot.press(*GOAL)
        app.screen.query_one("#goal-score-start", Select).value = 2
        await pilot.press("enter")  # Enter in the text saves the form
        await wait_until(pilot, lambda: isinstance(app.screen, GoalsScreen))
        table = app.screen.query_one(RecordTable)
        await wait_until(pilot, lambda: table.row_count == 1 and str(table.get_row_at(0)[1]) == "2 – –")
        shown = screen_text(app)
        assert GOAL in shown and "not scored" in shown

        await pilot.press("e")  # the highlighted goal: reword or score
        await wait_until(pilot, lambda: isinstance(app.screen, GoalForm))
        assert app.screen.query_one("#goal-text", Input).value == GOAL
        app.screen.query_one("#goal-score-midway", Select).value = 4
        await pilot.click("#goal-save")
        await wait_until(pilot, lambda: str(table.get_row_at(0)[1]) == "2 4 –")
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "HomeScreen")

    goals, _ = goals_of(pair_vault)
    assert [(g.text, g.baseline_score, g.midway_score, g.final_score) for g in goals] == [(GOAL, 2, 4, None)]
    [seen], _ = goals_of(pair_vault, MENTOR_PASSPHRASE)  # the partner sees the goal, not her scores yet
    assert (seen.text, seen.baseline_score, seen.hidden) == (GOAL, None, {("mentee", "start"), ("mentee", "midway")})


async def test_an_empty_goal_is_refused_and_escape_changes_nothing(pair_vault, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await pilot.press("G")
        await wait_until(pilot, lambda: screen_name(app) == "GoalsScreen")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, GoalForm))
        await pilot.press("space", "enter")
        await wait_until(pilot, lambda: "Write the goal first" in screen_text(app))
        assert isinstance(app.screen, GoalForm)
        await pilot.press(*"never saved", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, GoalsScreen))
    goals, _ = goals_of(pair_vault)
    assert goals == []


async def test_goal_text_is_shown_literally_and_removing_keeps_the_evidence(pair_vault, make_app) -> None:
    service = PairService.unlock(pair_vault, MENTEE_PASSPHRASE)
    goal = service.add_goal(MARKUP_GOAL, baseline_score=1)
    note = next(e for e in service.entries() if e.title == SHARED_NOTE)
    service.update_entry(note.id, goal_id=goal.id)
    service.close()

    app = make_app(pair_vault)
    async with app.run_test(size=(120, 30)) as pilot:
        await unlock(pilot, MENTEE_PASSPHRASE)
        await pilot.press("G")
        await wait_until(pilot, lambda: screen_name(app) == "GoalsScreen")
        shown = screen_text(app)
        assert MARKUP_GOAL in shown  # brackets as typed; the click markup did nothing
        assert SHARED_NOTE in shown and "Evidence: 1 linked" in shown

        await pilot.press("x")
        await wait_until(pilot, lambda: "Remove the goal" in screen_text(app))
        await pilot.click("#yes")
        await wait_until(pilot, lambda: "No goals yet" in screen_text(app))
    goals, entries = goals_of(pair_vault)
    assert goals == [] and entries[SHARED_NOTE].goal_id is None


async def test_a_reflection_and_an_edited_note_become_evidence_through_the_picker(pair_vault, make_app) -> None:
    service = PairService.unlock(pair_vault, MENTEE_PASSPHRASE)
    goal = service.add_goal(GOAL, baseline_score=2)
    service.close()

    app = make_app(pair_vault)
    async with app.run_test(size=(100, 34)) as pilot:
        await unlock(pilot, MENTEE_PASSPHRASE)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReflectionScreen))
        picker = app.screen.query_one("#refl-goal", GoalPicker)
        assert picker.goal_id is None
        picker.value = goal.id
        await pilot.press(*"I put Kemi forward for the project lead")
        await pilot.press("escape")  # leaving saves
        await wait_until(pilot, lambda: screen_name(app) == "HomeScreen")

        app.push_screen(EntryEditorScreen(app.service.entries(kind="note")[0].id))
        await wait_until(pilot, lambda: isinstance(app.screen, EntryEditorScreen))
        app.screen.query_one("#editor-goal", GoalPicker).value = goal.id
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "HomeScreen")

    [saved], entries = goals_of(pair_vault)
    reflection = next(e for e in entries.values() if e.kind == "reflection")
    assert set(saved.evidence) == {reflection.id, entries[SHARED_NOTE].id}
    [mentor_view], _ = goals_of(pair_vault, MENTOR_PASSPHRASE)
    assert mentor_view.evidence == (entries[SHARED_NOTE].id,)  # the private reflection stays hidden


async def test_the_goals_screen_opens_from_a_meeting_and_lists_goals_in_order(pair_vault, make_app, monkeypatch) -> None:
    import rmpair.tui.screens.goals as goals_screen

    reads = []
    real = goals_screen.goal_progress
    monkeypatch.setattr(goals_screen, "goal_progress", lambda service: reads.append(1) or real(service))
    service = PairService.unlock(pair_vault, MENTOR_PASSPHRASE)
    for text in ("First goal", "Second goal"):
        service.add_goal(text)
    service.close()
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await pilot.press("4")
        await wait_until(pilot, lambda: screen_name(app) == "MeetingScreen")
        await pilot.press("G")
        await wait_until(pilot, lambda: screen_name(app) == "GoalsScreen")
        table = app.screen.query_one("#goals-table", RecordTable)
        assert [table.get_row_at(i)[-1].plain for i in range(table.row_count)] == ["First goal", "Second goal"]
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert len(reads) == 1, "opening and resizing read the goals once"
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "MeetingScreen")


async def test_the_mentor_sets_a_goal_of_their_own_and_each_scores_it_privately_first(pair_vault, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 34)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await pilot.press("G")
        await wait_until(pilot, lambda: screen_name(app) == "GoalsScreen")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, GoalForm))
        form = app.screen
        form.query_one("#goal-owner", Select).value = "mentor"
        form.query_one("#goal-text", Input).value = "Challenge a director in the meeting itself"
        form.query_one("#goal-level-1", Input).value = "I stay quiet"
        form.query_one("#goal-level-5", Input).value = "I say it there and then"
        form.query_one("#goal-score-start", Select).value = 1
        await pilot.click("#goal-save")
        await wait_until(pilot, lambda: isinstance(app.screen, GoalsScreen))
        table = app.screen.query_one(RecordTable)
        await wait_until(pilot, lambda: table.row_count == 1 and str(table.get_row_at(0)[1]) == "1 – –")
        assert str(table.get_row_at(0)[0]) == "You"
        evidence = str(app.screen.query_one("#goals-evidence").render())
        assert "1 = I stay quiet; 5 = I say it there and then" in evidence

    app = make_app(pair_vault)
    async with app.run_test(size=(100, 34)) as pilot:
        await unlock(pilot, MENTEE_PASSPHRASE)
        await pilot.press("G")
        await wait_until(pilot, lambda: screen_name(app) == "GoalsScreen")
        table = app.screen.query_one(RecordTable)
        await wait_until(pilot, lambda: table.row_count == 1)
        assert str(table.get_row_at(0)[0]) == "Ada"
        # His score waits until she has given hers.
        assert [str(c) for c in table.get_row_at(0)[1:3]] == ["– – –", "? – –"]
        assert "hidden until you score it" in str(app.screen.query_one("#goals-evidence").render())
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, GoalForm))
        app.screen.query_one("#goal-score-start", Select).value = 3
        await pilot.click("#goal-save")
        await wait_until(pilot, lambda: isinstance(app.screen, GoalsScreen))
        await wait_until(pilot, lambda: [str(c) for c in table.get_row_at(0)[1:3]] == ["3 – –", "1 – –"])


@pytest.mark.parametrize("passphrase", [MENTOR_PASSPHRASE, MENTEE_PASSPHRASE], ids=["mentor", "mentee"])
async def test_whose_goal_it_is_reads_plainly_when_both_names_start_alike(tmp_path, make_app, fast_kdf, passphrase):
    # Cut to ten letters, "Alexandra Okafor" and "Alexandra Okonkwo" both read
    # "Alexandra ": the table must still say which goals are the reader's own.
    vault = tmp_path / "pair.rmpair"
    mentor, _code = PairService.create(
        vault, role="mentor", name="Alexandra Okafor", passphrase=MENTOR_PASSPHRASE, kdf=fast_kdf, agendas={}
    )
    mentor.join(role="mentee", name="Alexandra Okonkwo", passphrase=MENTEE_PASSPHRASE, kdf=fast_kdf)
    mentor.add_goal("Challenge a director in the meeting itself", owner="mentor")
    mentor.add_goal(GOAL, owner="mentee")
    mentor.close()
    me = "mentor" if passphrase == MENTOR_PASSPHRASE else "mentee"
    app = make_app(vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, passphrase)
        await pilot.press("G")
        await wait_until(pilot, lambda: screen_name(app) == "GoalsScreen")
        table = app.screen.query_one("#goals-table", RecordTable)
        await wait_until(pilot, lambda: table.row_count == 2)
        whose = {table.get_row_at(i)[-1].plain: table.get_row_at(i)[0].plain for i in range(2)}
        mine = GOAL if me == "mentee" else "Challenge a director in the meeting itself"
        theirs = next(text for text in whose if text != mine)
        assert whose[mine] == "You"
        assert whose[theirs] == "Alexandra…"
        assert [str(column.label) for column in table.ordered_columns][:3] == ["Whose", "You", "Alexandra…"]
