"""A command whose save fails (a file-size limit, a full disk) ends, and its memory with it.

(And output that cannot be written, to a full disk, is said in one plain line too.)

The app keeps a change whose save failed in memory and retries; a command cannot. So what
was written, perhaps at length in the editor with ``--edit``, is sealed with the writer's
own key into the file a closed terminal leaves beside the vault, and the app offers it back
at that person's next unlock. The one line says so, and never that the change "is still
here": the process that held it is gone.
"""

from __future__ import annotations

import resource
import subprocess
from pathlib import Path

import pytest

from cli_testkit import MENTEE_PASS, MENTOR_PASS, RMPAIR, SUBPROCESS_TIMEOUT, Result, RmpairRunner, folder_snapshot
from tests.cli.fake_editor import editor_command

TYPED = "A long story I wrote with care in my editor"


def under_a_file_size_limit(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_text_written_in_the_editor_is_kept_sealed_when_the_save_fails(fast_pair, run_rmpair) -> None:
    from rmpair.core.service import PairService

    vault = fast_pair.vault
    before = folder_snapshot(vault.parent)
    editor = editor_command(f"append:{TYPED}")
    result = RmpairRunner({**run_rmpair.env, "EDITOR": editor, "VISUAL": editor})(
        vault, "add", "--kind", "reflection", "--private", "--title", "kept", "--edit",
        stdin=[MENTOR_PASS], preexec_fn=under_a_file_size_limit(vault.stat().st_size // 2),
    )
    line = result.problem_line()
    assert "file-size limit" in line and "kept sealed" in line, line
    assert "still here" not in line, line

    after = folder_snapshot(vault.parent)
    assert {name: after[name] for name in before} == before, "the vault and its backups are as they were"
    for data in after.values():
        assert TYPED.encode() not in data, "nothing written is on disk in plaintext"

    partner = PairService.unlock(vault, MENTEE_PASS)
    try:
        assert [partner.open_held(held) for held in partner.held_files()] == [None], "the partner cannot open it"
    finally:
        partner.close()
    writer = PairService.unlock(vault, MENTOR_PASS)
    try:
        (held,) = writer.held_files()
        writer.put_back(held)
        assert any(TYPED in entry.body for entry in writer.entries(kind="reflection"))
        assert writer.held_files() == [], "the file goes once what it held is in the vault"
    finally:
        writer.close()


def test_a_failed_save_with_nothing_to_keep_says_nothing_was_saved(fast_pair, run_rmpair) -> None:
    vault = fast_pair.vault
    before = folder_snapshot(vault.parent)
    result = run_rmpair(
        vault, "passwd", stdin=[MENTOR_PASS, "a new set of words", "a new set of words"],
        preexec_fn=under_a_file_size_limit(vault.stat().st_size // 2),
    )
    line = result.problem_line()
    assert "file-size limit" in line and "nothing was saved" in line, line
    assert "still here" not in line, line
    assert folder_snapshot(vault.parent) == before


@pytest.mark.parametrize("args", [("list",), ("add", "--kind", "note", "said to a full disk")], ids=["list", "add"])
def test_output_to_a_full_disk_is_one_line_not_an_unexpected_problem(fast_pair, run_rmpair, args) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(RMPAIR), *args, "--vault", str(fast_pair.vault)], input=f"{MENTOR_PASS}\n",
            stdout=full, stderr=subprocess.PIPE, text=True, env=run_rmpair.env, timeout=SUBPROCESS_TIMEOUT,
        )
    result = Result(done.returncode, "", done.stderr)
    line = result.problem_line()
    assert "Could not write the output (No space left on device)" in line, line
    assert "unexpected" not in line
