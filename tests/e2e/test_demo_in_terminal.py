"""``rmpair demo``: a made-up pair in the temporary folder, its passphrases on screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import RMPAIR

pytestmark = pytest.mark.e2e


def test_demo_opens_with_its_passphrases_shown(terminals, terminal_env, tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**terminal_env, "TMPDIR": str(temporary)}
    real_vault = Path(env["XDG_DATA_HOME"]) / "rmpair" / "pair.rmpair"
    term = terminals()
    try:
        term.start([str(RMPAIR), "demo"], env)
        shown = term.wait_for("This is the demo vault", timeout=30)
        assert "demo mentee" in shown and "demo mentor" in shown
        term.type("demo mentee")
        term.press("Enter")
        shown = term.wait_for("What would you like to do?")
        assert "Demo Mentee, mentee with Demo Mentor" in shown
        term.press("C-q")
        assert term.exit_code() == 0
    finally:
        term.kill()
    assert (temporary / "rmpair-demo" / "demo.rmpair").exists()
    assert not real_vault.exists(), "the demo never creates or touches a real vault"
