"""Two processes on one vault: one writer at a time, readers always welcome."""

from __future__ import annotations

import subprocess
import sys

from cli_testkit import MENTEE_PASS, MENTOR_PASS, SAVE_LOOP, folder_snapshot


def start(mode, vault, env, *extra):
    child = subprocess.Popen(
        [sys.executable, str(SAVE_LOOP), mode, str(vault), *extra],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    child.stdin.write(MENTOR_PASS + "\n")
    child.stdin.flush()
    ready = child.stdout.readline()
    if not ready.startswith("ready "):
        child.kill()
        raise AssertionError(f"{mode} did not start: {ready!r} {child.stderr.read()}")
    return child, int(ready.split()[1])


def test_a_second_writer_is_refused_while_a_reader_is_not(pair_template, pair_vault, run_rmpair, cli_env):
    holder, pid = start("hold", pair_vault, cli_env)
    try:
        before = folder_snapshot(pair_vault.parent)
        refused = run_rmpair(
            pair_vault, "add", "--kind", "note", "--title", "second writer", "text", stdin=[MENTEE_PASS]
        )
        message = refused.problem_line()
        assert "open in another rmpair" in message and f"(process {pid})" in message, message
        assert folder_snapshot(pair_vault.parent) == before

        listing = run_rmpair(pair_vault, "list", stdin=[MENTEE_PASS]).ok()
        assert listing.ids() == [pair_template.mentee_id]
    finally:
        holder.stdin.close()  # tells the holder to close the vault and exit
        holder.wait(timeout=30)
    out, err = holder.stdout.read(), holder.stderr.read()
    assert holder.returncode == 0 and out.strip() == "closed", err

    # The refusal was the lock and nothing else: with the holder gone, the same add works.
    run_rmpair(pair_vault, "add", "--kind", "note", "--title", "second writer", "text", stdin=[MENTEE_PASS]).ok()
    assert "second writer" in run_rmpair(pair_vault, "list", stdin=[MENTEE_PASS]).ok().stdout


def test_readers_get_a_whole_vault_while_a_writer_saves_in_a_loop(pair_template, pair_vault, run_rmpair, cli_env):
    writer, _ = start("loop", pair_vault, cli_env, "busy")
    try:
        for _ in range(2):
            listing = run_rmpair(pair_vault, "list", stdin=[MENTOR_PASS]).ok()
            assert pair_template.mentor_id in listing.ids()
        assert writer.poll() is None, "the writer stopped while the readers read"
    finally:
        writer.kill()
        out, _ = writer.communicate(timeout=30)
    assert "saved 1" in out.splitlines(), "the writer never saved, so the readers raced nothing"
