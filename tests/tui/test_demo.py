"""The demo vault: made-up, labelled, in a temporary folder, and openable by both demo people."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from rmpair.tui.demo import DEMO_PASSPHRASES, demo_vault_path, ensure_demo_vault
from rmpair.core.service import PairService


def test_demo_vault_lives_in_the_temporary_folder() -> None:
    assert demo_vault_path().is_relative_to(Path(tempfile.gettempdir()))


def test_demo_vault_is_seeded_once_and_each_person_sees_their_own(tmp_path: Path, fast_kdf) -> None:
    path = ensure_demo_vault(tmp_path / "demo" / "demo.rmpair", kdf=fast_kdf, today=date(2025, 6, 1))
    made = path.stat().st_mtime_ns
    assert ensure_demo_vault(path, kdf=fast_kdf) == path
    assert path.stat().st_mtime_ns == made, "an existing demo vault is left alone"

    mentor = PairService.unlock(path, DEMO_PASSPHRASES["mentor"])
    try:
        assert mentor.me.name == "Demo Mentor"
        assert mentor.partner.name == "Demo Mentee"
        assert mentor.meeting(1).held
        titles = [entry.title for entry in mentor.entries()]
        assert all(title.startswith("(Demo)") for title in titles)
        assert "(Demo) After our first meeting" in titles
        assert "(Demo) Who spoke in the leadership meeting" not in titles
        assert mentor.actions(done=False)
        # The mentee's goals, with evidence: the shared reflection counts, the private one is not seen.
        assert [len(goal.evidence) for goal in mentor.goals()] == [0, 1]
    finally:
        mentor.close()

    mentee = PairService.unlock(path, DEMO_PASSPHRASES["mentee"])
    try:
        titles = [entry.title for entry in mentee.entries()]
        assert "(Demo) Who spoke in the leadership meeting" in titles
        assert "(Demo) After our first meeting" not in titles
        assert [(goal.baseline_score, len(goal.evidence)) for goal in mentee.goals()] == [(1, 1), (2, 1)]
    finally:
        mentee.close()


def test_fresh_rebuilds_only_the_demo_files(tmp_path: Path, fast_kdf) -> None:
    folder = tmp_path / "demo"
    path = ensure_demo_vault(folder / "demo.rmpair", kdf=fast_kdf)
    bystander = folder / "not-the-demo.txt"
    bystander.write_text("keep me")
    ensure_demo_vault(path, fresh=True, kdf=fast_kdf)
    assert bystander.read_text() == "keep me"
    mentee = PairService.unlock(path, DEMO_PASSPHRASES["mentee"])
    mentee.close()
