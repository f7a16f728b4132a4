"""Deleting an entry for good is never done by letters typed as words.

The lists of talking points and of reflections act on single letters (x deletes, a puts
on the agenda, e edits). Someone who thinks they are in the editor (it has not opened
yet, or a save failed and it never did) types on into the list: "anxiety" is a, n, x,
i, e, t, y. Only a chord may answer the question before deleting, as for sharing.
"""

from __future__ import annotations

import pytest

from rmpair.tui.screens.reflection_log import ReflectionLogScreen
from rmpair.tui.screens.talking_points import TalkingPointsScreen
from rmpair.tui.widgets.entry_dialogs import ConfirmDelete
from tests.tui.conftest import wait_until
from tests.tui.writing_harness import WritingHarness, new_vault

# Words with an x followed, before any Space, n or Escape, by a y.
WORDS = ("anxiety", "proxy", "galaxy", "xylophone", "complexity")


@pytest.fixture
def service(tmp_path):
    service = new_vault(tmp_path)
    yield service
    service.close()



@pytest.mark.parametrize(
    ("kind", "make_screen", "focus_key"),
    [
        ("talking-point", lambda: TalkingPointsScreen(meeting=1), "d"),
        ("reflection", lambda: ReflectionLogScreen(), "tab"),
    ],
)
async def test_typing_words_on_a_list_deletes_nothing(service, kind, make_screen, focus_key):
    kept = service.add_entry(kind=kind, title="Precious", body="Words I cannot write again", meeting=1)
    app = WritingHarness(service, make_screen)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for word in WORDS:
            while not isinstance(app.screen, type(make_screen())):
                await pilot.press("escape")
                await pilot.pause()
            await pilot.press(focus_key)
            await pilot.press(*word)
            await pilot.pause()
        # Letters that reached an editor may have made a new entry; the old one stays.
        assert kept.id in [e.id for e in service.entries()]


async def test_the_question_before_deleting_is_answered_by_ctrl_d(service):
    service.add_entry(kind="talking-point", title="Delete me", body="gone", meeting=1)
    app = WritingHarness(service, lambda: TalkingPointsScreen(meeting=1))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("d", "x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDelete))
        assert "Ctrl+D" in str(app.screen.query_one("#delete").label)
        await pilot.press("y", "enter", "space")
        assert service.entries()
        await pilot.press("d", "x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDelete))
        await pilot.press("ctrl+d")
        await wait_until(pilot, lambda: not service.entries())
