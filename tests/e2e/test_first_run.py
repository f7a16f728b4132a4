"""First run in a real terminal: set up the pair, keep the recovery code, and write a
reflection, all from the keyboard as a newcomer would."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.e2e.conftest import RMPAIR

pytestmark = pytest.mark.e2e

PASSPHRASE = "lantern pebble cobalt fig"
REFLECTION = "I said out loud what happened at the panel"


@pytest.fixture
def short_folder() -> Iterator[Path]:
    """pytest's tmp_path is long enough to wrap on an 80-column screen, at a place that
    moves with the test's name and worker; a short folder keeps the whole path on a line."""
    folder = Path(tempfile.mkdtemp(prefix="rmp-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_first_run_through_to_a_reflection(terminals, terminal_env, short_folder: Path) -> None:
    vault = short_folder / "pair" / "our.rmpair"
    term = terminals()
    try:
        term.start([str(RMPAIR), "--vault", str(vault)], terminal_env)
        term.wait_for("Set up your pair")
        # Where the vault will be kept is said up front.
        term.wait_for(str(vault))

        # The name field has the focus as soon as the form shows (the screen's auto-focus).
        term.type("Sam")
        term.wait_for("┃  Sam")  # in the field, not only in its placeholder "for example Sam"
        term.press_until_restyled("Enter", "Mentor: I share")  # on to "you are the mentor / mentee"
        term.press("Space")  # choose mentor
        term.wait_for("●▌ Mentor")
        term.press_until_restyled("Tab", "┃  passphrase")  # on to the passphrase, still empty
        term.type(PASSPHRASE)
        term.wait_for("Strength: strong")  # the hint follows the typing; the text stays masked
        term.press_until_restyled("Enter", "the same passphrase again")
        term.type(PASSPHRASE)
        shown = term.wait_for("Both the same")
        assert PASSPHRASE not in shown
        # The first meeting's date and the cadence keep their defaults: Enter passes each.
        today = date.today().isoformat()
        term.press_until_restyled("Enter", today)
        term.press_until_restyled("Enter", today)  # the cadence sits on the same line
        term.press("Enter")

        shown = term.wait_for("recovery code")
        assert "shown once" in shown
        # "I have written the recovery code down" has the focus; Space ticks it (✓).
        term.press_until_restyled("Space", "I have written the recovery code down")
        term.press_until_restyled("Tab", "Continue")
        term.press("Enter")
        term.wait_for("Add your partner now?")
        term.press("Escape")  # later

        shown = term.wait_for("What would you like to do?")
        assert "Sam, mentor" in shown
        assert "Add your partner" in shown

        term.press("r")
        term.wait_for("Reflection")
        term.wait_for("it saves itself")
        term.type(REFLECTION)
        term.press("C-s")
        term.wait_for("Saved")
        term.press("Escape")
        term.wait_for("What would you like to do?")

        term.press("l")  # the reflection log lists it
        term.wait_for(REFLECTION[:20])
        term.press("Escape")
        term.wait_for("What would you like to do?")
        term.press("C-q")
        assert term.exit_code() == 0
    finally:
        term.kill()
    assert vault.exists()
    assert REFLECTION.encode() not in vault.read_bytes(), "the reflection is encrypted on disk"
