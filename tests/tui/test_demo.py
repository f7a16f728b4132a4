"""The demo vault: made-up, labelled, in a temporary folder, and openable by both demo people."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import pytest

from rmpair.core.errors import RmpairError
from rmpair.core.service import PairService
from rmpair.tui.demo import DEMO_PASSPHRASES, demo_vault_path, ensure_demo_vault


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
        # Goals of both (the mentor's first), with evidence: the mentee's shared reflection
        # counts, her private one is not seen.
        assert [(goal.owner, len(goal.evidence)) for goal in mentor.goals()] == [("mentor", 0), ("mentee", 0), ("mentee", 1)]
    finally:
        mentor.close()

    mentee = PairService.unlock(path, DEMO_PASSPHRASES["mentee"])
    try:
        titles = [entry.title for entry in mentee.entries()]
        assert "(Demo) Who spoke in the leadership meeting" in titles
        assert "(Demo) After our first meeting" not in titles
        assert [(goal.baseline_score, len(goal.evidence)) for goal in mentee.goals()] == [(None, 0), (1, 1), (2, 1)]
        # The mentor's start score on his own goal waits until she has scored it too.
        assert mentee.goals()[0].is_hidden("mentor", "start")
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


# The demo lives in the shared temporary folder, where anyone may have made its folder's
# name first: it writes and removes files only in a folder of its own, and follows no link.


def test_the_demo_folder_is_made_private(tmp_path: Path, fast_kdf) -> None:
    path = ensure_demo_vault(tmp_path / "demo" / "demo.rmpair", kdf=fast_kdf)
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_a_demo_folder_that_is_a_link_is_not_used(tmp_path: Path, fast_kdf) -> None:
    elsewhere = tmp_path / "someone-elses-folder"
    elsewhere.mkdir()
    (tmp_path / "demo").symlink_to(elsewhere)
    with pytest.raises(RmpairError, match="not a folder of yours"):
        ensure_demo_vault(tmp_path / "demo" / "demo.rmpair", fresh=True, kdf=fast_kdf)
    assert list(elsewhere.iterdir()) == []


def test_a_demo_vault_that_is_a_link_is_refused_and_fresh_removes_only_the_link(tmp_path: Path, fast_kdf) -> None:
    real = tmp_path / "real" / "pair.rmpair"
    real.parent.mkdir()
    real.write_bytes(b"somebody's real vault")
    folder = tmp_path / "demo"
    folder.mkdir(mode=0o700)
    (folder / "demo.rmpair").symlink_to(real)
    with pytest.raises(RmpairError, match="symbolic link"):
        ensure_demo_vault(folder / "demo.rmpair", kdf=fast_kdf)
    path = ensure_demo_vault(folder / "demo.rmpair", fresh=True, kdf=fast_kdf)
    assert real.read_bytes() == b"somebody's real vault"
    assert not path.is_symlink() and os.listdir(real.parent) == ["pair.rmpair"]
