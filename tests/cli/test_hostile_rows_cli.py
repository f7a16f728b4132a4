"""Rows the partner's copy wrote, met by the command line.

Every case of ``hostile_rows.CASES`` is written into a vault through the vault API, then
every reading command runs on it: each must succeed, print no traceback and nothing the
bad value held, and say at most one line about it on stderr. Specific cases then check
what the person sees (a record left out, a safe default) and that nothing stored is
lost or rewritten by a later change.
"""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import MENTEE_PASS
from tests.hostile_rows import (
    ACTION_TEXT,
    CASES,
    GOAL_TEXT,
    GOOD_TITLE,
    MARKUP,
    MENTOR_PASS,
    PRIVATE_TITLE,
    make_pair,
    raw_rows,
    write_rows,
)

NOTICE = "rmpair: Some of the vault's records hold values rmpair never writes"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return make_pair(tmp_path_factory.mktemp("hostile-template") / "pair.rmpair")


@pytest.fixture
def hostile(template, tmp_path):
    """A copy of the template vault with one case's rows written into it."""

    def make(case: str) -> Path:
        vault = tmp_path / "pair.rmpair"
        shutil.copy(template, vault)
        write_rows(vault, MENTOR_PASS, CASES[case])
        return vault

    return make


def quiet_or_one_notice(result) -> str:
    """The command worked, and said at most once (in one line) that records were bad;
    returns that line, or "" (export also says on stderr that its file is not encrypted)."""
    assert result.code == 0, result.output
    assert "Traceback" not in result.output
    notices = [line for line in result.stderr.splitlines() if line.startswith(NOTICE)]
    assert len(notices) <= 1, notices
    return notices[0] if notices else ""


READING = [
    ["list"],
    ["search", "o"],
    ["action", "list"],
    ["goal", "list"],
    ["meetings"],
    ["export", "--out", "{folder}/export.json"],
    ["export", "--out", "{folder}/export.md", "--include-private"],
    ["summary", "--out", "{folder}/summary.md", "--include-ratings", "--yes"],
]


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_reading_command_works_and_says_at_most_one_line(hostile, cli_main, tmp_path, case) -> None:
    vault = hostile(case)
    notices = set()
    for command in READING:
        args = [part.format(folder=tmp_path) for part in command]
        result = cli_main(vault, *args, stdin=[MENTOR_PASS])
        notices.add(quiet_or_one_notice(result))
        assert MARKUP not in result.stderr and "the board" not in result.stderr
    listed = cli_main(vault, "list", stdin=[MENTOR_PASS]).stdout
    assert GOOD_TITLE in listed, "a bad record never hides the good ones"
    if case != "sealed blob not bytes":  # that case spoils the private entry's own blob
        assert PRIVATE_TITLE in listed
    good_id = next(line.split()[0] for line in listed.splitlines() if line.endswith(GOOD_TITLE))
    quiet_or_one_notice(cli_main(vault, "show", good_id, stdin=[MENTOR_PASS]))
    meetings = cli_main(vault, "meetings", stdin=[MENTOR_PASS]).stdout.splitlines()
    assert [line.split(":")[0] for line in meetings] == [f"Meeting {n}" for n in range(1, 7)]


def test_an_entry_with_a_date_that_is_not_a_date_through_the_real_command(run_rmpair, template, tmp_path) -> None:
    # The first report: a shared entry's date from the partner's copy made every command
    # print a traceback that quoted the value.
    vault = tmp_path / "pair.rmpair"
    shutil.copy(template, vault)
    write_rows(vault, MENTOR_PASS, CASES["entry date not a date"])
    result = run_rmpair(vault, "list", stdin=[MENTOR_PASS])
    assert quiet_or_one_notice(result) == (
        f"{NOTICE}, perhaps from a damaged copy (left out: 1 entry). The vault keeps them as they are."
    )
    assert GOOD_TITLE in result.stdout and "HOSTILE" not in result.stdout
    assert "the day after" not in result.output


@pytest.mark.parametrize("case", ["entry date not a date", "entry body not UTF-8", "entry id NULL", "action owner unknown",
                                  "check-in rating 99", "meeting date not a date", "goal scores out of range"])
def test_changes_after_a_bad_record_keep_it_exactly_as_stored(hostile, cli_main, case) -> None:
    vault = hostile(case)
    tables = ("entry", "sealed_entry", "action", "checkin", "meeting", "goal", "person", "pair", "agenda_item")
    before = {table: raw_rows(vault, MENTOR_PASS, table) for table in tables}
    cli_main(vault, "add", "--kind", "note", "--shared", "--title", "written after", "text", stdin=[MENTOR_PASS]).ok()
    cli_main(vault, "meeting", "2", "--held", stdin=[MENTOR_PASS]).ok()
    after = {table: raw_rows(vault, MENTOR_PASS, table) for table in tables}
    changed = {table for table in tables if before[table] != after[table]}
    assert changed == {"entry", "meeting"}
    assert set(before["entry"]) <= set(after["entry"]), "every entry row is still there, byte for byte"
    moved = [row for row in after["meeting"] if row not in before["meeting"]]
    assert len(moved) == 1 and b"held" in moved[0], "only meeting 2 changed, and only by being held"
    if case == "meeting date not a date":
        assert b"2026-13-45" in moved[0], "its stored planned date is kept, not replaced"


def test_what_the_person_sees_of_bad_values(hostile, cli_main, tmp_path) -> None:
    vault = hostile("entry tags junk")
    line = next(line for line in cli_main(vault, "list", stdin=[MENTOR_PASS]).stdout.splitlines() if "HOSTILE" in line)
    assert line.endswith("RACE resistance  HOSTILE"), "only tags rmpair could have written are kept"

    vault = hostile("entry meeting a billion")
    line = next(line for line in cli_main(vault, "list", stdin=[MENTOR_PASS]).stdout.splitlines() if "HOSTILE" in line)
    assert "  no meeting  " in line

    vault = hostile("check-in rating 99")
    cli_main(vault, "export", "--out", str(tmp_path / "ratings.json"), "--include-private", stdin=[MENTOR_PASS]).ok()
    exported = json.loads((tmp_path / "ratings.json").read_text())
    assert all(1 <= rating["rating"] <= 5 for rating in exported["checkins"]), exported["checkins"]

    vault = hostile("partner name with markup")
    cli_main(vault, "export", "--out", str(tmp_path / "names.json"), stdin=[MENTOR_PASS]).ok()
    pair = json.loads((tmp_path / "names.json").read_text())["pair"]
    assert pair["mentee"] == {"name": "mentee"}, "a name rmpair would never store shows as the role"

    vault = hostile("action due meeting a billion")
    line = cli_main(vault, "action", "list", stdin=[MENTOR_PASS]).stdout
    assert "no meeting" in line and ACTION_TEXT in line

    vault = hostile("goal scores out of range")
    line = cli_main(vault, "goal", "list", stdin=[MENTOR_PASS]).stdout
    assert "start not scored, midway not scored, end not scored" in line and GOAL_TEXT in line


def test_a_damaged_record_of_ones_own_role_is_refused_in_one_line(template, cli_main, tmp_path) -> None:
    vault = tmp_path / "pair.rmpair"
    shutil.copy(template, vault)
    write_rows(vault, MENTOR_PASS, ["UPDATE person SET role = 'the board' WHERE role = 'mentor'"])
    message = cli_main(vault, "list", stdin=[MENTOR_PASS]).problem_line()
    assert "your own record" in message and "restore" in message


# Versions the partner's copy wrote: a record's ``sync``, a removal's ``seen``, a replica's
# change number. Merging and every write depend on them, so no default will do: writing and
# exchanging are refused in one line, reading still works, and nothing is written.
VERSION_CASES: dict[str, list] = {
    "entry versions not JSON": ["UPDATE entry SET sync = '{['"],
    "entry versions a list": ["UPDATE entry SET sync = '[1,2]'"],
    "entry versions a number": ["UPDATE entry SET sync = 5"],
    "entry versions nested past reason": [("UPDATE entry SET sync = ?", ("[" * 100000,))],
    "private entry versions not JSON": ["UPDATE sealed_entry SET sync = '{['"],
    "private entry versions a list": ["UPDATE sealed_entry SET sync = '[1,2]'"],
    "person versions with a counter in words": ["""UPDATE person SET sync = '{"v":{"ab12":"many"},"d":{}}'"""],
    "programme versions with a dot of one part": ["""UPDATE pair SET sync = '{"v":{},"d":{"*":["ab12"]}}'"""],
    "meeting versions with a negative counter": ["""UPDATE meeting SET sync = '{"v":{"ab12":-1}}' WHERE number = 2"""],
    "removal not JSON": ["INSERT INTO tombstone VALUES ('x', 'no_such_table', 'soon', 'junk')"],
    "removal a list": ["INSERT INTO tombstone VALUES ('x', 'entry', 'soon', '[1]')"],
    "replica counter in words": ["UPDATE replica SET counter = 'many'"],
    "replica counter past SQLite's integers": ["UPDATE replica SET counter = 9223372036854775807"],
    "conflict value not JSON": ["INSERT INTO conflict VALUES ('entry', 'x', 'body', 'junk', 'ab12', 1)"],
    "conflict of no such record": ["""INSERT INTO conflict VALUES ('no_such_table', 'x', 'body', '"a"', 'ab12', 1)"""],
    # A table of the entry group, not a group of its own: a conflict names groups only.
    "conflict of a table that is no group": [
        """INSERT INTO conflict VALUES ('sealed_entry', 'x', 'body', '"a"', 'ab12', 1)"""
    ],
    "conflict counter in words": ["""INSERT INTO conflict VALUES ('checkin', '1|mentor|x', 'rating', '3', 'ab12', 'many')"""],
    "conflict rating key of one part": ["INSERT INTO conflict VALUES ('checkin', 'x', 'rating', '3', 'ab12', 1)"],
    "conflict rating key with a meeting in words": [
        "INSERT INTO conflict VALUES ('checkin', 'two|mentor|s1', 'rating', '3', 'ab12', 1)"
    ],
    "conflict meeting key not a number": ["""INSERT INTO conflict VALUES ('meeting', 'two', 'status', '"held"', 'ab12', 1)"""],
    "conflict key not text": ["INSERT INTO conflict VALUES ('entry', x'00', 'body', '\"a\"', 'ab12', 1)"],
}
VERSIONS_DAMAGED = "rmpair: The vault's record of which laptop made each change is damaged"


@pytest.mark.parametrize("case", sorted(VERSION_CASES))
def test_damaged_versions_refuse_writing_and_exchange_in_one_line(template, cli_main, tmp_path, case) -> None:
    vault = tmp_path / "pair.rmpair"
    shutil.copy(template, vault)
    write_rows(vault, MENTOR_PASS, VERSION_CASES[case])
    stored = vault.read_bytes()
    bundle = tmp_path / "bundle.rmpair"
    refused = cli_main(vault, "bundle", "export", "--out", str(bundle), stdin=[MENTOR_PASS]).problem_line()
    assert refused.startswith(VERSIONS_DAMAGED) and "rmpair check" in refused and "restore" in refused
    assert not bundle.exists()
    if case.startswith("replica"):  # every write takes the next change number
        added = cli_main(vault, "add", "--kind", "note", "--shared", "--title", "after", "text", stdin=[MENTOR_PASS])
        assert added.problem_line().startswith(VERSIONS_DAMAGED)
    conflicts = cli_main(vault, "conflicts", stdin=[MENTOR_PASS])
    if case.startswith("conflict"):
        assert conflicts.problem_line().startswith(VERSIONS_DAMAGED)
    else:
        conflicts.ok()
    assert vault.read_bytes() == stored, "nothing was written"
    assert GOOD_TITLE in cli_main(vault, "list", stdin=[MENTOR_PASS]).ok().stdout, "reading still works"
    # What the line says to do works: check names the damage and a good backup to restore.
    checked = cli_main(vault, "check", stdin=[MENTOR_PASS])
    assert checked.code == 1 and "vault: damaged: its record of which laptop made each change" in checked.stdout
    assert "rmpair restore --backup 1" in checked.stdout
    cli_main(vault, "restore", "--backup", "1", stdin=[MENTOR_PASS]).ok()
    cli_main(vault, "bundle", "export", "--out", str(bundle), stdin=[MENTOR_PASS]).ok()


def _bundle_with_rows(a: Path, bundle: Path, statements: list, header: dict | None = None) -> None:
    """A bundle from laptop A whose database holds ``statements``' rows (and whose header
    has ``header``'s values, None for one left out), sealed as a copy of rmpair holding the
    pair's keys could seal it."""
    from rmpair.core.database import Database
    from rmpair.core.service import PairService
    from rmpair.exchange import envelope
    from rmpair.exchange.bundles import BUNDLE_KEY_PURPOSE, BUNDLE_MAGIC, export_bundle

    service = PairService.unlock(a, MENTOR_PASS)
    try:
        export_bundle(service, bundle)
        key = service.pair_key(BUNDLE_KEY_PURPOSE)
    finally:
        service.close()
    opened = envelope.open_(BUNDLE_MAGIC, key, bundle.read_bytes())
    database = Database.from_image(opened.image)
    try:
        for statement in statements:
            database.connection.execute(*statement) if isinstance(statement, tuple) else database.connection.execute(statement)
        database.connection.commit()
        sealed_header = {**opened.header, **(header or {})}
        sealed_header = {name: value for name, value in sealed_header.items() if value is not None}
        bundle.write_bytes(envelope.seal(BUNDLE_MAGIC, key, sealed_header, database.image()))
    finally:
        database.close()


@pytest.mark.parametrize("case", sorted(VERSION_CASES))
def test_damaged_versions_on_either_laptop_stop_an_import_in_one_line(laptops, cli_main, tmp_path, case) -> None:
    a, b = laptops
    bundle = tmp_path / "from-a.rmpair"
    _bundle_with_rows(a, bundle, VERSION_CASES[case])
    stored = b.read_bytes()
    refused = cli_main(b, "bundle", "import", str(bundle), "--yes", stdin=[MENTEE_PASS]).problem_line()
    assert refused.startswith("rmpair: This bundle's record of which laptop made each change is damaged"), refused
    assert "nothing was changed" in refused and "rmpair check" in refused
    assert b.read_bytes() == stored

    _bundle_with_rows(a, bundle, [])
    write_rows(b, MENTEE_PASS, VERSION_CASES[case])
    stored = b.read_bytes()
    refused = cli_main(b, "bundle", "import", str(bundle), "--yes", stdin=[MENTEE_PASS]).problem_line()
    assert refused.startswith(VERSIONS_DAMAGED), refused
    assert b.read_bytes() == stored


# A bundle header the partner's copy wrote: under the seal, but the copy that sealed it may
# be damaged or altered. Taking it in stores its laptop and sequence, and its schema decides
# whether this rmpair can read the database at all.
HEADER_CASES: dict[str, dict] = {
    "schema left out": {"schema": None},
    "schema in words": {"schema": "7"},
    "schema a fraction": {"schema": 1.5},
    "schema infinite": {"schema": float("inf")},
    "schema true": {"schema": True},
    "schema zero": {"schema": 0},
    "schema past any rmpair": {"schema": 10**40},
    "sequence past SQLite's integers": {"sequence": 2**70},
    "laptop a list": {"laptop": ["a", "b"]},
}


@pytest.mark.parametrize("case", sorted(HEADER_CASES))
def test_a_bundle_header_rmpair_never_writes_is_refused_in_one_line(laptops, cli_main, tmp_path, case) -> None:
    a, b = laptops
    bundle = tmp_path / "from-a.rmpair"
    _bundle_with_rows(a, bundle, [], HEADER_CASES[case])
    stored = b.read_bytes()
    refused = cli_main(b, "bundle", "import", str(bundle), "--yes", stdin=[MENTEE_PASS]).problem_line()
    assert refused.startswith("rmpair: This bundle is damaged or incomplete"), refused
    assert "nothing was changed" in refused
    assert b.read_bytes() == stored
    _bundle_with_rows(a, bundle, [])
    cli_main(b, "bundle", "import", str(bundle), "--yes", stdin=[MENTEE_PASS]).ok()


SCHEMA_CASES = {case: changes for case, changes in HEADER_CASES.items() if case.startswith("schema")}


@pytest.mark.parametrize("case", sorted(SCHEMA_CASES))
def test_an_invite_schema_rmpair_never_writes_is_refused_in_one_line(laptops, cli_main, tmp_path, case) -> None:
    """The same schema check holds for an invite, sealed by the other laptop's copy too."""
    from rmpair.core import crypto
    from rmpair.core.service import PairService
    from rmpair.exchange import envelope, invite
    from tests.exchange.pair_of_laptops import FAST_KDF

    service = PairService.unlock(laptops[0], MENTEE_PASS)
    try:
        made = invite.make_invite(service, tmp_path / "invite.rmpair", kdf=FAST_KDF)
    finally:
        service.close()
    data = made.file.read_bytes()
    start = len(invite.INVITE_MAGIC) + invite._OUTER.size
    (length,) = invite._OUTER.unpack_from(data, len(invite.INVITE_MAGIC))
    outer = json.loads(data[start : start + length])
    key = crypto.derive_key(invite.normalise_code(made.code), base64.b64decode(outer["salt"]), FAST_KDF)
    opened = envelope.open_(invite._SEALED_MAGIC, key, data[start + length :])
    header = {name: value for name, value in {**opened.header, **SCHEMA_CASES[case]}.items() if value is not None}
    made.file.write_bytes(data[: start + length] + envelope.seal(invite._SEALED_MAGIC, key, header, opened.image))
    b = tmp_path / "b" / "pair.rmpair"
    refused = cli_main(b, "pair", "accept", str(made.file), stdin=[made.code, MENTEE_PASS]).problem_line()
    assert refused == "rmpair: This invite is damaged or incomplete; nothing was created. Make a new one."
    assert not b.exists()
