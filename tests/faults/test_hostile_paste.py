"""Hostile or careless paste: whatever text the pair writes comes back exactly.

Each sample in ``hostile_samples`` (Rich markup, terminal escapes, bidi overrides,
combining marks, zero-width joiners, emoji, control characters, Windows line ends, one
enormous line, ten megabytes) must round-trip *exactly* (private and shared) through
add -> save -> close -> unlock, and through ``rmpair show`` run as the real executable.
``tests/tui/test_hostile_paste_screens.py`` shows the same samples on every screen.

What ``rmpair show`` prints, decided here:

* **stdout is not a terminal** (a pipe, a file, a script, a screen reader's helper): the
  exact characters stored, byte for byte as UTF-8. Nothing is interpreted or escaped, so
  ``rmpair show ID > file`` is a faithful copy.
* **stdout is a terminal**: the pair's text is shown with control characters made
  visible and inert (C0 controls other than newline and tab, DEL, and the C1 range
  U+0080-U+009F, shown as their Unicode control pictures, or U+FFFD where there is none;
  a Windows line end shows as a plain line end). Otherwise a shared entry
  could drive the reader's terminal: clear the screen (ESC [2J), hide text (ESC [8m),
  retitle the window (OSC 0), write the clipboard (OSC 52), disguise a link (OSC 8), or
  overwrite a line with a bare carriage return, so what was written would not be what
  is seen. Printable text, Rich-style brackets, bidi marks and emoji are left alone:
  they are text, and the terminal only draws them.

Text that is not valid Unicode at all (bytes that are not UTF-8 on the command line,
which Python hands over as lone surrogates) cannot be stored exactly, so it is refused
with a one-line message, before anything changes.
"""

from __future__ import annotations

import fcntl
import io
import os
import pickle
import pty
import re
import select
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.faults.faultkit import FAST_KDF, PASS_A
from tests.hostile_samples import SAMPLES
from rmpair.core.errors import UsageError
from rmpair.core.service import PairService

RMPAIR = Path(sys.executable).parent / "rmpair"

VISIBILITIES = {"private": True, "shared": False}


def make_vault(path: Path) -> PairService:
    service, _ = PairService.create(
        path, role="mentor", name="Ada", passphrase=PASS_A,
        programme_start=date(2026, 1, 5), kdf=FAST_KDF, agendas={},
    )
    return service


def test_the_samples_are_what_they_claim():
    assert len(SAMPLES["ten-megabytes"][1].encode("utf-8")) >= 10 * 1024 * 1024
    long_line = SAMPLES["one-100KB-line"][1]
    assert len(long_line) >= 100 * 1024 and "\n" not in long_line
    assert "\x00" not in "".join(t + b for t, b in SAMPLES.values())
    for title, _ in SAMPLES.values():
        assert title == title.strip(), "titles are trimmed on purpose; the samples must not rely on spaces at the ends"


# -- in-process: add, save, close, unlock --------------------------------------------------------


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("sample", SAMPLES)
def test_text_round_trips_exactly_through_the_vault(tmp_path, sample, visibility):
    title, body = SAMPLES[sample]
    path = tmp_path / "pair.rmpair"
    service = make_vault(path)
    added = service.add_entry(kind="note", title=title, body=body, private=VISIBILITIES[visibility])
    service.close()

    again = PairService.unlock(path, PASS_A, write=False)
    try:
        entry = again.entry(added.id)
    finally:
        again.close()
    assert entry.private is VISIBILITIES[visibility]
    assert entry.title == title
    assert entry.body == body, "the body did not come back exactly"


def test_text_that_is_not_unicode_is_refused_in_words_and_changes_nothing(tmp_path):
    path = tmp_path / "pair.rmpair"
    service = make_vault(path)
    before = path.read_bytes()
    try:
        for private in (True, False):
            for fields in ({"body": "bad byte: \udcff"}, {"title": "bad \udcff title", "body": "fine"}):
                with pytest.raises(UsageError) as refused:
                    service.add_entry(kind="note", private=private, **fields)
                assert "\n" not in str(refused.value)
                assert service.entries() == [], "a refused entry must not linger in memory"
                assert not service.unsaved
        kept = service.add_entry(kind="note", title="fine", body="fine")
        with pytest.raises(UsageError):
            service.update_entry(kept.id, body="now \udcff bad")
        assert service.entry(kept.id).body == "fine"
    finally:
        service.close()
    assert path.read_bytes() != before  # only the good entry was saved
    again = PairService.unlock(path, PASS_A, write=False)
    assert [(e.title, e.body) for e in again.entries()] == [("fine", "fine")]
    again.close()


# -- through the real executable ---------------------------------------------------------------


@pytest.fixture(scope="module")
def shown(tmp_path_factory):
    """Every sample, private and shared, in a vault (the ten-megabyte ones in a vault of
    their own, so the other runs do not decrypt them); ``rmpair show`` run on each, two at
    a time, with stdout a pipe. ``results`` maps (sample, visibility) to
    (stdout, stderr, exit code); ``vaults`` and ``ids`` say where each entry is.

    Made once per test run, not once per xdist worker: the first worker to need it runs
    the thirty-odd executables (most of this module's time) while the other waits for the
    result, which is kept beside the workers' own temporary folders."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    made = shared / "hostile-paste-shown.pickle"
    with open(shared / "hostile-paste-shown.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not made.exists():
            made.write_bytes(pickle.dumps(_show_every_sample(shared / "hostile-paste-shown")))
    return pickle.loads(made.read_bytes())


def _show_every_sample(folder: Path) -> dict:
    folder.mkdir()
    ids, vaults = {}, {}
    for group in ("small", "big"):
        path = folder / f"{group}.rmpair"
        service = make_vault(path)
        try:
            for sample in SAMPLES:
                if (sample == "ten-megabytes") != (group == "big"):
                    continue
                title, body = SAMPLES[sample]
                for visibility, private in VISIBILITIES.items():
                    entry = service.add_entry(kind="note", title=title, body=body, private=private)
                    ids[(sample, visibility)], vaults[(sample, visibility)] = entry.id, path
        finally:
            service.close()

    results = {}
    pending = list(ids)
    while pending:
        batch, pending = pending[:2], pending[2:]
        running = [
            (key, subprocess.Popen(
                [str(RMPAIR), "show", ids[key], "--vault", str(vaults[key])],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            ))
            for key in batch
        ]
        for key, process in running:
            out, err = process.communicate(f"{PASS_A}\n".encode(), timeout=120)
            results[key] = (out, err, process.returncode)
    return {"vaults": vaults, "ids": ids, "results": results}


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("sample", SAMPLES)
def test_rmpair_show_into_a_pipe_prints_the_exact_text(shown, sample, visibility):
    title, body = SAMPLES[sample]
    out, err, code = shown["results"][(sample, visibility)]
    assert code == 0, err.decode("utf-8", "replace")[-2000:]
    assert err == b""
    assert out.startswith(title.encode("utf-8") + b"\n"), "the first line is the title, exactly"
    assert out.endswith(b"\n\n" + body.encode("utf-8") + b"\n"), "the body is printed exactly, byte for byte"


def test_rmpair_show_under_the_c_locale_still_prints_exact_utf8(shown):
    """LANG=C is common in containers and cron; Python's UTF-8 mode keeps the bytes."""
    title, body = SAMPLES["emoji-skin-tones"]
    key = ("emoji-skin-tones", "shared")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    env.pop("PYTHONIOENCODING", None)
    done = subprocess.run(
        [str(RMPAIR), "show", shown["ids"][key], "--vault", str(shown["vaults"][key])],
        input=f"{PASS_A}\n".encode(), capture_output=True, env=env, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(title.encode("utf-8") + b"\n")
    assert done.stdout.endswith(b"\n\n" + body.encode("utf-8") + b"\n")


def show_on_a_terminal(path: Path, entry_id: str) -> bytes:
    """``rmpair show`` with stdout on a pseudo-terminal (stdin stays a pipe, so the
    passphrase is read as a line). Returns what the terminal received, with the line
    discipline's CR LF for each newline turned back into LF."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [str(RMPAIR), "show", entry_id, "--vault", str(path)],
            stdin=subprocess.PIPE, stdout=follower, stderr=subprocess.PIPE,
        )
        os.close(follower)
        follower = -1
        process.stdin.write(f"{PASS_A}\n".encode())
        process.stdin.close()
        received = bytearray()
        while True:
            ready, _, _ = select.select([leader], [], [], 60)
            if not ready:
                process.kill()
                raise AssertionError("rmpair show on a terminal went silent for a minute")
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            received += chunk
        assert process.wait(timeout=60) == 0, process.stderr.read()
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)
    return bytes(received).replace(b"\r\n", b"\n")


_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


@pytest.mark.parametrize("sample", ["terminal-escapes", "control-characters", "crlf"])
def test_rmpair_show_on_a_terminal_makes_control_characters_visible_and_inert(shown, sample):
    out = show_on_a_terminal(shown["vaults"][(sample, "shared")], shown["ids"][(sample, "shared")])
    found = sorted(set(_CONTROL_BYTES.findall(out)))
    assert not found, f"control bytes reached the terminal: {found!r}"
    text = out.decode("utf-8")
    if sample == "terminal-escapes":
        assert "\u241b]0;a new window title\u2407" in text, "the escape is shown, as visible text"
        assert "concealed" in text and "clipboard" in text
    if sample == "crlf":
        assert "line one\nline two\n\nlast\u240d a lone carriage return\u240dend\n" in text


@pytest.mark.parametrize("sample", ["emoji-skin-tones", "bidi-and-combining", "zero-width", "rich-markup"])
def test_rmpair_show_on_a_terminal_leaves_printable_text_alone(shown, sample):
    title, body = SAMPLES[sample]
    out = show_on_a_terminal(shown["vaults"][(sample, "private")], shown["ids"][(sample, "private")])
    assert out.startswith(title.encode("utf-8") + b"\n")
    assert out.endswith(b"\n\n" + body.encode("utf-8") + b"\n")


def test_rmpair_add_with_bytes_that_are_not_utf8_is_one_line_not_a_traceback(tmp_path):
    path = tmp_path / "pair.rmpair"
    make_vault(path).close()
    before = path.read_bytes()
    done = subprocess.run(
        [os.fsencode(RMPAIR), b"add", b"--kind", b"note", b"--shared", b"caf\xe9 from a Latin-1 paste",
         b"--vault", os.fsencode(path)],
        input=f"{PASS_A}\n".encode(), capture_output=True, timeout=120,
    )
    stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert done.returncode == 1
    assert len(stderr.splitlines()) == 1 and stderr.startswith("rmpair: "), stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("sample", ["windows-line-ends", *SAMPLES], ids=str)
def test_rmpair_add_from_a_file_keeps_the_text_exactly(tmp_path, monkeypatch, capsys, sample):
    from rmpair.cli import main

    path = tmp_path / "pair.rmpair"
    make_vault(path).close()
    body = "first line\r\nsecond line\r\nlone\rreturn\n" if sample == "windows-line-ends" else SAMPLES[sample][1]
    if len(body) > 1_000_000:
        pytest.skip("the 10 MB sample is covered by the vault round-trip; a file of it adds only time")
    source = tmp_path / "entry.txt"
    source.write_bytes(body.encode("utf-8"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASS_A}\n"))
    assert main(["add", "--kind", "note", "--shared", "--file", str(source), "--vault", str(path)]) == 0
    service = PairService.unlock(path, PASS_A, write=False)
    try:
        [entry] = service.entries()
        assert entry.body == body
    finally:
        service.close()
