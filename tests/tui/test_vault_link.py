"""The app on a vault reached through a symbolic link: one vault, saved where the link leads."""

from __future__ import annotations

import os
from pathlib import Path

from rmpair.tui.screens.unlock import UnlockScreen
from rmpair.tui.widgets.actions_table import ActionsTable
from tests.tui.conftest import MENTOR_PASSPHRASE, unlock, wait_until
from tests.tui.test_unlock import unlock_problem


async def test_a_link_to_a_missing_vault_asks_to_unlock_and_says_where_it_leads(tmp_path: Path, make_app) -> None:
    # A drive that is not connected: setting up a new pair here would split the vault in two.
    target = tmp_path / "drive" / "pair.rmpair"
    link = tmp_path / "pair.rmpair"
    link.symlink_to(target)
    app = make_app(link)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        problem = " ".join((await unlock_problem(pilot, MENTOR_PASSPHRASE)).split())
    assert "symbolic link" in problem and "connect" in problem
    assert link.is_symlink() and not target.exists()


async def test_changes_in_the_app_are_saved_to_the_file_the_link_leads_to(pair_vault: Path, tmp_path: Path,
                                                                          make_app) -> None:
    link = tmp_path / "elsewhere" / "pair.rmpair"
    link.parent.mkdir()
    link.symlink_to(pair_vault)
    before = pair_vault.read_bytes()
    app = make_app(link)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        app.screen.query_one(ActionsTable).focus()
        await pilot.press("space")  # the open action, done: a save
        await wait_until(pilot, lambda: not app.service.actions(done=False))
        await pilot.press("ctrl+q")
    assert link.is_symlink() and Path(os.readlink(link)) == pair_vault
    assert pair_vault.read_bytes() != before
    assert pair_vault.with_name(pair_vault.name + ".backup-1").read_bytes() == before
    assert sorted(p.name for p in link.parent.iterdir()) == ["pair.rmpair"]
