"""Export from the TUI: the unencrypted warning comes before any file exists, a file is
replaced only after a second question, review together never exports anything private,
and the programme summary is shown before it is written."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Markdown

from rmpair.reports.export import UNENCRYPTED_WARNING
from rmpair.tui.screens.ask_dialog import AskDialog
from rmpair.tui.screens.export import ExportScreen
from rmpair.tui.screens.summary import SummaryScreen
from tests.tui.review_harness import (
    MENTEE_SECRET_TITLE,
    MENTOR_PASS,
    MENTOR_SECRET_TITLE,
    SHARED_WORD,
    ReviewHarness,
    open_as,
    screenshot_text,
    seeded_pair,
)
from tests.tui.conftest import wait_until


@pytest.fixture
def seeded(tmp_path: Path):
    return seeded_pair(tmp_path)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def dialog_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("Static"))


async def answer(pilot, yes: bool) -> None:
    await pilot.click("#yes" if yes else "#no")
    await pilot.pause()


async def start_export(pilot, path: Path) -> None:
    app = pilot.app
    field = app.screen.query_one("#export-path", Input)
    field.value = str(path)
    await pilot.click("#export-button")
    await wait_until(pilot, lambda: isinstance(app.screen, AskDialog))


async def test_the_warning_comes_before_any_file_and_confirming_writes_it(seeded, out) -> None:
    service = open_as(seeded.path, MENTOR_PASS)
    app = ReviewHarness(service, lambda: ExportScreen(folder=out))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        default = Path(app.screen.query_one("#export-path", Input).value)
        assert default.parent == out and default.name.startswith("rmpair-export-") and default.suffix == ".md"
        target = out / "pair.md"
        await start_export(pilot, target)
        warning = dialog_text(app)
        assert UNENCRYPTED_WARNING in warning and "NOT be encrypted" in warning
        assert str(target) in warning and "nothing private" in warning
        assert not target.exists(), "nothing may be written before the warning is answered"
        assert app.focused is app.screen.query_one("#no"), "the safe answer is the default"
        await answer(pilot, yes=False)
        assert not target.exists()
        assert "Nothing was written." in screenshot_text(app)

        await start_export(pilot, target)
        await answer(pilot, yes=True)
        await wait_until(pilot, target.exists)
        await wait_until(pilot, lambda: "Written:" in str(app.screen.query_one("#export-result").render()))
        text = target.read_text()
        assert SHARED_WORD in text
        assert MENTOR_SECRET_TITLE not in text and MENTEE_SECRET_TITLE not in text
        assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
        result = str(app.screen.query_one("#export-result").render())
        assert str(target) in result and "NOT encrypted" in result
    service.close()


async def test_an_existing_file_is_replaced_only_after_a_second_question(seeded, out) -> None:
    target = out / "pair.md"
    target.write_text("the old export")
    service = open_as(seeded.path, MENTOR_PASS)
    app = ReviewHarness(service, lambda: ExportScreen(folder=out))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await start_export(pilot, target)
        await answer(pilot, yes=True)  # yes to the unencrypted warning...
        await wait_until(pilot, lambda: isinstance(app.screen, AskDialog))
        assert "already exists" in dialog_text(app)
        assert app.focused is app.screen.query_one("#no"), "keeping the old file is the default"
        await answer(pilot, yes=False)  # ...but no to replacing the file
        await wait_until(pilot, lambda: "is as it was" in screenshot_text(app))
        assert target.read_text() == "the old export"

        await start_export(pilot, target)
        await answer(pilot, yes=True)
        await wait_until(pilot, lambda: isinstance(app.screen, AskDialog))
        await answer(pilot, yes=True)
        await wait_until(pilot, lambda: target.read_text() != "the old export")
        assert SHARED_WORD in target.read_text()
    service.close()


async def test_review_together_cannot_export_anything_private(seeded, out) -> None:
    service = open_as(seeded.path, MENTOR_PASS)
    service.review_mode = True
    app = ReviewHarness(service, lambda: ExportScreen(folder=out))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#export-private", Checkbox)
        assert box.disabled and not box.value
        assert "only shared items can be exported" in screenshot_text(app)
        box.value = True  # even if the box were ticked somehow
        target = out / "together.json"
        await pilot.click("#format-json")
        await start_export(pilot, target)
        await answer(pilot, yes=True)
        await wait_until(pilot, target.exists)
        data = json.loads(target.read_text())
        assert data["includes_private"] is False
        assert all(not e["private"] for e in data["entries"])
        assert MENTOR_SECRET_TITLE not in target.read_text()
    service.close()


async def test_own_private_entries_only_when_asked_and_never_the_partners(seeded, out) -> None:
    service = open_as(seeded.path, MENTOR_PASS)
    app = ReviewHarness(service, lambda: ExportScreen(folder=out))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#format-html")
        assert app.screen.query_one("#export-path", Input).value.endswith(".html")
        await pilot.click("#export-private")
        target = out / "mine.html"
        await start_export(pilot, target)
        assert "your own private entries" in dialog_text(app)
        await answer(pilot, yes=True)
        await wait_until(pilot, target.exists)
        text = target.read_text()
        assert text.lstrip().lower().startswith("<!doctype html")
        assert MENTOR_SECRET_TITLE in text and MENTEE_SECRET_TITLE not in text
    service.close()


async def test_a_missing_folder_is_explained_before_any_question(seeded, out) -> None:
    service = open_as(seeded.path, MENTOR_PASS)
    app = ReviewHarness(service, lambda: ExportScreen(folder=out))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(out / "nowhere" / "x.md")
        await pilot.click("#export-button")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert "does not exist" in str(app.screen.query_one("#export-problem").render())
    service.close()


def _path_shows_whole(screen: ExportScreen) -> bool:
    path = screen.query_one("#export-path", Input)
    return path.is_on_screen and path.region == screen.find_widget(path).visible_region


async def _write_it(pilot, screen: ExportScreen) -> None:
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AskDialog))
    await pilot.press("shift+tab", "enter")  # from "Don't write", the default, to "Write"
    await wait_until(pilot, lambda: "Written:" in str(screen.query_one("#export-result").render()))


async def _do_not_write_it(pilot, screen: ExportScreen) -> None:
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AskDialog))
    await pilot.press("enter")
    await wait_until(pilot, lambda: "Nothing was written" in str(screen.query_one("#export-result").render()))


async def _a_missing_folder(pilot, screen: ExportScreen) -> None:
    field = screen.query_one("#export-path", Input)
    field.value = str(Path(field.value).parent / "nowhere" / "pair.md")
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: "does not exist" in str(screen.query_one("#export-problem").render()))


async def _mend_the_path_and_write_it(pilot, screen: ExportScreen) -> None:
    field = screen.query_one("#export-path", Input)
    field.value = str(Path(field.value).parent.parent / "pair.md")
    await _write_it(pilot, screen)


# Each is reached by keys from the format field, where the screen starts, as a person
# does; a click lands the focus on the button below the form instead.
@pytest.mark.parametrize(
    "steps",
    [(_write_it,), (_do_not_write_it,), (_a_missing_folder,), (_do_not_write_it, _write_it),
     (_a_missing_folder, _mend_the_path_and_write_it)],
    ids=["written", "not-written", "missing-folder", "not-written-then-written", "missing-then-written"],
)
async def test_the_path_a_message_speaks_of_stays_whole_in_view_at_80x24(seeded, out, steps) -> None:
    service = open_as(seeded.path, MENTOR_PASS)
    app = ReviewHarness(service, lambda: ExportScreen(folder=out))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: app.focused is not None and app.focused.id == "export-format")
        for step in steps:
            await step(pilot, screen)
            # The message takes rows from the form; the screen scrolls the path back in
            # view once the form is laid out again, which this waits for.
            await wait_until(pilot, lambda: _path_shows_whole(screen))
    service.close()


async def test_the_summary_is_shown_first_and_written_only_on_write(seeded, out) -> None:
    service = open_as(seeded.path, MENTOR_PASS)
    app = ReviewHarness(service, lambda: SummaryScreen(folder=out))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.text is not None)
        target = Path(screen.query_one("#summary-path", Input).value)
        assert target.parent == out and target.name.startswith("rmpair-summary-")
        shown = screenshot_text(app)
        assert "Reverse mentoring programme summary" in shown
        assert "Meetings held: 2 of 6" in shown
        assert not list(out.iterdir()), "nothing is written just by looking"
        # Ratings are added only when asked, and only of people who share them.
        await pilot.click("#summary-ratings")
        await wait_until(pilot, lambda: "Check-in ratings" in (screen.text or ""))
        assert "The mentee does not share check-in ratings" in screen.text
        await pilot.click("#summary-write")
        await wait_until(pilot, target.exists)
        written = target.read_text()
        assert written == screen.text
        assert "Ada" not in written and SHARED_WORD not in written  # numbers and dates, no names or words
        await wait_until(pilot, lambda: "Wrote the summary" in str(screen.query_one("#summary-result").render()))
        # Writing again asks before replacing.
        await pilot.click("#summary-write")
        await wait_until(pilot, lambda: isinstance(app.screen, AskDialog))
        await answer(pilot, yes=False)
        assert target.read_text() == written
    service.close()


async def test_export_from_home_defaults_to_the_home_folder(seeded, make_app, tmp_path, monkeypatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    app = make_app(seeded.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "UnlockScreen")
        await pilot.press(*MENTOR_PASS, "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen))
        path = Path(app.screen.query_one("#export-path", Input).value)
        assert path.parent == home
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await wait_until(pilot, lambda: app.screen.text is not None)
        assert isinstance(app.screen.query_one("#summary-text"), Markdown)
