"""A private entry is never shared by keys typed while writing.

Sharing is a deliberate act: the privacy toggle is not in the Tab path of any writing
form, the question before sharing keeps "Keep private" focused, and only Ctrl+Y (or a
click on Share) answers it. The sweep tries every sequence of Tab, Shift+Tab, Space,
Enter, y, Escape and Ctrl+O up to four keys from the last field of a reflection; the
other tests check each writing form, the mouse, and the way back to private.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.screen import ModalScreen, Screen
from textual.widgets import Select, TextArea

from rmpair.tui.screens.entry_editor import EntryEditorScreen
from rmpair.tui.screens.observation import ObservationScreen
from rmpair.tui.screens.reflection import ReflectionScreen
from rmpair.tui.screens.talking_points import TalkingPointsScreen
from rmpair.tui.widgets.entry_privacy import ConfirmShare, PrivacyToggle
from tests.tui.conftest import wait_until
from tests.tui.key_sweep import Sweep, ui_state
from tests.tui.writing_harness import WritingHarness, new_vault, screen_text, switch_person

KEYS = ("tab", "shift+tab", "space", "enter", "y", "escape", "ctrl+o")

WRITING_FORMS: dict[str, Callable[[], Screen[Any]]] = {
    "reflection": lambda: ReflectionScreen(meeting=1),
    "observation": lambda: ObservationScreen(meeting=1),
    "talking point": lambda: EntryEditorScreen(kind="talking-point", meeting=1),
    "note": lambda: EntryEditorScreen(kind="note", meeting=1, private=True),
}


@pytest.fixture
def service(tmp_path):
    service = new_vault(tmp_path)
    yield service
    service.close()


class FormHarness(WritingHarness):
    """A writing form over a plain screen, made afresh on demand."""

    def __init__(self, service: Any, make_form: Callable[[], Screen[Any]]) -> None:
        super().__init__(service, Screen)
        self._make_form = make_form

    async def fresh_form(self) -> Screen[Any]:
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        form = self._make_form()
        await self.push_screen(form)
        return form


async def fresh_form_written_in(app: FormHarness, pilot: Any, text: str) -> Screen[Any]:
    """A new form with ``text`` typed into its last writing field, which has the focus."""
    form = await app.fresh_form()
    await wait_until(pilot, lambda: form.is_current and form.query(TextArea))
    last = form.query(TextArea).last()
    last.focus()
    last.insert(text)
    await pilot.pause()
    return form


async def ask_to_share(pilot: Any) -> None:
    await pilot.press("ctrl+o")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmShare))


def shared_entries(service: Any) -> list[str]:
    return [entry.title for entry in service.entries() if not entry.private]


async def test_no_keys_typed_after_a_reflection_share_it(service) -> None:
    app = FormHarness(service, lambda: ReflectionScreen(meeting=1))
    async with app.run_test(size=(80, 24)) as pilot:

        async def start() -> None:
            await fresh_form_written_in(app, pilot, "Ada told me about the rota")

        def settled() -> bool:
            # A question may be waiting for an answer; anything else has finished.
            return isinstance(app.screen, ModalScreen) or all(worker.is_finished for worker in app.workers)

        async def settle() -> None:
            await wait_until(pilot, settled)

        def check(keys: tuple[str, ...]) -> None:
            assert not shared_entries(service), "a private reflection was shared"
            toggles = [toggle for screen in app.screen_stack for toggle in screen.query(PrivacyToggle)]
            assert all(toggle.private for toggle in toggles), "the form says the reflection is shared"

        def keys_that_matter() -> tuple[str, ...]:
            # Escape answers a question or closes a list; on the form itself it leaves the
            # form, after which nothing typed can reach it, so there it is not pressed.
            if isinstance(app.screen, ModalScreen) or any(select.expanded for select in app.screen.query(Select)):
                return KEYS
            return tuple(key for key in KEYS if key != "escape")

        sweep = Sweep(
            pilot,
            start=start,
            check=check,
            state=lambda: ui_state(app),
            settle=settle,
            finished=lambda: not any(isinstance(screen, ReflectionScreen) for screen in app.screen_stack),
        )
        await sweep.every_sequence(keys_that_matter, depth=4)
        screens = {state[-1][0] for state in sweep.sequences}
        # The sweep reached the question (Ctrl+O asks), so it proves something about it.
        assert "ConfirmShare" in screens, screens
    assert service.entries(kind="reflection"), "the reflections written were kept, privately"


@pytest.mark.parametrize("form", list(WRITING_FORMS))
async def test_the_privacy_toggle_is_outside_the_tab_path_of_every_writing_form(service, form) -> None:
    app = FormHarness(service, WRITING_FORMS[form])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await fresh_form_written_in(app, pilot, "Something private")
        toggle = screen.query_one(PrivacyToggle)
        assert toggle not in screen.focus_chain
        for key in ("tab", "shift+tab"):
            for _ in range(len(screen.focus_chain) + 1):
                await pilot.press(key)
                assert app.focused is not toggle
        # It is still in reach: its key is in the footer and the palette...
        assert "Ctrl+O Share" in screen_text(app)
        from rmpair.tui.commands import commands_for

        assert "Share" in {command.name for command in commands_for(screen)}
        # ...and a click asks first, with Keep private focused and the key said plainly.
        await pilot.click(PrivacyToggle)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmShare))
        assert app.focused.id == "keep"
        assert "Ctrl+Y" in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert not shared_entries(service) and toggle.private


async def test_the_share_question_answers_only_to_ctrl_y_or_a_click(service) -> None:
    app = FormHarness(service, WRITING_FORMS["talking point"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await fresh_form_written_in(app, pilot, "Who gets the panel seat?")
        await ask_to_share(pilot)
        dialog = app.screen
        share_button = dialog.query_one("#share")
        assert share_button not in dialog.focus_chain
        await pilot.press("y", "tab", "enter")  # what "yes" used to be, then Tab to Share
        await wait_until(pilot, lambda: app.screen is screen)
        assert not shared_entries(service)
        await ask_to_share(pilot)
        await pilot.click("#share")
        await wait_until(pilot, lambda: app.screen is screen)
        assert len(shared_entries(service)) == 1


async def test_right_after_sharing_the_way_back_to_private_is_on_screen(service) -> None:
    app = FormHarness(service, WRITING_FORMS["reflection"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await fresh_form_written_in(app, pilot, "We agreed to share this")
        await ask_to_share(pilot)
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: app.screen is screen and shared_entries(service))
        text = screen_text(app)
        assert "👥 shared" in text and "Ctrl+O makes private" in text  # on the toggle
        assert "Ctrl+O Make private" in text  # in the footer
        assert "Ctrl+O makes it private again" in " ".join(str(n.message) for n in app._notifications)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: not shared_entries(service))
        assert "🔒 private" in screen_text(app)


async def test_only_the_author_is_offered_making_a_shared_entry_private(service) -> None:
    shared = service.add_entry(kind="note", title="Agreed ground rules", body="both of us", private=False)
    partner = switch_person(service)
    try:
        app = WritingHarness(partner, lambda: EntryEditorScreen(shared.id))
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, EntryEditorScreen))
            await pilot.pause()
            text = screen_text(app)
            assert "👥 shared" in text
            assert "Make private" not in text and "makes private" not in text
            await pilot.press("ctrl+o")
            await pilot.click(PrivacyToggle)
            await pilot.pause()
            assert not partner.entry(shared.id).private
    finally:
        partner.close()


async def test_a_shared_talking_point_can_be_made_private_again_from_the_list(service) -> None:
    draft = service.add_entry(kind="talking-point", title="Panels", body="Who sits on them", meeting=3)
    app = WritingHarness(service, lambda: TalkingPointsScreen(meeting=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("d", "s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmShare))
        await pilot.press("y")  # a letter does not answer
        await pilot.pause()
        assert service.entry(draft.id).private
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: not service.entry(draft.id).private)
        assert "s Make private" in screen_text(app)
        await pilot.press("s")
        await wait_until(pilot, lambda: service.entry(draft.id).private)
