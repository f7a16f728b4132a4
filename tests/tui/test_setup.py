"""First run: explain, create the vault, show the recovery code once, offer to add the partner."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Button, Checkbox, Input, Static

from rmpair.tui.screens.home import HomeScreen
from rmpair.tui.screens.setup import AddPartnerScreen, PartnerOfferScreen, RecoveryCodeScreen, SetupScreen
from rmpair.tui.widgets import passphrase_fields
from rmpair.tui.widgets.passphrase_fields import passphrase_hint
from tests.tui.conftest import FAST_KDF, screen_text, type_and_move_on, unlock, wait_until


async def fill_setup(pilot, *, name="Sam", role="mentor", passphrase="kettle orbit velvet", again=None) -> None:
    """Type into the set-up form as a person would: name, role, passphrase twice."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, SetupScreen))
    await type_and_move_on(pilot, name, then="setup-role")  # Enter moves on to the role choice
    if role == "mentee":
        await pilot.press("down")
    await pilot.press("space", "tab")  # choose, then on to the passphrase
    await type_and_move_on(pilot, passphrase, then="passphrase-again")
    await pilot.press(*(again if again is not None else passphrase))


async def type_in_partner(pilot, name: str, passphrase: str) -> None:
    """The partner's name and passphrase, twice, as typed on the add-partner form."""
    await type_and_move_on(pilot, name, then="passphrase")
    await type_and_move_on(pilot, passphrase, then="passphrase-again")
    await pilot.press(*passphrase, "enter")


async def create(pilot) -> None:
    app = pilot.app
    app.screen.query_one("#setup-create", Button).press()
    await wait_until(pilot, lambda: isinstance(app.screen, RecoveryCodeScreen))


async def test_first_run_explains_what_is_kept_where_and_who_can_read_it(tmp_path: Path, make_app) -> None:
    vault = tmp_path / "new" / "pair.rmpair"
    app = make_app(vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, SetupScreen))
        intro = str(app.screen.query_one("#setup-intro", Static).render())
        assert str(vault) in intro
        assert "private" in intro and "shared" in intro
        assert "partner cannot" in intro
        assert "nothing leaves this laptop" in intro
        assert app.focused is app.screen.query_one("#setup-name", Input)
    assert not vault.exists(), "looking at the set-up screen creates nothing"


async def test_first_run_to_home(tmp_path: Path, make_app) -> None:
    vault = tmp_path / "pair.rmpair"
    app = make_app(vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_setup(pilot, name="Sam", role="mentee")
        await create(pilot)
        code = str(app.screen.query_one("#recovery-code", Static).render())
        assert len(code.replace("-", "")) >= 20
        # The person must confirm they kept the code first; Continue says so if pressed sooner.
        dialog = app.screen
        await pilot.click("#recovery-continue")
        await wait_until(pilot, lambda: "Tick the box above" in str(dialog.query_one("#recovery-problem", Static).render()))
        assert app.screen is dialog
        await pilot.click("#recovery-confirm")
        await pilot.click("#recovery-continue")
        await wait_until(pilot, lambda: isinstance(app.screen, PartnerOfferScreen))
        await pilot.click("#partner-later")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.service.me.name == "Sam"
        assert app.service.role == "mentee"
        assert app.service.partner is None
        assert "Add your partner" in screen_text(app)
        # the set-up screens, and the code shown on them, are gone from the app
        assert not any(isinstance(s, (SetupScreen, RecoveryCodeScreen)) for s in app.screen_stack)
        assert code not in screen_text(app)
    assert vault.exists()

    from rmpair.core.service import PairService

    again = PairService.recover(vault, code, "a new passphrase here")
    assert again.me.name == "Sam"
    again.close()


async def test_first_run_with_the_partner_there_and_then(tmp_path: Path, make_app) -> None:
    vault = tmp_path / "pair.rmpair"
    app = make_app(vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_setup(pilot, name="Ada", role="mentor")
        await create(pilot)
        app.screen.query_one("#recovery-confirm", Checkbox).value = True
        await pilot.pause()
        app.screen.query_one("#recovery-continue", Button).press()
        await wait_until(pilot, lambda: isinstance(app.screen, PartnerOfferScreen))
        await pilot.click("#partner-now")
        await wait_until(pilot, lambda: isinstance(app.screen, AddPartnerScreen))
        assert "mentee" in screen_text(app).lower()
        await type_in_partner(pilot, "Ben", "ben's own words")
        await wait_until(pilot, lambda: isinstance(app.screen, RecoveryCodeScreen))
        assert "Ben" in str(app.screen.query_one("#recovery-intro", Static).render())
        partner_code = str(app.screen.query_one("#recovery-code", Static).render())
        app.screen.query_one("#recovery-confirm", Checkbox).value = True
        await pilot.pause()
        app.screen.query_one("#recovery-continue", Button).press()
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.service.partner.name == "Ben"
        assert app.service.me.name == "Ada", "the vault stays open as the first person"
        assert partner_code not in screen_text(app)

    from rmpair.core.service import PairService

    ben = PairService.unlock(vault, "ben's own words")
    assert ben.role == "mentee"
    ben.close()


async def test_form_problems_are_explained_before_anything_is_created(tmp_path: Path, make_app) -> None:
    vault = tmp_path / "pair.rmpair"
    app = make_app(vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_setup(pilot, passphrase="kettle orbit velvet", again="kettle orbit velvey")
        app.screen.query_one("#setup-create", Button).press()
        await pilot.pause()
        problem = str(app.screen.query_one("#setup-problem", Static).render())
        assert "not the same" in problem
        assert "Not the same yet" in str(app.screen.query_one("#passphrase-match", Static).render())

        app.screen.query_one("#passphrase-again", Input).value = "kettle orbit velvet"
        app.screen.query_one("#setup-start", Input).value = "next tuesday"
        app.screen.query_one("#setup-create", Button).press()
        await pilot.pause()
        assert "YYYY-MM-DD" in str(app.screen.query_one("#setup-problem", Static).render())
        assert isinstance(app.screen, SetupScreen)
    assert not vault.exists()


async def test_missing_role_and_name_are_explained(tmp_path: Path, make_app) -> None:
    app = make_app(tmp_path / "pair.rmpair")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, SetupScreen))
        app.screen.query_one("#setup-create", Button).press()
        await pilot.pause()
        assert "name" in str(app.screen.query_one("#setup-problem", Static).render())
        app.screen.query_one("#setup-name", Input).value = "Sam"
        app.screen.query_one("#setup-create", Button).press()
        await pilot.pause()
        assert "mentor or the mentee" in str(app.screen.query_one("#setup-problem", Static).render())


async def test_start_date_and_cadence_set_the_meeting_dates(tmp_path: Path, make_app) -> None:
    app = make_app(tmp_path / "pair.rmpair")
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_setup(pilot)
        app.screen.query_one("#setup-start", Input).value = "2025-01-06"
        app.screen.query_one("#setup-cadence", Input).value = "2"
        await create(pilot)
        meetings = app.service.meetings()
        assert meetings[0].planned_date == date(2025, 1, 6)
        assert meetings[1].planned_date == date(2025, 1, 20)


@pytest.fixture
def ada_alone(tmp_path: Path) -> Path:
    """A vault with the mentor only, so the partner can be added from home."""
    from rmpair.core.service import PairService

    vault = tmp_path / "pair.rmpair"
    PairService.create(vault, role="mentor", name="Ada", passphrase="ada passphrase", kdf=FAST_KDF)[0].close()
    return vault


async def add_ben_from_home(pilot) -> None:
    """Unlock as Ada, open "add your partner" from home, and let Ben type his name and passphrase."""
    app = pilot.app
    await unlock(pilot, "ada passphrase")
    await pilot.press("p")
    await wait_until(pilot, lambda: isinstance(app.screen, AddPartnerScreen))
    await type_in_partner(pilot, "Ben", "ben passphrase")


async def test_add_partner_later_from_home(ada_alone: Path, make_app) -> None:
    app = make_app(ada_alone)
    async with app.run_test(size=(80, 24)) as pilot:
        await add_ben_from_home(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, RecoveryCodeScreen))
        app.screen.query_one("#recovery-confirm", Checkbox).value = True
        await pilot.pause()
        app.screen.query_one("#recovery-continue", Button).press()
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.service.partner.name == "Ben"
        assert "Add your partner" not in screen_text(app)
        await pilot.press("p")  # no longer offered
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_partner_who_could_not_be_added_can_try_again(ada_alone: Path, make_app, monkeypatch) -> None:
    from rmpair.core.service import PairService

    real_join = PairService.join
    attempts = []

    def broken_once(self, **details):
        attempts.append(details["name"])
        if len(attempts) == 1:
            raise RuntimeError("not for the person to read")
        return real_join(self, **details)

    monkeypatch.setattr(PairService, "join", broken_once)
    app = make_app(ada_alone)
    async with app.run_test(size=(80, 24)) as pilot:
        await add_ben_from_home(pilot)
        problem = app.screen.query_one("#partner-problem", Static)
        await wait_until(pilot, lambda: str(problem.render()).strip())
        assert "Something unexpected stopped your partner being added (RuntimeError)" in str(problem.render())
        assert "not for the person to read" not in screen_text(app)
        # The name is kept; the cleared passphrase is where typing goes next.
        assert app.screen.query_one("#partner-name", Input).value == "Ben"
        assert app.focused is app.screen.query_one("#passphrase", Input)
        assert not app.screen.query_one("#partner-add", Button).disabled
        await type_and_move_on(pilot, "ben passphrase", then="passphrase-again")
        await pilot.press(*"ben passphrase", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RecoveryCodeScreen))
    assert attempts == ["Ben", "Ben"]


def test_passphrase_hint_is_plain_words() -> None:
    assert "At least 8" in passphrase_hint("")
    assert "3 more characters" in passphrase_hint("abcde")
    assert "Too easy" in passphrase_hint("password")
    assert "fair" in passphrase_hint("abcdefgh1")
    assert "strong" in passphrase_hint("kettle orbit velvet tram")


def test_the_screens_minimum_matches_the_service() -> None:
    from rmpair.core import service

    assert passphrase_fields.MIN_PASSPHRASE_LENGTH == service.MIN_PASSPHRASE_LENGTH


async def test_the_partner_cannot_choose_a_passphrase_that_already_opens_the_vault(ada_alone: Path, make_app) -> None:
    # Unlocking takes the first slot that opens: had Ben been given Ada's passphrase, it
    # would have unlocked as Ada ever after, and Ben would read her private entries.
    from rmpair.core.service import PairService

    app = make_app(ada_alone)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, "ada passphrase")
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, AddPartnerScreen))
        await pilot.press(*"Ben", "enter", *"ada passphrase", "enter", *"ada passphrase", "enter")
        problem = app.screen.query_one("#partner-problem", Static)
        await wait_until(pilot, lambda: "already opens this vault" in str(problem.render()))
        assert isinstance(app.screen, AddPartnerScreen)
        assert app.service.partner is None, "a refused partner is not half-added"
        assert app.focused is app.screen.query_one("#passphrase", Input)
        await pilot.press(*"ben passphrase", "enter", *"ben passphrase", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RecoveryCodeScreen))
        assert app.service.partner.name == "Ben"

    ada = PairService.unlock(ada_alone, "ada passphrase", write=False)
    ben = PairService.unlock(ada_alone, "ben passphrase", write=False)
    try:
        assert (ada.me.name, ben.me.name) == ("Ada", "Ben")
        assert [p.name for p in (ada.partner, ben.partner)] == ["Ben", "Ada"]
    finally:
        ada.close()
        ben.close()


async def test_the_countdown_over_a_new_recovery_code_says_the_screen_will_hide_not_lock(
    tmp_path: Path, make_app
) -> None:
    import time

    from rmpair.tui.idle_lock import IdleCountdown

    app = make_app(tmp_path / "pair.rmpair", idle_seconds=60)
    async with app.run_test(size=(100, 30)) as pilot:
        await fill_setup(pilot, name="Sam", role="mentee")
        await create(pilot)
        dialog = app.screen
        # Ten seconds left of the minute: inside the countdown's stretch, long enough to read.
        app._idle_lock._last_activity = time.monotonic() - 50
        await wait_until(pilot, lambda: bool(dialog.query(IdleCountdown)))
        line = str(dialog.query_one(IdleCountdown).render())
        assert line.startswith("Hiding the screen in") and "recovery code is kept" in line, line
        assert "Locking" not in line
        await pilot.press("down")  # the person is here
        await wait_until(pilot, lambda: not dialog.query(IdleCountdown))
        assert app.screen is dialog


async def test_a_new_recovery_code_is_never_locked_away(tmp_path: Path, make_app) -> None:
    """The code shows only once: the lock key says to keep it first, and idle time hides the
    screen instead of locking, so the code is still there when the person comes back."""
    from rmpair.tui.screens.blank import BlankScreen

    # Idle time only after the lock key is tried: on a loaded machine the steps before it
    # can take longer than a short idle time, which would hide the code before the key.
    app = make_app(tmp_path / "pair.rmpair", idle_seconds=600)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_setup(pilot, name="Sam", role="mentee")
        await create(pilot)
        dialog = app.screen
        code = str(dialog.query_one("#recovery-code", Static).render())
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: any("shown only this once" in n.message for n in app._notifications))
        assert app.screen is dialog
        app._idle_seconds_override = 1.5
        await wait_until(pilot, lambda: not isinstance(app.screen, RecoveryCodeScreen), timeout=30)
        assert isinstance(app.screen, BlankScreen), f"idle time took the code away: {type(app.screen).__name__}"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is dialog)
        assert str(dialog.query_one("#recovery-code", Static).render()) == code
