"""A question before removing something (a goal with its scores, an agenda item) is not
answered by the key pressed out of habit: x then Enter removed a goal and its start,
midway and end scores, because the dialog's first button, "Remove", had the focus.
Keeping things as they are has the focus, as in every question before a loss."""

from __future__ import annotations

import pytest

from rmpair.core.service import PairService
from tests.tui.conftest import (
    MENTEE_PASSPHRASE,
    MENTOR_PASSPHRASE,
    screen_name,
    unlock,
    wait_until,
)

GOAL = "Sponsor two people from under-represented groups"


def goal_count(vault) -> int:
    service = PairService.unlock(vault, MENTEE_PASSPHRASE, write=False)
    try:
        return len(service.goals())
    finally:
        service.close()


async def press_x_then(pilot, *keys: str) -> None:
    """Ask to remove, answer the question with ``keys``, and wait until the question has
    gone and whatever it started has finished (a removal runs in a worker, after the
    dialog has closed)."""
    app = pilot.app
    await pilot.press("x")
    await wait_until(pilot, lambda: screen_name(app) == "ConfirmDialog")
    await pilot.press(*keys)
    await wait_until(pilot, lambda: screen_name(app) != "ConfirmDialog"
                     and all(worker.is_finished for worker in app.screen.workers))


@pytest.mark.parametrize("keys", [("enter",), ("space", "enter"), ("enter", "escape", "enter")])
async def test_x_and_enter_keep_the_goal_and_its_scores(pair_vault, make_app, keys) -> None:
    service = PairService.unlock(pair_vault, MENTEE_PASSPHRASE)
    service.add_goal(GOAL, baseline_score=2)
    service.close()
    app = make_app(pair_vault)
    async with app.run_test(size=(120, 30)) as pilot:
        await unlock(pilot, MENTEE_PASSPHRASE)
        await pilot.press("G")
        await wait_until(pilot, lambda: screen_name(app) == "GoalsScreen")
        await press_x_then(pilot, *keys)
    assert goal_count(pair_vault) == 1


async def test_x_and_enter_keep_the_agenda_item(pair_vault, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(120, 30)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        before = [item.id for item in app.service.meeting(1).agenda]
        await pilot.press("m")
        await wait_until(pilot, lambda: screen_name(app) == "MeetingScreen")
        app.screen.query_one("AgendaChecklist").focus()
        await press_x_then(pilot, "enter")
        assert screen_name(app) == "MeetingScreen"
        assert [item.id for item in app.service.meeting(1).agenda] == before
