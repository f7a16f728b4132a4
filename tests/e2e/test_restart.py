"""After a restart, the passphrase opens the vault again and what was written is there;
the partner's passphrase opens it too, without the private reflection."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import RMPAIR

pytestmark = pytest.mark.e2e

MENTOR = "ada kettle orbit"
MENTEE = "ben velvet tram"
WRITTEN = "Noticed who was interrupted at the board"


def make_vault(path: Path) -> None:
    from rmpair.core.crypto import KdfParams
    from rmpair.core.service import PairService

    # A cheap key derivation keeps the test quick; the file records it, so the app's
    # unlock reads it back with no switch in the product.
    fast = KdfParams(memory_kib=1024, iterations=1)
    service, _code = PairService.create(path, role="mentor", name="Ada", passphrase=MENTOR, kdf=fast)
    service.join(role="mentee", name="Ben", passphrase=MENTEE, kdf=fast)
    service.close()


def open_as(term, vault: Path, env: dict[str, str], passphrase: str, *, then: str = "What would you like to do?",
            file_size_limit: int | None = None) -> str:
    """Start rmpair on ``vault`` and unlock it; returns the screen once ``then`` shows."""
    term.start([str(RMPAIR), "--vault", str(vault)], env, file_size_limit=file_size_limit)
    term.wait_for("Type your passphrase")  # the passphrase field has the focus once shown
    term.type(passphrase)
    term.press("Enter")
    return term.wait_for(then)


def test_unlock_and_find_it_again_after_a_restart(terminals, terminal_env, tmp_path: Path) -> None:
    vault = tmp_path / "pair.rmpair"
    make_vault(vault)

    first = terminals()
    try:
        open_as(first, vault, terminal_env, MENTOR)
        first.press("r")
        first.wait_for("it saves itself")
        first.type(WRITTEN)
        first.wait_for("Saved")  # it saves itself after a pause in typing
        first.press("Escape")
        first.wait_for("What would you like to do?")
        first.press("C-q")
        assert first.exit_code() == 0
    finally:
        first.kill()

    again = terminals()
    try:
        open_as(again, vault, terminal_env, MENTOR)
        again.press("l")
        shown = again.wait_for(WRITTEN[:20])
        assert "🔒" in shown or "private" in shown
        again.press("Escape")
        again.wait_for("What would you like to do?")
        again.press("C-l")  # lock: everything leaves the screen
        shown = again.wait_for("Type your passphrase")
        assert WRITTEN[:20] not in shown
        again.press("C-q")
        assert again.exit_code() == 0
    finally:
        again.kill()

    partner = terminals()
    try:
        shown = open_as(partner, vault, terminal_env, MENTEE)
        assert "Ben, mentee" in shown
        partner.press("l")
        shown = partner.wait_for("Nothing written yet")  # the log has been filled: nothing the partner may read
        assert WRITTEN[:20] not in shown, "the mentor's private reflection stays private"
        partner.press("C-q")
    finally:
        partner.kill()


def test_wrong_passphrase_in_a_real_terminal(terminals, terminal_env, tmp_path: Path) -> None:
    vault = tmp_path / "pair.rmpair"
    make_vault(vault)
    term = terminals(width=80, height=24)
    try:
        term.start([str(RMPAIR), "--vault", str(vault)], terminal_env)
        term.wait_for("Type your passphrase")
        term.type("not my passphrase")
        term.press("Enter")
        shown = term.wait_for("does not open")
        assert "Traceback" not in shown
        term.type(MENTOR)  # the emptied field has the focus again by the time the problem shows
        term.press("Enter")
        term.wait_for("What would you like to do?")
        term.press("C-q")
        assert term.exit_code() == 0
    finally:
        term.kill()
