"""Helpers for the review-together, progress, closing-review and export tests.

``seeded_pair`` makes a vault where BOTH people hold private things (entries with unique
words in their titles and bodies, check-ins one of them keeps private) beside shared ones
with a known shared word, so a test can prove the private words are nowhere on screen
while the shared word is (and so the test can fail).

``ReviewHarness`` shows one screen on an open service, as the real app would, with the
app's stylesheets, palettes, banner and blank-screen key; ``visible_text`` gathers every
word on the screen: the rendered terminal (screenshot) and each widget's own content,
including parts scrolled out of view.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, Select, TextArea

from rmpair.content import ContentPack, load_content
from rmpair.core.crypto import KdfParams
from rmpair.tui.stylesheets import every_sheet
from rmpair.core.service import PairService
from rmpair.core.settings import load_palettes
from rmpair.tui.commands import KeysAsTyped
from rmpair.tui.widgets.review_banner import BannerKeeper

FAST_KDF = KdfParams(memory_kib=1024, iterations=1)
MENTOR_PASS = "mentor passphrase"
MENTEE_PASS = "mentee passphrase"

# Words that appear only in private entries; none may ever be on screen in review together.
MENTOR_SECRET_TITLE = "Quokkaflint"
MENTOR_SECRET_BODY = "zanzibarite"
MENTEE_SECRET_TITLE = "Pelicanmarsh"
MENTEE_SECRET_BODY = "obsidianquill"
SECRETS = (MENTOR_SECRET_TITLE, MENTOR_SECRET_BODY, MENTEE_SECRET_TITLE, MENTEE_SECRET_BODY)
# A word only in shared entries: it must be on screen, or the test proves nothing.
SHARED_WORD = "Lanternwick"
SHARED_BODY_WORD = "harbourlight"
GOAL_TEXT = "Ask the quietest person first in every meeting"


@lru_cache(maxsize=1)
def shipped_content() -> ContentPack:
    return load_content()


def prepare(service: PairService) -> PairService:
    """What the app does after unlocking: the content pack's categories are the tags."""
    service.known_race_tags = tuple(c.id for c in shipped_content().categories)
    return service


@dataclass
class SeededPair:
    path: Path
    goal_id: str
    shared_ids: tuple[str, ...]
    private_ids: tuple[str, ...]


def seeded_pair(tmp_path: Path, *, mentee_shares_checkins: bool = False) -> SeededPair:
    """Ada (mentor) and Ben (mentee), two meetings held, each with private and shared writing."""
    path = tmp_path / "pair.rmpair"
    mentor, _ = PairService.create(
        path, role="mentor", name="Ada", passphrase=MENTOR_PASS, kdf=FAST_KDF, agendas={},
        programme_start=date(2026, 1, 5),
    )
    mentor.join(role="mentee", name="Ben", passphrase=MENTEE_PASS, kdf=FAST_KDF)
    prepare(mentor)
    mentor.add_agenda_item(1, "Agree how we will work together", 10)
    mentor.mark_held(1, date(2026, 1, 5))
    mentor.mark_held(2, date(2026, 2, 2))
    shared = [
        mentor.add_entry(kind="note", title=f"{SHARED_WORD} agreement", body=f"We met at the {SHARED_BODY_WORD}.",
                         meeting=1, race_tags=["resistance"], private=False).id,
        mentor.add_entry(kind="talking-point", title="Who speaks first", body="shared point", meeting=2,
                         race_tags=["compassion"], private=False).id,
    ]
    private = [
        mentor.add_entry(kind="reflection", title=f"{MENTOR_SECRET_TITLE} thoughts", body=f"I felt {MENTOR_SECRET_BODY}.",
                         meeting=1, race_tags=["solidarity"], private=True).id,
        mentor.add_entry(kind="talking-point", title=f"{MENTOR_SECRET_TITLE} draft", body=MENTOR_SECRET_BODY,
                         meeting=3, race_tags=["empowerment"], private=True).id,
    ]
    mentor.record_checkin(1, {"safe-to-be-honest": 2, "listened-to": 3})
    mentor.record_checkin(2, {"safe-to-be-honest": 4, "listened-to": 4})
    mentor.add_action("Send the reading list", owner="mentor", due_meeting=1)
    carried = mentor.add_action("Book the shadowing day", owner="mentee", due_meeting=1)
    mentor.carry_forward(carried.id, 3)
    mentor.close()

    mentee = prepare(PairService.unlock(path, MENTEE_PASS))
    goal = mentee.add_goal(GOAL_TEXT, baseline_score=2)
    shared.append(
        mentee.add_entry(kind="reflection", title="What I noticed about airtime", body="shared reflection",
                         meeting=2, race_tags=["compassion"], private=False, goal_id=goal.id).id
    )
    private += [
        mentee.add_entry(kind="reflection", title=f"{MENTEE_SECRET_TITLE} worry", body=f"Private: {MENTEE_SECRET_BODY}",
                         meeting=2, race_tags=["empowerment"], private=True, goal_id=goal.id).id,
        mentee.add_entry(kind="observation", title=f"{MENTEE_SECRET_TITLE} at the board", body=MENTEE_SECRET_BODY,
                         meeting=1, race_tags=["resistance", "solidarity"], private=True).id,
    ]
    mentee.record_checkin(1, {"safe-to-be-honest": 5, "listened-to": 1})
    mentee.record_checkin(2, {"safe-to-be-honest": 3})
    mentee.set_share_checkins(mentee_shares_checkins)
    mentee.add_action("Sponsor a colleague for the course", owner="mentee", due_meeting=2)
    mentee.close()
    return SeededPair(path, goal.id, tuple(shared), tuple(private))


def open_as(path: Path, passphrase: str) -> PairService:
    return prepare(PairService.unlock(path, passphrase))


# -- a harness app ----------------------------------------------------------------------------


def stylesheets() -> list[Path]:
    return every_sheet()


class ReviewHarness(KeysAsTyped, App[None]):
    """Holds a service and content as the real app does; shows one screen."""

    CSS_PATH = stylesheets()
    BINDINGS = [
        Binding("ctrl+backslash", "blank_screen", "Hide screen", id="app.blank_screen", priority=True,
                tooltip="Hide everything on the screen at once"),
    ]

    def __init__(self, service: PairService, make_screen: Callable[[], Screen[Any]] | None = None) -> None:
        super().__init__()
        self.service: PairService | None = service
        self.content = shipped_content()
        self._make_screen = make_screen
        for palette in load_palettes().palettes:
            extra = {"text_alpha": palette.text_alpha} if palette.text_alpha is not None else {}
            self.register_theme(
                Theme(name=palette.name, dark=palette.dark, variables=palette.variables, **palette.colours, **extra)
            )

    def on_mount(self) -> None:
        self.theme = "rmpair"
        BannerKeeper(self)
        if self._make_screen is not None:
            self.push_screen(self._make_screen())

    def action_blank_screen(self) -> None:
        from rmpair.tui.screens.blank import BlankScreen

        if not isinstance(self.screen, BlankScreen):
            self.push_screen(BlankScreen())


# -- what is on the screen ---------------------------------------------------------------------


def screenshot_text(app: App[Any]) -> str:
    """What the terminal shows, as plain text (from the SVG screenshot)."""
    svg = app.export_screenshot()
    body = svg[svg.find('<g class="terminal-'):] if '<g class="terminal-' in svg else svg
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\xa0", " ")


def _widget_words(widget: Widget) -> list[str]:
    words: list[str] = []
    for title in (widget.border_title, widget.border_subtitle, widget.tooltip):
        if title:
            words.append(str(title))
    if isinstance(widget, DataTable):
        for row in range(widget.row_count):
            words += [str(cell) for cell in widget.get_row_at(row)]
        words += [str(column.label) for column in widget.columns.values()]
        return words
    if isinstance(widget, OptionList):
        words += [str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]
        return words
    if isinstance(widget, Input):
        return words + [widget.value, widget.placeholder]
    if isinstance(widget, TextArea):
        return words + [widget.text]
    if isinstance(widget, Select):
        words += [str(prompt) for prompt, _ in widget._options]
    try:
        rendered = widget.render()
    except Exception:  # noqa: BLE001 - some containers cannot render alone; their children are walked
        return words
    plain = getattr(rendered, "plain", None)
    words.append(plain if plain is not None else str(rendered))
    return words


def visible_text(app: App[Any]) -> str:
    """Every word on the current screen stack: the terminal itself, every widget's content
    (scrolled out of view or on another tab included), titles and sub-titles."""
    parts = [screenshot_text(app), str(app.title), str(app.sub_title)]
    for screen in app.screen_stack:
        parts += [str(screen.title or ""), str(screen.sub_title or "")]
        for widget in screen.query("*"):
            parts += _widget_words(widget)
    return "\n".join(parts)


def assert_no_secrets(text: str, where: str) -> None:
    lowered = text.casefold()
    for secret in SECRETS:
        assert secret.casefold() not in lowered, f"{secret!r} is visible on {where}"


async def show_section(pilot: Any, section: str) -> None:
    """Move a tabbed screen (progress, meeting) to ``section`` as a person would: with ]."""
    from textual.widgets import TabbedContent

    tabs = pilot.app.screen.query_one(TabbedContent)
    for _ in range(8):
        if tabs.active == section:
            break
        await pilot.press("right_square_bracket")
        await pilot.pause()
    assert tabs.active == section, f"could not reach the {section} section"
    await pilot.pause()
