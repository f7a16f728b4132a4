"""Two laptops through the command line, as a pair would script it: init and join on laptop
A, invite and accept onto laptop B, private and shared writing on both, bundles both ways;
a conflict seen and settled on both; and every bundle that must be refused, refused with
one line and the vault unchanged to the byte."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import MENTEE_PASS, MENTOR_PASS, Result, build_fast_pair
from tests.exchange.pair_of_laptops import pair_laptops

PAIRING_CODE = "Pairing code: "


def _pair_laptops(folder: Path) -> tuple[Path, Path]:
    """Laptop A with both people (the mentor's), and laptop B accepted from A's invite for
    the mentee, made in-process with a cheap key derivation (the CLI's own invite and accept
    are tried in test_invite_and_accept_through_the_command_line)."""
    return pair_laptops(folder, build_fast_pair, MENTEE_PASS)


def test_invite_and_accept_through_the_command_line(run_rmpair, tmp_path):
    a = tmp_path / "a" / "pair.rmpair"
    a.parent.mkdir()
    build_fast_pair(a)
    invite_file, b = tmp_path / "invite.rmpair", tmp_path / "b" / "pair.rmpair"
    made = run_rmpair(a, "pair", "invite", "--out", str(invite_file), stdin=[MENTEE_PASS]).ok()
    lines = [line for line in made.stdout.splitlines() if line.startswith(PAIRING_CODE)]
    assert len(lines) == 1
    code = lines[0][len(PAIRING_CODE):]
    assert len(code.replace("-", "")) * math.log2(31) >= 100  # at least 100 bits
    wrong = run_rmpair(b, "pair", "accept", str(invite_file), stdin=["AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", MENTEE_PASS])
    assert "pairing code" in wrong.problem_line()
    assert not b.exists()
    accepted = run_rmpair(b, "pair", "accept", str(invite_file), stdin=[code.lower().replace("-", " "), MENTEE_PASS]).ok()
    assert "ready" in accepted.stdout
    assert "fast shared note" in titles(run_rmpair, b, MENTEE_PASS)
    again = run_rmpair(b, "pair", "accept", str(invite_file), stdin=[code, MENTEE_PASS])
    assert "already exists" in again.problem_line()


def titles(run_rmpair, vault: Path, passphrase: str) -> set[str]:
    listed = run_rmpair(vault, "list", stdin=[passphrase]).ok().stdout
    return {line.split("  ")[-1].strip() for line in listed.splitlines() if line.strip()}


def add(run_rmpair, vault, passphrase, title, *flags) -> None:
    run_rmpair(vault, "add", "--kind", "note", "--title", title, *flags, f"text of {title}", stdin=[passphrase]).ok()


def exchange(run_rmpair, tmp_path, source: Path, target: Path, source_pass: str, target_pass: str, name: str) -> Result:
    bundle = tmp_path / name
    sent = run_rmpair(source, "bundle", "export", "--out", str(bundle), stdin=[source_pass]).ok()
    assert sent.stdout.startswith("Bundle ")
    return run_rmpair(target, "bundle", "import", str(bundle), "--yes", stdin=[target_pass]).ok()


def test_two_laptops_share_the_story_and_keep_each_persons_private_writing(laptops, run_rmpair, tmp_path):
    a, b = laptops
    add(run_rmpair, a, MENTOR_PASS, "mentor private on A", "--private")
    add(run_rmpair, a, MENTOR_PASS, "mentor shared on A", "--shared")
    add(run_rmpair, b, MENTEE_PASS, "mentee private on B", "--private")
    add(run_rmpair, b, MENTEE_PASS, "mentee shared on B", "--shared")
    exchange(run_rmpair, tmp_path, a, b, MENTOR_PASS, MENTEE_PASS, "a1")
    exchange(run_rmpair, tmp_path, b, a, MENTEE_PASS, MENTOR_PASS, "b1")

    shared = {"fast shared note", "fast shared reflection", "mentor shared on A", "mentee shared on B"}
    for laptop in (a, b):
        mentor_sees = titles(run_rmpair, laptop, MENTOR_PASS)
        mentee_sees = titles(run_rmpair, laptop, MENTEE_PASS)
        assert mentor_sees == shared | {"fast private point", "mentor private on A"}, laptop
        assert mentee_sees == shared | {"mentee private on B"}, laptop
    # The author reads their private entry on the other laptop, the partner never.
    found = run_rmpair(b, "search", "mentor private on A", stdin=[MENTOR_PASS]).ok()
    assert "mentor private on A" in found.stdout
    assert "mentor private on A" not in run_rmpair(b, "search", "mentor private", stdin=[MENTEE_PASS]).stdout


def test_a_conflict_shows_both_versions_on_both_laptops_and_settles_on_both(laptops, run_rmpair, tmp_path):
    from rmpair.core.service import PairService

    a, b = laptops
    note = run_rmpair(a, "list", stdin=[MENTOR_PASS]).ok()
    note_id = next(line.split()[0] for line in note.stdout.splitlines() if "fast shared note" in line)
    for vault, passphrase, words in ((a, MENTOR_PASS, "Ada's wording"), (b, MENTEE_PASS, "Bo's wording")):
        service = PairService.unlock(vault, passphrase)
        try:
            service.update_entry(note_id, body=words)
        finally:
            service.close()
    preview = exchange(run_rmpair, tmp_path, a, b, MENTOR_PASS, MENTEE_PASS, "a1")
    assert "1 needs you" in preview.stdout
    exchange(run_rmpair, tmp_path, b, a, MENTEE_PASS, MENTOR_PASS, "b1")
    for vault, passphrase, mine, theirs in ((a, MENTOR_PASS, "Ada's", "Bo's"), (b, MENTEE_PASS, "Bo's", "Ada's")):
        assert note_id in run_rmpair(vault, "conflicts", stdin=[passphrase]).ok().stdout
        shown = run_rmpair(vault, "conflicts", "show", note_id, stdin=[passphrase]).ok().stdout
        assert f"mine (this laptop" in shown and f"{mine} wording" in shown.split("theirs")[0]
        assert f"{theirs} wording" in shown.split("theirs")[1]
        [listed] = json.loads(run_rmpair(vault, "conflicts", "--json", stdin=[passphrase]).ok().stdout)["conflicts"]
        assert (listed["id"], listed["record"]) == (note_id, "entry")
        both = json.loads(run_rmpair(vault, "conflicts", "show", note_id, "--json", stdin=[passphrase]).ok().stdout)
        versions = both["conflict"]["fields"]["body"]
        assert [(v["value"], v["here"]) for v in versions] == [(f"{mine} wording", True), (f"{theirs} wording", False)]

    run_rmpair(a, "conflicts", "resolve", note_id, "--keep", "theirs", stdin=[MENTOR_PASS]).ok()
    assert "No conflicts" in run_rmpair(a, "conflicts", stdin=[MENTOR_PASS]).stdout
    exchange(run_rmpair, tmp_path, a, b, MENTOR_PASS, MENTEE_PASS, "a2")
    assert "No conflicts" in run_rmpair(b, "conflicts", stdin=[MENTEE_PASS]).stdout
    for vault, passphrase in ((a, MENTOR_PASS), (b, MENTEE_PASS)):
        assert "Bo's wording" in run_rmpair(vault, "show", note_id, stdin=[passphrase]).ok().stdout


def test_import_shows_the_changes_and_needs_a_yes_without_a_terminal(laptops, run_rmpair, tmp_path):
    a, b = laptops
    add(run_rmpair, a, MENTOR_PASS, "new on A", "--shared")
    bundle = tmp_path / "a1"
    run_rmpair(a, "bundle", "export", "--out", str(bundle), stdin=[MENTOR_PASS]).ok()
    before = b.read_bytes()
    dry = run_rmpair(b, "bundle", "import", str(bundle), "--dry-run", stdin=[MENTEE_PASS]).ok()
    assert "1 new" in dry.stdout and "new on A" in dry.stdout and "--dry-run" in dry.stdout
    asked = run_rmpair(b, "bundle", "import", str(bundle), stdin=[MENTEE_PASS])
    assert asked.code == 1 and "--yes" in asked.stderr
    assert b.read_bytes() == before
    run_rmpair(b, "bundle", "import", str(bundle), "--yes", stdin=[MENTEE_PASS]).ok()
    assert "new on A" in titles(run_rmpair, b, MENTEE_PASS)


def _other_pair_bundle(folder: Path, run_rmpair) -> bytes:
    other = folder / "other" / "pair.rmpair"
    other.parent.mkdir()
    build_fast_pair(other)
    out = folder / "other-bundle"
    run_rmpair(other, "bundle", "export", "--out", str(out), stdin=[MENTOR_PASS]).ok()
    return out.read_bytes()


def _newer_schema_bundle(source: Path) -> bytes:
    from rmpair.core import database
    from rmpair.core.service import PairService
    from rmpair.exchange import bundles

    service = PairService.unlock(source, MENTOR_PASS)
    try:
        real = database.SCHEMA_VERSION
        bundles.SCHEMA_VERSION = real + 1  # as a later rmpair would write it
        try:
            out = source.parent / "newer"
            bundles.export_bundle(service, out)
        finally:
            bundles.SCHEMA_VERSION = real
        return out.read_bytes()
    finally:
        service.close()


@pytest.fixture(scope="session")
def refusal_kit(tmp_path_factory, run_rmpair) -> tuple[Path, dict[str, bytes]]:
    """Laptop B after taking in A's second bundle, and every bundle it must refuse."""
    folder = tmp_path_factory.mktemp("refusals")
    a, b = _pair_laptops(folder)
    first, second, own = folder / "a1", folder / "a2", folder / "b1"
    run_rmpair(a, "bundle", "export", "--out", str(first), stdin=[MENTOR_PASS]).ok()
    add(run_rmpair, a, MENTOR_PASS, "later on A", "--shared")
    run_rmpair(a, "bundle", "export", "--out", str(second), stdin=[MENTOR_PASS]).ok()
    run_rmpair(b, "bundle", "import", str(second), "--yes", stdin=[MENTEE_PASS]).ok()
    run_rmpair(b, "bundle", "export", "--out", str(own), stdin=[MENTEE_PASS]).ok()
    latest = second.read_bytes()
    bundles = {
        "another pair": _other_pair_bundle(folder, run_rmpair),
        "its own": own.read_bytes(),
        "older": first.read_bytes(),
        "same again": latest,
        "newer schema": _newer_schema_bundle(a),
        "cut short": latest[: len(latest) // 2],
        "one byte changed": _flip(latest, -100),
        "not a bundle": b"hello, this is a text file\n",
    }
    return b.parent, bundles


@pytest.mark.parametrize(
    "case",
    ["another pair", "its own", "older", "same again", "newer schema", "cut short", "one byte changed", "not a bundle"],
)
def test_a_bundle_that_must_not_come_in_is_refused_and_changes_nothing(refusal_kit, run_rmpair, tmp_path, case):
    template, bundles = refusal_kit
    shutil.copytree(template, tmp_path / "b")
    b = tmp_path / "b" / "pair.rmpair"
    candidate = tmp_path / "candidate"
    candidate.write_bytes(bundles[case])
    before = _vault_files(b)
    result = run_rmpair(b, "bundle", "import", str(candidate), "--yes", stdin=[MENTEE_PASS])
    after = _vault_files(b)
    assert after == before, "a refused bundle changed a file"
    if case in ("older", "same again"):
        assert result.code == 0 and "already" in result.stdout and "Traceback" not in result.output
    else:
        line = result.problem_line()
        assert "nothing was changed" in line.lower()


def _vault_files(vault: Path) -> dict[str, bytes]:
    """The vault and its backups, byte for byte (the lock file only names the last writer)."""
    return {path.name: path.read_bytes() for path in vault.parent.iterdir()
            if path.is_file() and not path.name.endswith(".lock")}


def _flip(data: bytes, at: int) -> bytes:
    changed = bytearray(data)
    changed[at] ^= 0x01
    return bytes(changed)


def test_an_intercepted_bundle_shows_nothing_but_its_size(laptops, run_rmpair, tmp_path):
    a, _b = laptops
    add(run_rmpair, a, MENTOR_PASS, "visible words NOWHERE", "--shared")
    bundle = tmp_path / "a1"
    run_rmpair(a, "bundle", "export", "--out", str(bundle), stdin=[MENTOR_PASS]).ok()
    data = bundle.read_bytes()
    # Words long enough that random bytes do not hold them by chance.
    for word in (b"NOWHERE", b"visible words", b"fast shared", b"mentor", b"mentee", b"2026-"):
        assert word not in data
    from rmpair.exchange import envelope

    # magic (8), format version (2), key check (16), nonce (12), tag (16) around the body
    body = len(data) - (8 + 2 + 16 + 12 + 16)
    assert envelope.padded_size(body) == body  # a bucket's size, nothing finer


