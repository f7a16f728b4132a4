"""Unlock: the passphrase says who you are; a wrong one gets a calm message; the screen
never freezes; recovery sets a new passphrase; a vault open elsewhere is explained."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Static

from rmpair.tui.screens.home import HomeScreen
from rmpair.tui.screens.unlock import UnlockScreen
from tests.tui.conftest import (
    MENTEE_NAME,
    MENTEE_PASSPHRASE,
    MENTEE_SECRET,
    MENTOR_NAME,
    MENTOR_PASSPHRASE,
    MENTOR_SECRET,
    screen_text,
    type_and_move_on,
    unlock,
    wait_until,
)


def run_before_unlock(monkeypatch, before: Callable[[str], object]) -> None:
    """Every unlock first calls ``before(passphrase)``, as a slow or failing machine would."""
    from rmpair.core.service import PairService

    real_unlock = PairService.unlock.__func__

    def unlock(cls, path, passphrase, write=True):
        before(passphrase)
        return real_unlock(cls, path, passphrase, write=write)

    monkeypatch.setattr(PairService, "unlock", classmethod(unlock))


async def unlock_problem(pilot, passphrase: str) -> str:
    """Type a passphrase that will not open the vault, and return what the screen says."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
    await pilot.press(*passphrase, "enter")
    problem = app.screen.query_one("#unlock-problem", Static)
    await wait_until(pilot, lambda: str(problem.render()).strip())
    return str(problem.render())


async def test_an_existing_vault_opens_on_the_unlock_screen(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        field = app.screen.query_one("#unlock-passphrase", Input)
        assert field.password, "the passphrase must be masked"
        assert app.focused is field
        # The person can see which file they are opening (the path wraps in the box).
        assert str(pair_vault) in str(app.screen.query_one("#unlock-intro", Static).render())


async def test_mentor_passphrase_opens_as_the_mentor(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(120, 36)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        assert app.service.me.name == MENTOR_NAME
        assert MENTOR_NAME in app.screen.sub_title
        text = screen_text(app)
        assert MENTOR_SECRET in text, "the mentor's own private talking point shows on home"
        assert MENTEE_SECRET not in text


async def test_mentee_passphrase_opens_as_the_mentee(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(120, 36)) as pilot:
        await unlock(pilot, MENTEE_PASSPHRASE)
        assert app.service.me.name == MENTEE_NAME
        assert MENTOR_SECRET not in screen_text(app)


async def test_wrong_passphrase_gets_a_calm_message_and_a_fresh_field(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        message = await unlock_problem(pilot, "not the passphrase")
        assert "passphrase" in message.lower()
        assert "Traceback" not in message
        assert isinstance(app.screen, UnlockScreen)
        field = app.screen.query_one("#unlock-passphrase", Input)
        assert field.value == "" and not field.disabled
        assert app.focused is field
        # and the right one still works afterwards
        await pilot.press(*MENTOR_PASSPHRASE, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_empty_passphrase_is_explained_without_trying(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press("enter")
        assert "Type your passphrase" in str(app.screen.query_one("#unlock-problem", Static).render())


async def test_the_screen_shows_it_is_working_while_the_key_is_derived(
    pair_vault: Path, make_app, monkeypatch
) -> None:
    import threading

    release = threading.Event()
    run_before_unlock(monkeypatch, lambda _passphrase: release.wait(10))
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press(*MENTOR_PASSPHRASE, "enter")
        working = app.screen.query_one("#unlock-working")
        await wait_until(pilot, lambda: working.display)
        assert app.screen.query_one("#unlock-passphrase", Input).disabled
        # The UI still answers while the worker waits: help opens and closes.
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        await pilot.press("escape")
        release.set()
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_vault_open_in_another_rmpair_is_explained(pair_vault: Path, make_app) -> None:
    # Another process holds the vault's write lock, as a second rmpair would.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from rmpair.core.vault_lock import VaultLock;"
            "lock = VaultLock(Path(sys.argv[1])); lock.acquire(); print('held', flush=True); time.sleep(60)",
            str(pair_vault),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        app = make_app(pair_vault)
        async with app.run_test(size=(80, 24)) as pilot:
            message = await unlock_problem(pilot, MENTOR_PASSPHRASE)
            assert "open in another rmpair" in message
            assert isinstance(app.screen, UnlockScreen)
    finally:
        holder.kill()
        holder.wait()


async def test_damaged_vault_is_explained(tmp_path: Path, make_app) -> None:
    damaged = tmp_path / "damaged.rmpair"
    damaged.write_bytes(b"this is not a vault at all" * 10)
    app = make_app(damaged)
    async with app.run_test(size=(80, 24)) as pilot:
        message = await unlock_problem(pilot, "whatever passphrase")
        assert "\n" not in message.strip() or len(message) < 400
        assert isinstance(app.screen, UnlockScreen)


async def test_recovery_code_sets_a_new_passphrase(tmp_path: Path, make_app) -> None:
    from rmpair.core.service import PairService
    from tests.tui.conftest import FAST_KDF

    path = tmp_path / "pair.rmpair"
    service, code = PairService.create(path, role="mentor", name="Ada", passphrase="forgotten one", kdf=FAST_KDF)
    service.close()
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "RecoverScreen")
        await type_and_move_on(pilot, code.lower(), then="passphrase")  # a person may type it in lower case
        await type_and_move_on(pilot, "brand new words", then="passphrase-again")
        await pilot.press(*"brand new words", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.service.me.name == "Ada"
    reopened = PairService.unlock(path, "brand new words")
    reopened.close()


async def test_wrong_recovery_code_is_explained(pair_vault: Path, make_app) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.click("#forgot-button")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "RecoverScreen")
        await type_and_move_on(pilot, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF", then="passphrase")
        await type_and_move_on(pilot, "brand new words", then="passphrase-again")
        await pilot.press(*"brand new words", "enter")
        problem = app.screen.query_one("#recover-problem", Static)
        await wait_until(pilot, lambda: str(problem.render()).strip())
        assert type(app.screen).__name__ == "RecoverScreen"
        # At 80x24 the form is taller than the screen, so the problem line starts below
        # the fold: it must scroll into view, or the person sees nothing happen.
        await wait_until(pilot, lambda: "does not open this vault" in screen_text(app))
        # The fields keep what was typed, and are usable again where the person left off.
        again = app.screen.query_one("#passphrase-again", Input)
        assert again.value == "brand new words" and not again.disabled
        assert app.focused is again
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))


async def test_an_unexpected_failure_while_unlocking_is_one_plain_sentence(
    pair_vault: Path, make_app, monkeypatch
) -> None:
    calls = []

    def broken_once(passphrase: str) -> None:
        calls.append(passphrase)
        if len(calls) == 1:
            raise MemoryError

    run_before_unlock(monkeypatch, broken_once)
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        message = await unlock_problem(pilot, MENTOR_PASSPHRASE)
        assert "Something unexpected stopped the vault opening (MemoryError)" in message
        assert "rmpair check" in message and "Traceback" not in message
        assert not app.screen.query_one("#unlock-working").display
        assert app.focused is app.screen.query_one("#unlock-passphrase", Input)
        await pilot.press(*MENTOR_PASSPHRASE, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
    assert calls == [MENTOR_PASSPHRASE, MENTOR_PASSPHRASE]


def test_first_screens_do_not_import_the_heavy_modules() -> None:
    """The unlock and set-up screens paint before sqlmodel and cryptography are loaded."""
    code = (
        "import sys\n"
        "import rmpair.tui.app, rmpair.tui.screens.unlock, rmpair.tui.screens.setup\n"
        "heavy = [m for m in ('sqlmodel', 'sqlalchemy', 'cryptography', 'rmpair.core.service', 'rmpair.core.vault')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
