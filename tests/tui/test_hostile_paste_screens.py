"""Hostile or careless paste, on every screen that shows what the pair wrote.

The samples of ``hostile_samples`` (Rich and Textual markup with actions in it, terminal
escape sequences, C0 and C1 controls, bidi overrides, combining and zero-width marks,
emoji sequences, Windows line ends, a 100 KB line, ten megabytes) go in through
``PairService`` as titles, bodies, agenda items, actions and a goal; then each screen is
opened as the pair would open it. On each:

* what was written is shown as the text it is: markup brackets appear as brackets, and
  each control character as its visible picture (``rmpair.tui.widgets.literal.visible``);
* nothing reaches the terminal that it would obey: the strips the compositor hands the
  driver hold no control character at all;
* a click on "[@click=app.quit]" is a click on words: the app keeps running.

A ten-megabyte body may be shown cut, with a note, but opens without a hang and comes
back exactly when the editor saves it.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from tests.hostile_samples import SAMPLES
from tests.tui.review_harness import MENTEE_PASS, MENTOR_PASS, FAST_KDF, ReviewHarness, open_as, prepare, show_section
from rmpair.tui.screens.closing_review import TEMPLATE_ID as CLOSING_TEMPLATE
from rmpair.tui.screens.closing_review import TITLE as CLOSING_TITLE
from rmpair.tui.screens.closing_review import ClosingAnswers, closing_markdown
from rmpair.core.service import PairService
from rmpair.tui.widgets.literal import visible
from tests.tui.conftest import tooltip_shown, wait_until

SMALL = {name: sample for name, sample in SAMPLES.items() if name != "ten-megabytes"}
GOAL_TEXT = "[bold red]my goal[/] \x1b[2J[@click=app.quit]quit[/] \x9b31m\u202eevil"
WIDE = (200, 60)
# What a terminal would act on: C0 (newline and tab included: a strip is one line, and
# the widgets expand tabs), DEL and C1.
_OBEYED = re.compile("[\x00-\x1f\x7f-\x9f]")


def shown_as(text: str) -> str:
    """How one line of the pair's text reads on screen."""
    return visible(" ".join(text.split()))


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Ada (mentor) and Ben (mentee). Per small sample, Ada holds a shared talking point
    and a private note (meeting 1) with its title and body, an agenda item and an action
    with its title; Ben holds a goal with markup and escapes in it, a shared reflection
    per sample linked to it, and a closing review with escapes and markup in its answers."""
    path = tmp_path_factory.mktemp("hostile") / "pair.rmpair"
    mentor, _ = PairService.create(
        path, role="mentor", name="Ada", passphrase=MENTOR_PASS, kdf=FAST_KDF, agendas={},
        programme_start=date(2026, 1, 5),
    )
    mentor.join(role="mentee", name="Ben", passphrase=MENTEE_PASS, kdf=FAST_KDF)
    prepare(mentor)
    ids: dict[str, str] = {}
    for name, (title, body) in SMALL.items():
        ids[name] = mentor.add_entry(kind="talking-point", title=title, body=body, meeting=1, private=False).id
        mentor.add_entry(kind="note", title=title, body=body, meeting=1, private=True)
        mentor.add_agenda_item(1, title)
        mentor.add_action(title, owner="mentor", due_meeting=1)
    mentor.close()
    mentee = prepare(PairService.unlock(path, MENTEE_PASS))
    goal = mentee.add_goal(GOAL_TEXT, baseline_score=2)
    closing = ClosingAnswers(keep_doing={"mentor": SMALL["terminal-escapes"][1], "mentee": SMALL["rich-markup"][1]},
                             sponsorship=SMALL["actions-in-markup"][1])
    mentee.add_entry(kind="note", title=CLOSING_TITLE, body=closing_markdown(closing, [], {}), meeting=6,
                     private=False, template_id=CLOSING_TEMPLATE)
    for title, body in SMALL.values():
        mentee.add_entry(kind="reflection", title=title, body=body, meeting=1, private=False, goal_id=goal.id)
    mentee.close()
    return {"path": path, "ids": ids}


@pytest.fixture
def vault(_template: dict[str, Any], tmp_path: Path) -> Path:
    target = tmp_path / "pair.rmpair"
    shutil.copy(_template["path"], target)
    return target


@pytest.fixture
def talking_point_ids(_template: dict[str, Any]) -> dict[str, str]:
    return _template["ids"]


# -- what reaches the terminal -------------------------------------------------------------------


def rendered_lines(app: App[Any]) -> list[str]:
    """The current screen as the driver would write it: each line's segments, joined."""
    return ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]


def in_view(app: App[Any]) -> tuple[Region, list[str]]:
    """Where to look for the pair's words, and the lines drawn there: the whole screen, or
    only a dialog's box when one is open (the screen behind it shows through)."""
    region = app.screen.children[0].region if isinstance(app.screen, ModalScreen) else app.screen.region
    strips = app.screen._compositor.render_strips()[region.y : region.bottom]
    return region, ["".join(segment.text for segment in strip.crop(region.x, region.right)) for strip in strips]


def assert_inert(app: App[Any], where: str) -> None:
    for number, line in enumerate(rendered_lines(app)):
        found = sorted(set(_OBEYED.findall(line)))
        assert not found, f"{where}, line {number}: control characters reach the terminal: {found!r} in {line!r}"


def assert_shown(app: App[Any], texts: Any, where: str) -> None:
    screen = "\n".join(in_view(app)[1])
    for text in texts:
        assert shown_as(text) in screen, f"{where}: {shown_as(text)!r} is not on screen as written"


def widget_text(widget: Static) -> str:
    rendered = widget.render()
    return getattr(rendered, "plain", str(rendered))


async def click_on_words(pilot: Any, words: str) -> None:
    """Click where ``words`` are drawn, as a person would with the mouse."""
    target = shown_as(words)
    region, lines = in_view(pilot.app)
    for row, line in enumerate(lines):
        column = line.find(target)
        if column != -1:
            await pilot.click(offset=(region.x + cell_len(line[:column]) + 1, region.y + row))
            await pilot.pause()
            return
    raise AssertionError(f"{target!r} is not on screen to click")


async def assert_literal(pilot: Any, texts: Any, where: str, *, click: str | None = None) -> None:
    """``texts`` are on screen as written, nothing on it would drive the terminal, and a
    click on ``click`` (words with "[@click=...]" in them) runs nothing."""
    app = pilot.app
    assert_inert(app, where)
    assert_shown(app, texts, where)
    if click is not None:
        await click_on_words(pilot, click)
        assert app.return_code is None and app.is_running, f"{where}: a click on the pair's words ran an action"


TITLES = [title for title, _ in SMALL.values()]
PRINTABLE_TITLES = [title for title in TITLES if not _OBEYED.search(title)]
ACTION_TITLE = SMALL["actions-in-markup"][0]


# -- the screens ---------------------------------------------------------------------------------


async def test_home_shows_the_next_meetings_talking_points_and_agenda_literally(vault: Path) -> None:
    from rmpair.tui.screens.home import HomeScreen

    app = ReviewHarness(open_as(vault, MENTOR_PASS), HomeScreen)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        panel = widget_text(app.screen.query_one("#home-next-text", Static))
        for title in PRINTABLE_TITLES:
            assert f"[ ] {title}\n" in panel, "the agenda item, brackets and all"
            assert f"👥 shared  {title}\n" in panel, "the talking point, brackets and all"
        assert_shown(app, [ACTION_TITLE], "home's actions")
        await click_on_words(pilot, ACTION_TITLE)
        assert app.return_code is None and app.is_running, "a click on the pair's words ran an action"


async def test_home_lets_no_control_character_reach_the_terminal(vault: Path) -> None:
    from rmpair.tui.screens.home import HomeScreen

    app = ReviewHarness(open_as(vault, MENTOR_PASS), HomeScreen)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert_inert(app, "home")


async def test_the_meeting_screen_shows_agenda_writing_and_actions_literally(vault: Path) -> None:
    from rmpair.tui.screens.meeting import MeetingScreen

    app = ReviewHarness(open_as(vault, MENTOR_PASS), lambda: MeetingScreen(1))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        for section in ("agenda", "writing", "actions"):
            await show_section(pilot, section)
            await assert_literal(pilot, TITLES, f"the meeting's {section}", click=ACTION_TITLE)


async def test_the_log_lists_and_previews_every_entry_literally(vault: Path) -> None:
    from rmpair.tui.screens.reflection_log import ReflectionLogScreen

    app = ReviewHarness(open_as(vault, MENTOR_PASS), ReflectionLogScreen)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#log-table", DataTable)
        await assert_literal(pilot, TITLES, "the log's table")
        table.focus()
        seen = set()
        for _ in range(table.row_count):
            entry = next(e for e in screen._shown if e.id == screen.highlighted_entry_id())
            await wait_until(pilot, lambda: screen.query_one("#log-preview-body").source is not None)
            await pilot.pause()
            where = f"the log's preview of {entry.title!r}"
            assert_inert(app, where)
            meta = widget_text(screen.query_one("#log-preview-meta", Static))
            assert meta.startswith(shown_as(entry.title) + "\n"), where
            seen.add(entry.title)
            await pilot.press("down")
        assert set(TITLES) <= seen
        await assert_literal(pilot, [], "the log", click=ACTION_TITLE)


@pytest.mark.parametrize("sample", SMALL)
async def test_the_editor_shows_the_text_inert_and_saves_it_back_exactly(vault: Path, talking_point_ids, sample) -> None:
    from rmpair.tui.screens.entry_editor import EntryEditorScreen
    from rmpair.tui.widgets.markdown_editor import MarkdownEditor

    title, body = SMALL[sample]
    service = open_as(vault, MENTOR_PASS)
    entry_id = talking_point_ids[sample]
    app = ReviewHarness(service, lambda: EntryEditorScreen(entry_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        editor = app.screen.query_one(MarkdownEditor)
        assert editor.text == body, "the editor holds the text exactly"
        assert_inert(app, f"the editor on {sample}")
        first_line = body.split("\n")[0].split("\r")[0].split("\t")[0][:40]
        if first_line.strip():
            assert visible(first_line) in "\n".join(rendered_lines(app))
        title_box = app.screen.query_one("#editor-title", Input)
        title_box.focus()
        await pilot.press("end", "exclamation_mark")
        assert_inert(app, f"the editor's title box on {sample}")
        assert visible(title + "!") in "".join(segment.text for segment in title_box.render_line(0))
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: app.screen.query_one("#md-preview").source is not None)
        await pilot.pause()
        assert_inert(app, f"the editor's preview of {sample}")
        editor.focus_text(at_end=True)
        await pilot.press(*"and more")
        await pilot.press("escape")  # leaving saves
        await wait_until(pilot, lambda: service.entry(entry_id).title != title)
    saved = service.entry(entry_id)
    service.close()
    assert saved.title == title + "!"
    assert saved.body == body + "and more", "the body came back changed"


async def test_the_talking_points_screen_lists_the_drafts_literally(vault: Path) -> None:
    from rmpair.tui.screens.talking_points import TalkingPointsScreen

    app = ReviewHarness(open_as(vault, MENTOR_PASS), lambda: TalkingPointsScreen(meeting=1))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        drafts = app.screen.query_one("#tp-drafts", OptionList)
        prompts = [str(drafts.get_option_at_index(i).prompt) for i in range(drafts.option_count)]
        for title in TITLES:
            assert any(shown_as(title) in prompt for prompt in prompts), f"{title!r} is not listed as written"
        await assert_literal(pilot, [], "the talking points", click=ACTION_TITLE)


async def test_the_progress_view_shows_goal_evidence_actions_and_agenda_literally(vault: Path) -> None:
    from rmpair.tui.screens.progress import ProgressScreen

    app = ReviewHarness(open_as(vault, MENTOR_PASS), ProgressScreen)
    async with app.run_test(size=WIDE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ProgressScreen) and app.screen.report is not None)
        # In the order the sections come, so each is one press of ] away.
        for section, texts in (("meetings", TITLES), ("actions", TITLES), ("goals", [GOAL_TEXT, *TITLES])):
            await show_section(pilot, section)
            await assert_literal(pilot, texts, f"progress, {section}")
        await assert_literal(pilot, [], "progress, goals", click=GOAL_TEXT)


async def test_review_together_shows_the_shared_writing_literally(vault: Path) -> None:
    from rmpair.tui.screens.progress import ProgressScreen

    service = open_as(vault, MENTOR_PASS)
    service.review_mode = True
    app = ReviewHarness(service, ProgressScreen)
    async with app.run_test(size=WIDE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ProgressScreen) and app.screen.report is not None)
        await show_section(pilot, "goals")
        await assert_literal(pilot, [GOAL_TEXT, *TITLES], "review together, goals", click=GOAL_TEXT)


async def test_the_closing_review_shows_the_goal_literally(vault: Path) -> None:
    from rmpair.tui.screens.closing_review import ClosingReviewScreen

    app = ReviewHarness(open_as(vault, MENTEE_PASS), ClosingReviewScreen)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        mentor_box = app.screen.query_one("#closing-mentor", TextArea)
        assert mentor_box.text == SMALL["terminal-escapes"][1], "the answer is in the form exactly"
        assert "clear␛[2J␛[Hhome" in "\n".join(rendered_lines(app)), "and shown with its escapes visible"
        await assert_literal(pilot, [GOAL_TEXT], "the closing review", click=GOAL_TEXT)


async def test_the_closing_reviews_score_tooltip_quotes_the_goal_literally(vault: Path) -> None:
    """The score's tooltip names the goal: a tooltip reads a plain string as markup."""
    from textual.widgets import Select

    from rmpair.tui.screens.closing_review import ClosingReviewScreen

    app = ReviewHarness(open_as(vault, MENTEE_PASS), ClosingReviewScreen)
    async with app.run_test(size=WIDE, tooltips=True) as pilot:
        await pilot.pause()
        score = next(s for s in app.screen.query(Select) if "closing-score" in s.classes)
        assert shown_as(GOAL_TEXT) in await tooltip_shown(pilot, score)



async def test_the_goals_screen_and_its_form_show_the_goal_literally(vault: Path) -> None:
    from rmpair.tui.screens.goals import GoalForm, GoalsScreen

    app = ReviewHarness(open_as(vault, MENTEE_PASS), GoalsScreen)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await assert_literal(pilot, [GOAL_TEXT], "the goals screen", click=GOAL_TEXT)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, GoalForm))
        assert_inert(app, "the goal form")


async def test_dialogs_quote_an_agenda_item_literally(vault: Path) -> None:
    from rmpair.tui.screens.meeting import MeetingScreen
    from rmpair.tui.widgets.agenda_checklist import AgendaChecklist

    service = open_as(vault, MENTOR_PASS)
    app = ReviewHarness(service, lambda: MeetingScreen(1))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        checklist = app.screen.query_one(AgendaChecklist)
        texts = [item.text for item in service.meeting(1).agenda]
        for sample, key, dialog in (
            ("actions-in-markup", "x", "ConfirmDialog"),
            ("terminal-escapes", "x", "ConfirmDialog"),
            ("terminal-escapes", "e", "AskText"),
            ("control-characters", "e", "AskText"),
        ):
            checklist.focus()
            checklist.highlighted = texts.index(SMALL[sample][0])
            await pilot.press(key)
            await wait_until(pilot, lambda: type(app.screen).__name__ == dialog)
            title = SMALL[sample][0]
            click = title if sample == "actions-in-markup" else None
            await assert_literal(pilot, [title], f"{dialog} on {sample}", click=click)
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        assert [item.text for item in service.meeting(1).agenda] == texts, "nothing was removed or changed"


async def test_the_delete_question_quotes_a_talking_point_literally(vault: Path, talking_point_ids) -> None:
    from rmpair.tui.screens.talking_points import TalkingPointsScreen

    app = ReviewHarness(open_as(vault, MENTOR_PASS), lambda: TalkingPointsScreen(meeting=1))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        drafts = app.screen.query_one("#tp-drafts", OptionList)
        for sample in ("actions-in-markup", "terminal-escapes"):
            drafts.focus()
            drafts.highlighted = drafts.get_option_index(talking_point_ids[sample])
            await pilot.press("x")
            await wait_until(pilot, lambda: isinstance(app.screen, ModalScreen))
            title = SMALL[sample][0]
            where = f"the delete question on {sample}"
            # The heading is built in entry_dialogs with Rich, which drops the title's BEL
            # before the dialog can show it: the rest must be there, ESC as its picture.
            shown = title.replace("\x07", "")
            await assert_literal(pilot, [shown], where, click=title if sample == "actions-in-markup" else None)
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, TalkingPointsScreen))


async def test_a_paste_into_the_observation_form_is_shown_inert_and_saved_exactly(tmp_path: Path) -> None:
    """The form's text boxes are where a paste from a terminal or chat window lands."""
    from textual import events

    from rmpair.tui.screens.observation import ObservationScreen

    service = prepare(PairService.create(
        tmp_path / "obs.rmpair", role="mentor", name="Ada", passphrase=MENTOR_PASS, kdf=FAST_KDF, agendas={},
    )[0])
    pasted = SMALL["terminal-escapes"][1] + " " + SMALL["actions-in-markup"][1]
    app = ReviewHarness(service, lambda: ObservationScreen(meeting=1))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, TextArea)
        app.post_message(events.Paste(pasted))
        await pilot.pause()
        await assert_literal(pilot, [pasted[:30]], "the observation form", click="[@click=app.quit]quit[/]")
        await pilot.press("escape")  # leaving saves
        await wait_until(pilot, lambda: service.entries(kind="observation"))
    [observation] = service.entries(kind="observation")
    service.close()
    assert pasted in observation.body

# -- ten megabytes ---------------------------------------------------------------------------------


@pytest.fixture
def ten_megabytes(tmp_path: Path) -> tuple[PairService, str]:
    title, body = SAMPLES["ten-megabytes"]
    service, _ = PairService.create(
        tmp_path / "big.rmpair", role="mentor", name="Ada", passphrase=MENTOR_PASS, kdf=FAST_KDF, agendas={},
    )
    prepare(service)
    entry = service.add_entry(kind="note", title=title, body=body, meeting=1, private=True)
    yield service, entry.id
    service.close()


async def test_ten_megabytes_are_previewed_cut_with_a_note_and_edited_without_loss(ten_megabytes) -> None:
    from rmpair.tui.screens.reflection_log import ReflectionLogScreen
    from rmpair.tui.widgets.markdown_editor import MarkdownEditor

    service, entry_id = ten_megabytes
    title, body = SAMPLES["ten-megabytes"]
    app = ReviewHarness(service, ReflectionLogScreen)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.query_one("#log-preview-body").source is not None)
        meta = widget_text(screen.query_one("#log-preview-meta", Static))
        assert f"of {len(body):,} characters" in meta, "the preview says it is cut"
        assert_inert(app, "the log's preview of ten megabytes")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen is not app.screen and app.screen.query(MarkdownEditor))
        editor = app.screen.query_one(MarkdownEditor)
        assert editor.text == body
        note = widget_text(app.screen.query_one("#md-kept-note", Static))
        assert "kept unchanged" in note and app.screen.query_one("#md-kept-note").display
        assert_inert(app, "the editor on ten megabytes")
        editor.focus_text(at_end=False)
        editor.text_area.move_cursor((0, 0))
        await pilot.press(*"Start: ")
        assert editor.text.startswith("Start: Line of")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
    assert service.entry(entry_id).body == "Start: " + body, "the part not shown was lost or changed"
