"""``--edit``: the draft lives in a private folder while the editor is open, and is gone
afterwards however it ends: a save, an editor that fails, or rmpair stopped by a signal.

These run the installed ``rmpair`` as a person would, on a vault with a cheap key
derivation, with a stand-in editor (``fake_editor.py``) that records where its draft was.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from cli_testkit import MENTOR_PASS, RMPAIR, SUBPROCESS_TIMEOUT, clean_env, folder_snapshot
from tests.cli.fake_editor import editor_command

from rmpair.cli import private_editor


@pytest.fixture
def editing_env(tmp_path) -> dict[str, str]:
    env = clean_env(tmp_path / "home")
    env["FAKE_EDITOR_LOG"] = str(tmp_path / "editor.log")
    env["FAKE_EDITOR_READY"] = str(tmp_path / "editor.ready")
    env.pop("VISUAL", None)
    return env


def _records(env: dict[str, str]) -> list[dict]:
    log = Path(env["FAKE_EDITOR_LOG"])
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def _run(vault: Path, env: dict[str, str], mode: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(RMPAIR), *args, "--vault", str(vault)], input=MENTOR_PASS + "\n", capture_output=True, text=True,
        env={**env, "EDITOR": editor_command(mode)}, timeout=SUBPROCESS_TIMEOUT,
    )


def _list(vault: Path, env: dict[str, str]) -> str:
    return _run(vault, env, "fail:9", "list").stdout


def _assert_gone(record: dict) -> None:
    draft = Path(record["path"])
    assert not draft.exists(), f"the draft {draft} is still there"
    assert not draft.parent.exists(), f"the draft's folder {draft.parent} is still there"


def test_the_draft_is_private_while_open_and_gone_after_a_save(fast_pair, editing_env) -> None:
    done = _run(fast_pair.vault, editing_env, "append:Written in my own editor", "add", "--kind", "note", "--edit")
    assert done.returncode == 0, done.stderr
    [record] = _records(editing_env)
    assert record["folder_mode"] == 0o700 and record["file_mode"] == 0o600
    assert Path(record["path"]).parent.name.startswith(private_editor.FOLDER_PREFIX)
    _assert_gone(record)
    assert "Written in my own editor" in _list(fast_pair.vault, editing_env)


def test_an_editor_that_fails_saves_nothing_and_leaves_nothing(fast_pair, editing_env) -> None:
    before = folder_snapshot(fast_pair.vault.parent)
    failed = _run(fast_pair.vault, editing_env, "fail:3", "add", "--kind", "note", "--edit")
    assert failed.returncode == 1
    [line] = failed.stderr.splitlines()
    assert line.startswith("rmpair: The editor (")
    assert line.endswith("stopped with an error (exit 3); nothing was saved, and the draft is gone.")
    [record] = _records(editing_env)
    _assert_gone(record)
    assert folder_snapshot(fast_pair.vault.parent) == before


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["SIGINT", "SIGTERM", "SIGHUP"])
def test_stopping_rmpair_while_the_editor_is_open_removes_the_draft_and_stops_the_editor(
    fast_pair, editing_env, stop
) -> None:
    before = folder_snapshot(fast_pair.vault.parent)
    process = subprocess.Popen(
        [str(RMPAIR), "add", "--kind", "talking-point", "--edit", "--vault", str(fast_pair.vault)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**editing_env, "EDITOR": editor_command("wait")},
    )
    try:
        process.stdin.write(MENTOR_PASS + "\n")
        process.stdin.flush()
        ready = Path(editing_env["FAKE_EDITOR_READY"])
        deadline = time.monotonic() + SUBPROCESS_TIMEOUT
        while not ready.exists():  # the editor is open, with the draft on disk
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the editor never opened"
            time.sleep(0.05)
        [record] = _records(editing_env)
        assert Path(record["path"]).exists()
        editor_pid = int(ready.read_text(encoding="utf-8"))
        process.send_signal(stop)
        out, err = process.communicate(timeout=SUBPROCESS_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, err
    assert "Traceback" not in out + err
    assert err.splitlines()[-1].startswith("rmpair: stopped")
    _assert_gone(record)
    with pytest.raises(ProcessLookupError):
        os.kill(editor_pid, 0)  # the editor was stopped and reaped, not left running
    assert folder_snapshot(fast_pair.vault.parent) == before


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_stop_that_comes_while_the_editor_is_starting_still_stops_the_editor(
    editing_env, monkeypatch, stop
) -> None:
    """The race a loaded machine hits: the signal lands inside ``subprocess.Popen`` after the
    editor has begun but before rmpair knows it. Made certain here by sending it from there."""
    for name in ("HOME", "XDG_RUNTIME_DIR", "FAKE_EDITOR_LOG", "FAKE_EDITOR_READY"):
        if name in editing_env:
            monkeypatch.setenv(name, editing_env[name])
    monkeypatch.setenv("EDITOR", editor_command("wait"))
    started: list[subprocess.Popen] = []
    real_popen = subprocess.Popen

    def popen_then_stopped(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        started.append(process)
        os.kill(os.getpid(), stop)  # delivered here, before Popen has returned
        return process

    monkeypatch.setattr(private_editor.subprocess, "Popen", popen_then_stopped)
    try:
        with pytest.raises(KeyboardInterrupt):
            private_editor.edit_privately("A draft nobody saves")
        [editor] = started
        assert editor.returncode is not None, "the editor was left running"
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()
                process.wait()
    base, _ = private_editor.draft_base()
    mine = f"{private_editor.FOLDER_PREFIX}{os.getpid()}-"
    assert not [folder for folder in base.iterdir() if folder.name.startswith(mine)], "the draft was left behind"
    assert signal.getsignal(stop) is not private_editor._stop_signal, "rmpair's handler was left in place"


def test_where_there_is_no_memory_backed_folder_rmpair_says_so(fast_pair, cli_main, monkeypatch, tmp_path) -> None:
    disk = tmp_path / "disk-temp"
    disk.mkdir()
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(private_editor, "MEMORY_FOLDERS", ())
    monkeypatch.setattr("tempfile.tempdir", str(disk))
    monkeypatch.setenv("EDITOR", editor_command("append:On disk for a moment"))
    monkeypatch.setenv("FAKE_EDITOR_LOG", str(tmp_path / "editor.log"))
    added = cli_main(fast_pair.vault, "add", "--kind", "note", "--edit", stdin=[MENTOR_PASS]).ok()
    assert "there is no memory-backed folder here" in added.stderr and str(disk) in added.stderr
    [record] = [json.loads(line) for line in (tmp_path / "editor.log").read_text().splitlines()]
    assert Path(record["path"]).parent.parent == disk
    _assert_gone(record)
    assert list(disk.iterdir()) == []


def test_a_draft_folder_left_by_a_killed_rmpair_is_removed_next_time(tmp_path) -> None:
    finished = subprocess.Popen(["true"])
    finished.wait()  # its pid now names no process
    left = tmp_path / f"{private_editor.FOLDER_PREFIX}{finished.pid}-abcd"
    left.mkdir(mode=0o700)
    (left / private_editor.DRAFT_NAME).write_text("what I was writing when the power went")
    running = tmp_path / f"{private_editor.FOLDER_PREFIX}{os.getpid()}-efgh"
    running.mkdir(mode=0o700)
    other = tmp_path / "someone-elses-folder"
    other.mkdir()
    private_editor.sweep_leftovers(tmp_path)
    assert not left.exists()
    assert running.exists() and other.exists()


def test_no_editor_set_is_one_line_and_nothing_is_written(fast_pair, cli_main, monkeypatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    before = folder_snapshot(fast_pair.vault.parent)
    line = cli_main(fast_pair.vault, "add", "--kind", "note", "--edit", stdin=[MENTOR_PASS]).problem_line()
    assert "Set VISUAL or EDITOR" in line
    assert folder_snapshot(fast_pair.vault.parent) == before


def test_visual_wins_over_editor(monkeypatch) -> None:
    monkeypatch.setenv("VISUAL", "my-visual --wait")
    monkeypatch.setenv("EDITOR", "my-editor")
    assert private_editor.editor_command() == ["my-visual", "--wait"]
    monkeypatch.delenv("VISUAL")
    assert private_editor.editor_command() == ["my-editor"]
