"""Times at the very ends of the calendar, in rows the partner's copy wrote.

A stored time of 0001-01-01 is a valid UTC moment, but in a time zone west of Greenwich
its local time is before the first day a date can hold; a meeting on 9999-12-31 ends on a
day after the last. 'show', 'export' and 'meetings --ics' stopped on these with an
unexpected problem; they show the time in UTC, and the meeting as a one-day event.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.hostile_rows import MENTOR_PASS, make_pair, write_rows

CASES = {
    "entry on the first day": [
        "UPDATE entry SET created_at = '0001-01-01 00:00:00.000000', updated_at = '0001-01-01 00:00:00.000000' "
        "WHERE title = 'HOSTILE'"
    ],
    "meeting on the last day": ["UPDATE meeting SET planned_date = '9999-12-31' WHERE number = 6"],
}

COMMANDS = [
    ["show", "{id}"],
    ["list"],
    ["export", "--out", "{folder}/export.md"],
    ["export", "--out", "{folder}/export.html", "--format", "html"],
    ["meetings"],
    ["meetings", "--ics", "--out", "{folder}/meetings.ics"],
]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return make_pair(tmp_path_factory.mktemp("moments-template") / "pair.rmpair")


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_times_at_the_ends_of_the_calendar_are_shown(template, tmp_path, cli_main, west_of_greenwich, case, command):
    vault = tmp_path / "pair.rmpair"
    shutil.copy(template, vault)
    write_rows(vault, MENTOR_PASS, CASES[case])
    hostile_id = next(line[:8] for line in cli_main(vault, "list", stdin=[MENTOR_PASS]).ok().stdout.splitlines()
                      if "HOSTILE" in line)
    args = [part.format(id=hostile_id, folder=tmp_path) for part in command]
    result = cli_main(vault, *args, stdin=[MENTOR_PASS])
    assert result.code == 0, result.output
    assert "unexpected" not in result.output and "Traceback" not in result.output
