"""Files rmpair did not write, met by the command line: a content pack's folder holding a
named pipe, a device or a huge file, chosen by ``--prompts``, ``RMPAIR_PROMPTS`` or the
person's own override folder. Each is skipped with one problem naming it, and nothing
waits for ever (the subprocess's timeout turns a hang into a failure)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cli_testkit import MENTOR_PASS, RmpairRunner

PROMPT = """
[[prompt]]
id = "resistance.still-read"
category = "resistance"
role = "mentor"
meetings = [2]
title = "Still read beside the bad files"
text = "A good file in the same folder still loads."
"""


def hostile_pack(folder: Path) -> Path:
    folder.mkdir(parents=True)
    os.mkfifo(folder / "a-pipe.toml")
    (folder / "a-device.toml").symlink_to(os.devnull)
    with (folder / "huge.toml").open("wb") as huge:
        huge.truncate(2 * 1024 * 1024)  # sparse: large to read, nothing on disk
    (folder / "good.toml").write_text(PROMPT)
    return folder


def check_skipped(stderr: str, folder: Path) -> None:
    for name in ("a-pipe.toml", "a-device.toml"):
        assert f"{folder / name}: this file was skipped because it is not a plain file" in stderr, stderr
    assert f"{folder / 'huge.toml'}: this file was skipped because it is larger than 1 MB" in stderr, stderr


@pytest.mark.parametrize("chosen_by", ["--prompts", "RMPAIR_PROMPTS", "the override folder"])
def test_prompts_list_skips_pipes_devices_and_huge_files(cli_env, tmp_path: Path, chosen_by) -> None:
    env = dict(cli_env)
    args = ["prompts", "list", "--role", "mentor", "--meeting", "2"]
    if chosen_by == "--prompts":
        folder = hostile_pack(tmp_path / "pack")
        args += ["--prompts", str(folder)]
    elif chosen_by == "RMPAIR_PROMPTS":
        folder = hostile_pack(tmp_path / "pack")
        env["RMPAIR_PROMPTS"] = str(folder)
    else:
        env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
        folder = hostile_pack(tmp_path / "config" / "rmpair" / "prompts")
    result = RmpairRunner(env)(tmp_path / "pair.rmpair", *args)
    assert result.code == 0 and "Traceback" not in result.output
    assert "Still read beside the bad files" in result.stdout
    check_skipped(result.stderr, folder)


def test_prompts_check_names_each_bad_file(run_rmpair, tmp_path: Path) -> None:
    folder = hostile_pack(tmp_path / "pack")
    result = run_rmpair(tmp_path / "pair.rmpair", "prompts", "check", str(folder))
    assert result.code == 1 and "Traceback" not in result.output
    check_skipped(result.stdout, folder)


def test_init_with_a_hostile_override_folder_still_makes_the_vault(run_rmpair, tmp_path: Path) -> None:
    # init reads the agendas through the same loader: it must not wait on the pipe.
    folder = hostile_pack(tmp_path / "pack")
    vault = tmp_path / "pair.rmpair"
    result = run_rmpair(vault, "init", "--as", "mentor", "--name", "Ada", "--prompts", str(folder),
                        stdin=[MENTOR_PASS, MENTOR_PASS])
    result.ok()
    assert vault.is_file()
