"""Unlock: the passphrase says who you are; a wrong one gets a calm message; the screen
never freezes; recovery sets a new passphrase; a vault open elsewhere is explained."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.widgets import Input, Static

from rmpair.screens.home import HomeScreen
from rmpair.screens.unlock import UnlockScreen
from tests.tui.conftest import (
    MENTEE_NAME,
    MENTEE_PASSPHRASE,
    MENTEE_SECRET,
    MENTOR_NAME,
    MENTOR_PASSPHRASE,
    MENTOR_SECRET,
    screen_text,
    unlock,
    wait_until,
)


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
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press(*"not the passphrase", "enter")
        problem = app.screen.query_one("#unlock-problem", Static)
        await wait_until(pilot, lambda: str(problem.render()).strip())
        message = str(problem.render())
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

    from rmpair.service import PairService

    release = threading.Event()
    real_unlock = PairService.unlock.__func__

    def slow_unlock(cls, path, passphrase, write=True):
        release.wait(10)
        return real_unlock(cls, path, passphrase, write=write)

    monkeypatch.setattr(PairService, "unlock", classmethod(slow_unlock))
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press(*MENTOR_PASSPHRASE, "enter")
        working = app.screen.query_one("#unlock-working")
        await wait_until(pilot, lambda: working.display)
        assert app.screen.query_one("#unlock-passphrase", Input).disabled
        # The UI still answers while the worker waits: help opens and closes.
        await pilot.press("f1")
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
            "import sys, time; from pathlib import Path; from rmpair.vault_lock import VaultLock;"
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
            await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
            await pilot.press(*MENTOR_PASSPHRASE, "enter")
            problem = app.screen.query_one("#unlock-problem", Static)
            await wait_until(pilot, lambda: str(problem.render()).strip())
            assert "open in another rmpair" in str(problem.render())
            assert isinstance(app.screen, UnlockScreen)
    finally:
        holder.kill()
        holder.wait()


async def test_damaged_vault_is_explained(tmp_path: Path, make_app) -> None:
    damaged = tmp_path / "damaged.rmpair"
    damaged.write_bytes(b"this is not a vault at all" * 10)
    app = make_app(damaged)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press(*"whatever passphrase", "enter")
        problem = app.screen.query_one("#unlock-problem", Static)
        await wait_until(pilot, lambda: str(problem.render()).strip())
        assert "\n" not in str(problem.render()).strip() or len(str(problem.render())) < 400
        assert isinstance(app.screen, UnlockScreen)


async def test_recovery_code_sets_a_new_passphrase(tmp_path: Path, make_app) -> None:
    from rmpair.service import PairService
    from tests.tui.conftest import FAST_KDF

    path = tmp_path / "pair.rmpair"
    service, code = PairService.create(path, role="mentor", name="Ada", passphrase="forgotten one", kdf=FAST_KDF)
    service.close()
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "RecoverScreen")
        await pilot.press(*code.lower(), "enter")  # a person may type it in lower case
        await pilot.press(*"brand new words", "enter", *"brand new words", "enter")
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
        await pilot.press(*"AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF", "enter")
        await pilot.press(*"brand new words", "enter", *"brand new words", "enter")
        problem = app.screen.query_one("#recover-problem", Static)
        await wait_until(pilot, lambda: str(problem.render()).strip())
        assert type(app.screen).__name__ == "RecoverScreen"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))


def test_first_screens_do_not_import_the_heavy_modules() -> None:
    """The unlock and set-up screens paint before sqlmodel and cryptography are loaded."""
    code = (
        "import sys\n"
        "import rmpair.app, rmpair.screens.unlock, rmpair.screens.setup\n"
        "heavy = [m for m in ('sqlmodel', 'sqlalchemy', 'cryptography', 'rmpair.service', 'rmpair.vault')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
