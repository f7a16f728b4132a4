"""What the partner's own unlock shows of the other person's private entries.

The partner holds the vault key, so they can read the decrypted database: the
``sealed_entry`` rows are there, one per private entry of either person. Each row's blob
is padded to a size bucket, and its clear time is one constant for every row (the real
times are inside the seal), so the rows can be counted but not sized to the byte or dated.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cli_testkit import MENTEE_PASS, MENTOR_PASS
from rmpair.core.vault import Vault

CLEAR_TIME = "1970-01-01 00:00:00.000000"


def sealed_rows_as_seen_by(vault: Path, passphrase: str) -> list[tuple[str, int, str]]:
    """(id, size, clear time) of every sealed entry in the database this passphrase opens."""
    opened, image = Vault.open(vault, passphrase, write=False)
    opened.close()
    database = sqlite3.connect(":memory:")
    database.deserialize(image)
    return database.execute("SELECT id, length(sealed), updated_at FROM sealed_entry").fetchall()


def test_the_partner_can_count_the_others_private_entries_but_not_size_or_date_them(fast_pair, cli_main):
    vault = fast_pair.vault
    before = {row[0] for row in sealed_rows_as_seen_by(vault, MENTEE_PASS)}
    texts = {
        "a few words": "Not today.",
        "a paragraph": "When the director said it in the review, I said nothing. " * 10,
        "a long story": "It began at the away day, and it went on from there. " * 120,
    }
    for title, text in texts.items():
        cli_main(vault, "add", "--kind", "talking-point", "--private", "--title", title, text,
                 stdin=[MENTOR_PASS]).ok()

    rows = sealed_rows_as_seen_by(vault, MENTEE_PASS)
    new = sorted((size for entry_id, size, _ in rows if entry_id not in before))
    # Ten characters and six hundred seal to the same size; six thousand to the next
    # power of two up from its length, not to the byte.
    assert new == [1024, 1024, 8192]
    assert {clear_time for _, _, clear_time in rows} == {CLEAR_TIME}

    # The mentor, whose entries they are, still reads them whole, with their real times.
    listing = cli_main(vault, "list", "--kind", "talking-point", stdin=[MENTOR_PASS]).ok()
    assert all(title in listing.stdout for title in texts)
    found = cli_main(vault, "search", "away day", stdin=[MENTOR_PASS]).ok().ids()
    shown = cli_main(vault, "show", found[0], stdin=[MENTOR_PASS]).ok()
    assert "1970" not in shown.stdout and "written " in shown.stdout
