"""A vault reached through a symbolic link is one vault, not two.

A person may keep the vault in a synced folder and link it from where rmpair looks. A save
renames a new file over the vault, and a rename replaces a link, not the file it leads
to: the first save used to turn the link into a second vault, backup 1 became the link,
and the real file kept its old contents for ever. Now every command works on the file the
links lead to, with its backups, lock and temporaries beside it, and the link stays as it
is; a link that leads nowhere, or round in a loop, is refused in one line.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cli_testkit import MENTOR_PASS, not_owner_only, unwritable
from rmpair.core.vault import BACKUP_GENERATIONS, backup_path


def lock_of(vault: Path) -> Path:
    return vault.with_name(vault.name + ".lock")


def link_chain(real: Path, folder: Path, kind: str) -> Path:
    folder.mkdir()
    link = folder / "pair.rmpair"
    if kind == "a link":
        link.symlink_to(real)
    else:  # a link to a link, each written relative to where it sits
        middle = folder / "middle.rmpair"
        middle.symlink_to(os.path.relpath(real, folder))
        link.symlink_to("middle.rmpair")
    return link


def only_links_in(folder: Path) -> None:
    """Nothing but the links themselves beside them: no lock, backup or temporary file."""
    assert all(p.is_symlink() for p in folder.iterdir()), sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("kind", ["a link", "a link to a link"])
def test_saving_through_a_link_writes_the_real_file_beside_its_backups(fast_pair, cli_main, tmp_path, kind):
    real = fast_pair.vault
    link = link_chain(real, tmp_path / "where-rmpair-looks", kind)
    target_before = os.readlink(link)
    before = real.read_bytes()

    cli_main(link, "add", "--kind", "note", "--shared", "--title", "written through the link", "text",
             stdin=[MENTOR_PASS]).ok()
    cli_main(link, "action", "add", "a second save", stdin=[MENTOR_PASS]).ok()

    assert link.is_symlink() and os.readlink(link) == target_before, "the link still leads to the vault"
    assert backup_path(real, 2).read_bytes() == before, "the generation before became a backup beside the real file"
    for generation in range(1, BACKUP_GENERATIONS + 1):
        assert not backup_path(real, generation).is_symlink()
    assert lock_of(real).is_file()
    only_links_in(link.parent)
    assert not_owner_only(real.parent) == {}
    through_real = cli_main(real, "list", stdin=[MENTOR_PASS]).ok().stdout
    assert "written through the link" in through_real
    assert cli_main(link, "list", stdin=[MENTOR_PASS]).ok().stdout == through_real


def test_check_and_restore_through_a_link_use_the_backups_beside_the_real_file(fast_pair, cli_main, tmp_path):
    real = fast_pair.vault
    link = link_chain(real, tmp_path / "where-rmpair-looks", "a link")
    current = real.read_bytes()
    second = cli_main(backup_path(real, 2), "list", stdin=[MENTOR_PASS]).ok().stdout

    checked = cli_main(link, "check", stdin=[MENTOR_PASS]).ok().stdout
    for generation in range(1, BACKUP_GENERATIONS + 1):
        assert f"backup {generation}: good" in checked
    cli_main(link, "restore", "--backup", "2", stdin=[MENTOR_PASS]).ok()

    assert cli_main(real, "list", stdin=[MENTOR_PASS]).ok().stdout == second, "backup 2 is the vault again"
    assert real.with_name(real.name + ".replaced").read_bytes() == current
    assert link.is_symlink() and Path(os.readlink(link)) == real
    only_links_in(link.parent)


@pytest.mark.parametrize("where", ["folder missing", "file missing"])
def test_init_over_a_link_to_nothing_is_refused(cli_main, tmp_path, where):
    # A link to a drive that is not connected must not become a new, empty vault.
    target = tmp_path / "drive" / "pair.rmpair"
    if where == "file missing":
        target.parent.mkdir()
    looks = tmp_path / "where-rmpair-looks"
    looks.mkdir()
    link = looks / "pair.rmpair"
    link.symlink_to(target)

    message = cli_main(link, "init", "--as", "mentor", "--name", "Ada", stdin=[MENTOR_PASS, MENTOR_PASS]).problem_line()
    assert "symbolic link" in message and str(target) in message

    assert link.is_symlink() and Path(os.readlink(link)) == target
    assert not target.exists()
    only_links_in(looks)
    opened = cli_main(link, "list", stdin=[MENTOR_PASS]).problem_line()
    assert "symbolic link" in opened and "connect" in opened


def test_a_loop_of_links_is_refused_in_words(cli_main, tmp_path):
    first, second = tmp_path / "pair.rmpair", tmp_path / "other.rmpair"
    first.symlink_to(second)
    second.symlink_to(first)
    for command in (["list"], ["add", "--kind", "note", "x"], ["check"], ["init", "--as", "mentor", "--name", "A"]):
        message = cli_main(first, *command, stdin=[MENTOR_PASS, MENTOR_PASS]).problem_line()
        assert "loop" in message, (command, message)
    assert first.is_symlink() and second.is_symlink()


def test_a_link_into_a_folder_that_cannot_be_written_refuses_the_change(fast_pair, cli_main, tmp_path):
    real = fast_pair.vault
    link = link_chain(real, tmp_path / "where-rmpair-looks", "a link")
    lock_of(real).unlink(missing_ok=True)
    before = {p.name: p.read_bytes() for p in real.parent.iterdir()}
    with unwritable(real.parent):
        message = cli_main(link, "add", "--kind", "note", "--title", "never saved", "x", stdin=[MENTOR_PASS]).problem_line()
        assert str(real.parent) in message, message
        assert "never saved" not in cli_main(link, "list", stdin=[MENTOR_PASS]).ok().stdout, "reading still works"
    assert {p.name: p.read_bytes() for p in real.parent.iterdir()} == before
    assert link.is_symlink()
    only_links_in(link.parent)


def test_a_lock_file_that_is_a_link_is_never_followed(fast_pair, cli_main, tmp_path):
    # Taking the lock writes a process id into the lock file: through a link planted at its
    # name, that would overwrite whatever file the link leads to.
    real = fast_pair.vault
    bystander = tmp_path / "someone-elses-file.txt"
    bystander.write_text("keep me exactly\n")
    lock = lock_of(real)
    lock.unlink(missing_ok=True)
    lock.symlink_to(bystander)
    before = real.read_bytes()

    message = cli_main(real, "add", "--kind", "note", "x", stdin=[MENTOR_PASS]).problem_line()

    assert "lock file" in message and "symbolic link" in message
    assert bystander.read_text() == "keep me exactly\n"
    assert real.read_bytes() == before


def test_a_named_pipe_as_the_vault_is_refused_without_waiting(run_rmpair, tmp_path):
    # Opening a named pipe to read waits for a writer that never comes; the subprocess's
    # timeout turns such a hang into a failure.
    pipe = tmp_path / "pair.rmpair"
    os.mkfifo(pipe)
    for command in (["list"], ["add", "--kind", "note", "x"]):
        assert "pipe" in run_rmpair(pipe, *command, stdin=[MENTOR_PASS]).problem_line()
    checked = run_rmpair(pipe, "check", stdin=[MENTOR_PASS])
    assert checked.code == 1 and "vault: not a file (a folder, a pipe or a device)" in checked.stdout
