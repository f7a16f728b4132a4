"""Help (?) lists the keys for the current screen in plain words, and the command
palette offers the same actions by name."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input, OptionList

from rmpair.tui.commands import commands_for, key_in_words
from rmpair.tui.screens.help import HelpScreen
from rmpair.tui.screens.home import HomeScreen
from rmpair.tui.screens.meeting import MeetingScreen
from rmpair.tui.screens.unlock import UnlockScreen
from tests.tui.conftest import MENTOR_PASSPHRASE, unlock, wait_until


def help_text(app) -> str:
    return "\n".join(" | ".join(line) for line in app.screen.lines)


async def test_question_mark_on_home_lists_the_home_keys_in_words(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = help_text(app)
        for words in ("Talking points", "Observe", "Reflect", "Meeting", "Lock", "Settings", "Quit"):
            assert words in text
        assert "Ctrl+L" in text and "| ? |" in text
        assert "F1" not in text, "F1 is taken by common terminals"
        assert "Everywhere" in text and "On this screen" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_question_mark_on_the_meeting_screen_lists_the_focused_lists_keys(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await pilot.press("1")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = help_text(app)
        assert "In the agenda" in text
        assert "Tick" in text and "Remove item" in text and "Held" in text
        assert "In the check-in" not in text, "a section not shown is not listed"
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))


async def test_question_mark_types_into_a_field(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press("a", "question_mark")
        assert app.screen.query_one("#unlock-passphrase", Input).value == "a?"
        assert isinstance(app.screen, UnlockScreen)


async def test_every_rmpair_binding_has_an_id_and_a_tooltip(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        commands = commands_for(app.screen)
        await pilot.press("1")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        for section in ("agenda", "writing", "actions", "checkin"):
            app.screen.query_one("TabbedContent").active = section
            await pilot.pause()
            commands += commands_for(app.screen)
        assert len(commands) > 20
        for command in commands:
            assert command.help, f"{command.name} has no tooltip"
    from rmpair.tui import app as app_module
    from rmpair.tui.screens import home, meeting, setup
    from rmpair.tui.screens import unlock as unlock_module
    from rmpair.tui.widgets import (
        actions_table,
        agenda_checklist,
        checkin_table,
        entries_table,
    )

    for owner in (
        app_module.RmpairApp, home.HomeScreen, meeting.MeetingScreen, setup.AddPartnerScreen,
        unlock_module.UnlockScreen, actions_table.ActionsTable, agenda_checklist.AgendaChecklist,
        checkin_table.CheckinTable, entries_table.EntriesTable,
    ):
        for binding in owner.BINDINGS:
            assert binding.id and binding.tooltip, f"{owner.__name__}: {binding.key}"


def palette_text(app) -> str:
    """The command palette's options, in order, as one line."""
    listed = app.screen.query_one(OptionList)
    return " ".join(str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count))


async def test_palette_offers_the_actions_of_the_screen(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await wait_until(pilot, lambda: "Quit" in palette_text(app))  # the commands are listed
        text = palette_text(app)
        for name in ("Talking points", "Reflect", "Observe", "Lock", "Help", "Settings", "Quit"):
            assert name in text
        assert "Screenshot" not in text, "Textual's screenshot command would write decrypted text to a file"
        assert text.index("Talking points") < text.index("Quit"), "the screen's own commands come first"
        await pilot.press(*"reflect")
        await wait_until(pilot, lambda: palette_text(app).startswith("Reflect"))  # the match is highlighted first
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ReflectionScreen")


async def test_palette_runs_a_widget_action(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await pilot.press("1")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"add item")
        await wait_until(pilot, lambda: palette_text(app).lower().startswith("add"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AskText")


def test_keys_in_plain_words() -> None:
    assert key_in_words("ctrl+l") == "Ctrl+L"
    assert key_in_words("question_mark") == "?"
    assert key_in_words("f1") == "F1"
    assert key_in_words("space") == "Space"
    assert key_in_words("t") == "t"
    assert key_in_words("right_square_bracket") == "]"


TAKEN_BEFORE_THE_APP = {
    "ctrl+b": "tmux's prefix",
    "f1": "help in GNOME Terminal, Konsole and others",
    "f10": "the menu bar in GNOME Terminal",
    "f11": "full screen in most terminals",
}


def test_no_key_is_one_a_terminal_or_multiplexer_keeps_for_itself() -> None:
    """Every binding in the app, on every screen and widget, arrives inside tmux and in the
    common terminals; the app's own keys included."""
    import importlib
    import pkgutil

    import rmpair.tui

    bound: list[tuple[str, str]] = []
    for module in pkgutil.walk_packages(rmpair.tui.__path__, "rmpair.tui."):
        for value in vars(importlib.import_module(module.name)).values():
            own = vars(value).get("BINDINGS") if isinstance(value, type) and value.__module__ == module.name else None
            for binding in own or ():
                if hasattr(binding, "key"):
                    bound += [(key.strip(), value.__name__) for key in binding.key.split(",")]
    assert len(bound) > 50, "the walk found too few bindings to prove anything"
    taken = [f"{owner}: {key} ({TAKEN_BEFORE_THE_APP[key]})" for key, owner in bound if key in TAKEN_BEFORE_THE_APP]
    assert not taken, "\n".join(taken)
