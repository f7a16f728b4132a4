"""Recovery from the unlock screen refuses a new passphrase that already opens the vault."""

from __future__ import annotations

from pathlib import Path

import pytest

from textual.widgets import Button, Input, Static

from rmpair.tui.screens.home import HomeScreen
from rmpair.tui.screens.recover import RecoverScreen
from tests.tui.conftest import FAST_KDF, wait_until

ADA, BEN = "ada kettle orbit", "ben velvet tram"


def pair_with_bens_code(folder: Path) -> tuple[Path, str]:
    from rmpair.core.service import PairService

    vault = folder / "pair.rmpair"
    ada, _ = PairService.create(vault, role="mentor", name="Ada", passphrase=ADA, kdf=FAST_KDF, agendas={})
    try:
        ada.add_entry(kind="talking-point", title="Ada's private point", body="hers alone", private=True)
        code = ada.join(role="mentee", name="Ben", passphrase=BEN, kdf=FAST_KDF)
    finally:
        ada.close()
    return vault, code


async def test_recovery_refuses_the_partners_passphrase(tmp_path: Path, make_app) -> None:
    vault, bens_code = pair_with_bens_code(tmp_path)
    app = make_app(vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "UnlockScreen")
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, RecoverScreen))
        await pilot.press(*bens_code)
        # Typed, the code is masked as a passphrase is: it opens the vault as surely.
        from tests.tui.conftest import screen_text

        assert bens_code not in screen_text(app) and bens_code[:5] not in screen_text(app)
        await pilot.press("enter", *ADA, "enter", *ADA, "enter")
        problem = app.screen.query_one("#recover-problem", Static)
        await wait_until(pilot, lambda: "already opens this vault" in str(problem.render()))
        assert isinstance(app.screen, RecoverScreen)

        for field in ("#passphrase", "#passphrase-again"):
            app.screen.query_one(field, Input).value = "ben's fresh words"
        app.screen.query_one("#recover-button", Button).press()
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.service.me.name == "Ben"
        assert not app.service.entries(private=True)

    from rmpair.core.service import PairService

    ada = PairService.unlock(vault, ADA, write=False)
    try:
        assert ada.me.name == "Ada" and [e.title for e in ada.entries(private=True)] == ["Ada's private point"]
    finally:
        ada.close()


@pytest.mark.parametrize("review", [True, False], ids=["review-together-chosen", "alone"])
async def test_recovery_opens_the_way_chosen_on_the_unlock_screen(tmp_path: Path, make_app, review: bool) -> None:
    """Forgetting a passphrase with the partner beside you is no way into a private session:
    chosen before the recovery, review together is what the recovery opens."""
    from tests.tui.conftest import screen_text

    vault, bens_code = pair_with_bens_code(tmp_path)
    app = make_app(vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "UnlockScreen")
        if review:
            await pilot.press("ctrl+t")  # chosen, before the passphrase is found forgotten
            await wait_until(pilot, lambda: app.screen.query_one("#unlock-review-chosen").display)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, RecoverScreen))
        assert ("Review together chosen" in screen_text(app)) is review
        await pilot.press(*bens_code, "enter", *"ben's fresh words", "enter", *"ben's fresh words", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.service.me.name == "Ben" and app.service.review_mode is review
        assert ("REVIEW TOGETHER" in screen_text(app)) is review
