"""Commands that only write decode no entry already in the vault: adding one to thousands
took as long as decoding them all. Counted by the decoding itself, not timed."""

from __future__ import annotations

import pytest
from cli_testkit import MENTOR_PASS

from rmpair.core import entry_store, private_seal


@pytest.fixture
def decoded(monkeypatch):
    """How many private payloads were decoded, and how many entry timestamps (two for each
    entry, shared or private, that became an ``EntryView``)."""
    counts = {"private": 0, "timestamps": 0}
    decode_payload, stored_time = private_seal._decode_payload, entry_store.stored_time

    def counting_decode(text):
        counts["private"] += 1
        return decode_payload(text)

    def counting_stored_time(text):
        counts["timestamps"] += 1
        return stored_time(text)

    monkeypatch.setattr(private_seal, "_decode_payload", counting_decode)
    monkeypatch.setattr(entry_store, "stored_time", counting_stored_time)
    return counts


@pytest.mark.parametrize(
    "command",
    [
        ("add", "--kind", "talking-point", "a new private point"),
        ("add", "--kind", "note", "--shared", "a new shared note"),
        ("action", "add", "send the report", "--owner", "mentee"),
        ("goal", "add", "speak up in the board meeting"),
        ("meeting", "2", "--date", "2026-03-02"),
    ],
)
def test_a_writing_command_decodes_no_entry(fast_pair, cli_main, decoded, command):
    cli_main(fast_pair.vault, *command, stdin=[MENTOR_PASS]).ok()
    assert decoded == {"private": 0, "timestamps": 0}


def test_reading_them_decodes_each_once(fast_pair, cli_main, decoded):
    listed = cli_main(fast_pair.vault, "list", stdin=[MENTOR_PASS]).ok()
    assert len(listed.ids()) == 3
    assert decoded == {"private": 1, "timestamps": 2 * 3}
