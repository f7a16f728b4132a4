"""Review together: the pair at one laptop, where nothing private may show.

Both people hold private entries (unique words in titles and bodies) and the mentee keeps
their check-in ratings private. Each test walks the real app's screens and gathers every
word on them (the terminal and every widget's content, other tabs included), then checks
that no private word and no private count is there, while a shared word is, so the
test can fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Input

from rmpair.core.errors import UsageError
from rmpair.tui.screens.home import HomeScreen
from rmpair.tui.screens.progress import ProgressScreen
from rmpair.tui.screens.unlock import UnlockScreen
from rmpair.tui.widgets.passphrase_form import PassphraseForm
from rmpair.tui.widgets.review_banner import BANNER_TEXT, REVIEW_CHOSEN, REVIEW_ENDED, REVIEW_UNLOCK_BUTTON, ReviewBanner
from tests.tui.review_harness import (
    MENTEE_PASS,
    MENTEE_SECRET_TITLE,
    MENTOR_PASS,
    MENTOR_SECRET_TITLE,
    SECRETS,
    SHARED_BODY_WORD,
    SHARED_WORD,
    assert_no_secrets,
    open_as,
    screenshot_text,
    seeded_pair,
    show_section,
    visible_text,
)
from tests.tui.conftest import wait_until


@pytest.fixture
def seeded(tmp_path: Path):
    return seeded_pair(tmp_path)


def screen_is(app, name: str):
    def check() -> bool:
        return type(app.screen).__name__ == name

    check.__name__ = f"screen is {name}"
    return check


async def unlock(pilot, passphrase: str, *, review: bool) -> None:
    app = pilot.app
    await wait_until(pilot, screen_is(app, "UnlockScreen"))
    # Review together is its own way in (Ctrl+T, or its button); Enter is a plain unlock.
    await pilot.press(*passphrase, "ctrl+t" if review else "enter")
    await wait_until(pilot, screen_is(app, "HomeScreen"))


def assert_banner(app, where: str) -> None:
    assert app.screen.query(ReviewBanner), f"no review-together banner on {where}"
    assert BANNER_TEXT in screenshot_text(app), f"the banner's words are not on {where}"


async def progress_ready(pilot) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ProgressScreen) and app.screen.report is not None)


@pytest.mark.parametrize("passphrase", [MENTOR_PASS, MENTEE_PASS], ids=["mentor", "mentee"])
async def test_review_together_shows_nothing_private_on_any_screen(seeded, make_app, passphrase) -> None:
    app = make_app(seeded.path)
    async with app.run_test(size=(160, 48)) as pilot:
        await unlock(pilot, passphrase, review=True)
        assert app.service.review_mode
        seen: dict[str, str] = {}

        # Home: counts and "what needs doing" nudges come from shared things only.
        assert_banner(app, "home")
        seen["home"] = visible_text(app)
        assert "No reflection from you" not in seen["home"]
        # All writing is shared in review together, and the menu says so.
        for words in ("Prepare talking points", "Record an observation", "Write a reflection"):
            assert f"{words} (shared with you both)" in seen["home"]

        # Progress, every section.
        await pilot.press("g")
        await progress_ready(pilot)
        for section in ("meetings", "coverage", "actions", "checkins", "goals"):
            await show_section(pilot, section)
            assert_banner(app, f"progress ({section})")
            seen[f"progress {section}"] = visible_text(app)
        progress = "\n".join(v for k, v in seen.items() if k.startswith("progress"))
        assert "3 items shared" in progress  # 3 shared, 4 private in the vault
        assert "What I noticed about airtime" in progress  # shared evidence for the goal
        assert "Ben (mentee) keeps their ratings private." in progress
        report = app.screen.report
        assert report.coverage.total("solidarity") == 0  # tagged only on private entries
        assert [len(g.evidence) for g in report.goals] == [1]  # the private evidence is not counted
        assert not report.checkins.for_person("mentee")
        await pilot.press("escape")
        await wait_until(pilot, screen_is(app, "HomeScreen"))

        # Goals: the shared evidence is listed and counted, the private one neither.
        await pilot.press("G")
        await wait_until(pilot, screen_is(app, "GoalsScreen"))
        assert_banner(app, "goals")
        seen["goals"] = visible_text(app)
        assert "What I noticed about airtime" in seen["goals"] and "Evidence: 1 linked" in seen["goals"]
        await pilot.press("escape")
        await wait_until(pilot, screen_is(app, "HomeScreen"))

        # The log, and a search for each private word.
        await pilot.press("l")
        await wait_until(pilot, screen_is(app, "ReflectionLogScreen"))
        assert_banner(app, "the log")
        seen["log"] = visible_text(app)
        assert SHARED_WORD in seen["log"], "the shared entry must be listed, or this test proves nothing"
        assert "of 3 entries" in seen["log"]
        assert "You" not in seen["log"].split(), "at one laptop, 'You' would not say who wrote it"
        search = app.screen.query_one("#log-search", Input)
        for word in (MENTOR_SECRET_TITLE, MENTEE_SECRET_TITLE, *SECRETS):
            search.value = ""
            await wait_until(pilot, lambda: "3 of 3 entries" in visible_text(app))  # the last search is gone
            search.focus()
            await pilot.press(*word.lower(), "enter")
            await wait_until(pilot, lambda: "Nothing matches" in visible_text(app))
            seen[f"log search {word}"] = visible_text(app).replace(word.lower(), "")
            assert "Nothing matches" in seen[f"log search {word}"]
            assert "(of 3 entries)" in seen[f"log search {word}"]
        search.value = ""
        await wait_until(pilot, lambda: "3 of 3 entries" in visible_text(app))
        search.focus()
        await pilot.press(*SHARED_BODY_WORD, "enter")
        await wait_until(pilot, lambda: "1 of 3 entries" in visible_text(app))
        assert SHARED_WORD in visible_text(app)
        await pilot.press("escape")
        await wait_until(pilot, screen_is(app, "HomeScreen"))

        # Meetings 1 to 3: the writing tab counts and lists shared entries only.
        for number, shared_count in ((1, 1), (2, 2), (3, 0)):
            await pilot.press(str(number))
            await wait_until(pilot, screen_is(app, "MeetingScreen"))
            for section in ("agenda", "writing", "actions", "checkin"):
                await show_section(pilot, section)
                if section == "writing":
                    # Nothing private is shown, so the tab does not speak of private entries.
                    note = " ".join(str(n.render()) for n in app.screen.query("#writing .section-note"))
                    assert note and "private" not in note.lower()
            assert_banner(app, f"meeting {number}")
            text = visible_text(app)
            assert f"Writing ({shared_count})" in text
            if number == 1:
                assert SHARED_WORD in text
            seen[f"meeting {number}"] = text
            await pilot.press("escape")
            await wait_until(pilot, screen_is(app, "HomeScreen"))

        # Talking points: its drafts list.
        await pilot.press("t")
        await wait_until(pilot, screen_is(app, "TalkingPointsScreen"))
        await pilot.pause()
        assert_banner(app, "talking points")
        seen["talking points"] = visible_text(app)
        await pilot.press("escape")

        for where, text in seen.items():
            assert_no_secrets(text, where)


async def test_the_mentee_in_review_together_sees_their_own_ratings_called_private(seeded, make_app) -> None:
    app = make_app(seeded.path)
    async with app.run_test(size=(120, 36)) as pilot:
        await unlock(pilot, MENTEE_PASS, review=True)
        await pilot.press("g")
        await progress_ready(pilot)
        await show_section(pilot, "checkins")
        assert "Ben (mentee) keeps their ratings private." in screenshot_text(app)
        text = visible_text(app)
        assert "Ben (mentee) keeps their ratings private." in text
        assert "Ada (mentor)" in text  # the mentor shares theirs
        assert not app.screen.report.checkins.for_person("mentee")


async def test_review_together_by_command_hides_private_items_and_leaving_asks_again(seeded, make_app) -> None:
    app = make_app(seeded.path)
    async with app.run_test(size=(120, 36)) as pilot:
        await unlock(pilot, MENTOR_PASS, review=False)
        # The mentor's private talking point for the next meeting is on home...
        assert MENTOR_SECRET_TITLE in screenshot_text(app)
        assert not app.screen.query(ReviewBanner)
        await pilot.press("v")
        await wait_until(pilot, lambda: app.service.review_mode)
        await pilot.pause()
        # ...and gone once review together starts, with the banner there instead.
        assert isinstance(app.screen, HomeScreen)
        assert_banner(app, "home")
        assert_no_secrets(visible_text(app), "home after review together started")
        # Leaving review together is a lock: a passphrase is needed again.
        await pilot.press("v")
        await wait_until(pilot, screen_is(app, "UnlockScreen"))
        assert app.service is None
        assert REVIEW_ENDED in screenshot_text(app)
        # Leaving was chosen: Enter now unlocks in the ordinary way, and the screen says nothing else.
        assert app.screen.query_one(PassphraseForm).default.id == "unlock-button"
        assert REVIEW_CHOSEN not in screenshot_text(app)
        await unlock(pilot, MENTOR_PASS, review=False)
        assert not app.service.review_mode
        assert MENTOR_SECRET_TITLE in screenshot_text(app)
        assert not app.screen.query(ReviewBanner)


async def test_review_together_is_in_the_palette(seeded, make_app) -> None:
    from rmpair.tui.commands import commands_for

    app = make_app(seeded.path)
    async with app.run_test(size=(120, 36)) as pilot:
        await unlock(pilot, MENTOR_PASS, review=False)
        names = {c.name for c in commands_for(app.screen)}
        assert {"Review together", "Progress", "Export", "Programme summary", "Hide screen"} <= names
        assert "Leave review together" not in names
        app.service.review_mode = True
        names = {c.name for c in commands_for(app.screen)}
        assert "Leave review together" in names and "Review together" not in names


async def test_review_together_is_its_own_way_in_beside_the_passphrase(seeded, make_app) -> None:
    app = make_app(seeded.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, screen_is(app, "UnlockScreen"))
        screen = app.screen
        assert isinstance(screen, UnlockScreen)
        # The button, and its key in the footer.
        await wait_until(pilot, lambda: REVIEW_UNLOCK_BUTTON in screenshot_text(app))
        await wait_until(pilot, lambda: "Ctrl+T Review together" in screenshot_text(app))
        field = screen.query_one("#unlock-passphrase", Input)
        plain = screen.query_one("#unlock-button", Button)
        review = screen.query_one("#unlock-review-button", Button)
        assert field.region.y < plain.region.y == review.region.y
        # Reachable by keyboard from the passphrase field: Tab, Tab, Enter.
        await pilot.press(*MENTOR_PASS, "tab", "tab")
        assert app.focused is review
        await pilot.press("enter")
        await wait_until(pilot, screen_is(app, "HomeScreen"))
        assert app.service.review_mode
        assert_banner(app, "home")


def test_review_mode_allows_shared_writes_and_refuses_private_ones(seeded) -> None:
    service = open_as(seeded.path, MENTEE_PASS)
    try:
        service.review_mode = True
        note = service.add_entry(kind="note", title="Written together", body="shared", meeting=6, private=False)
        service.score_goal(seeded.goal_id, 4)
        action = service.add_action("Introduce Ada to the board", owner="mentee")
        service.set_action_done(action.id)
        assert service.entry(note.id).title == "Written together"
        with pytest.raises(UsageError):
            service.add_entry(kind="reflection", body="private", private=True)
        with pytest.raises(UsageError):
            service.record_checkin(3, {"listened-to": 4})
    finally:
        service.close()
