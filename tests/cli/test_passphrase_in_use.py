"""A new passphrase that is already a way into the vault is refused.

Unlocking tries each passphrase slot in turn and the first that opens wins, so a partner
who chose the first person's passphrase (or the same one typed with other code points)
would unlock as the first person from then on: never reaching their own slot, and reading
the first person's private entries. Every way of setting a passphrase (join, passwd,
recover) refuses one that would open any slot other than the one it replaces, in one
line, before anything is written.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from cli_testkit import FAST_KDF, MENTEE_PASS, MENTOR_PASS, folder_snapshot, recovery_code

# Composed (é as one code point), as most keyboards type it.
ACCENTED = "caf\u00e9 ol\u00e9 au lait"


def nfd(text: str) -> str:
    """The same words with each accent as its own combining code point (e + U+0301)."""
    return unicodedata.normalize("NFD", text)


def fullwidth(text: str) -> str:
    """The same words in full-width forms, as an East Asian input method may type them."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)


@pytest.fixture
def mentor_alone(tmp_path: Path) -> tuple[Path, str]:
    """A vault with only the mentor, whose passphrase has accents; and their recovery code."""
    from rmpair.core.service import PairService

    vault = tmp_path / "pair.rmpair"
    service, code = PairService.create(
        vault, role="mentor", name="Ada", passphrase=ACCENTED,
        programme_start=date(2026, 1, 5), kdf=FAST_KDF, agendas={},
    )
    service.add_entry(kind="talking-point", title="ada's own secret", body="only Ada", private=True)
    service.close()
    return vault, code


def assert_refused_and_nothing_written(result, vault: Path, before: dict[str, bytes]) -> None:
    line = result.problem_line()
    assert "already opens this vault" in line, line
    assert "choose a different one" in line.lower(), line
    assert folder_snapshot(vault.parent) == before


@pytest.mark.parametrize(
    "typed",
    [ACCENTED, nfd(ACCENTED), fullwidth(ACCENTED)],
    ids=["same", "decomposed-accents", "full-width"],
)
def test_join_refuses_the_first_persons_passphrase_however_it_is_typed(mentor_alone, cli_main, typed):
    vault, _ = mentor_alone
    before = folder_snapshot(vault.parent)
    result = cli_main(vault, "join", "--as", "mentee", "--name", "Bo", stdin=[ACCENTED, typed, typed])
    assert_refused_and_nothing_written(result, vault, before)
    # Still the mentor alone: the partner can join with a passphrase of their own.
    cli_main(vault, "join", "--as", "mentee", "--name", "Bo", stdin=[ACCENTED, MENTEE_PASS, MENTEE_PASS]).ok()
    listing = cli_main(vault, "list", stdin=[MENTEE_PASS]).ok()
    assert "ada's own secret" not in listing.stdout


def test_join_refuses_the_first_persons_recovery_code(mentor_alone, cli_main):
    vault, code = mentor_alone
    before = folder_snapshot(vault.parent)
    result = cli_main(vault, "join", "--as", "mentee", "--name", "Bo", stdin=[ACCENTED, code, code])
    assert_refused_and_nothing_written(result, vault, before)


def test_join_refuses_the_first_persons_recovery_code_typed_in_full_width(mentor_alone, cli_main):
    # With it as their passphrase, the partner's 'rmpair recover' would open the first
    # person's slot and set the first person's passphrase.
    vault, code = mentor_alone
    typed = fullwidth(code.replace("-", " ").lower())
    before = folder_snapshot(vault.parent)
    result = cli_main(vault, "join", "--as", "mentee", "--name", "Bo", stdin=[ACCENTED, typed, typed])
    assert_refused_and_nothing_written(result, vault, before)


def test_the_partner_who_joined_with_their_own_passphrase_unlocks_as_themselves(mentor_alone, cli_main):
    vault, _ = mentor_alone
    # One letter apart is a different passphrase: only a way in that already exists is refused.
    near = ACCENTED.replace("lait", "laid")
    cli_main(vault, "join", "--as", "mentee", "--name", "Bo", stdin=[ACCENTED, near, near]).ok()
    assert "ada's own secret" not in cli_main(vault, "list", stdin=[near]).ok().stdout
    assert "ada's own secret" in cli_main(vault, "list", stdin=[ACCENTED]).ok().stdout


@pytest.fixture
def pair(mentor_alone, cli_main) -> tuple[Path, str, str]:
    """Both people; returns the vault and the mentor's and mentee's recovery codes."""
    vault, mentor_code = mentor_alone
    joined = cli_main(vault, "join", "--as", "mentee", "--name", "Bo", stdin=[ACCENTED, MENTEE_PASS, MENTEE_PASS])
    return vault, mentor_code, recovery_code(joined.ok())


@pytest.mark.parametrize("typed", [ACCENTED, nfd(ACCENTED)], ids=["same", "decomposed-accents"])
def test_passwd_refuses_the_partners_passphrase(pair, cli_main, typed):
    vault, _, _ = pair
    before = folder_snapshot(vault.parent)
    result = cli_main(vault, "passwd", stdin=[MENTEE_PASS, typed, typed])
    assert_refused_and_nothing_written(result, vault, before)
    assert "ada's own secret" not in cli_main(vault, "list", stdin=[MENTEE_PASS]).ok().stdout


def test_passwd_refuses_a_recovery_code_even_ones_own(pair, cli_main):
    vault, mentor_code, mentee_code = pair
    before = folder_snapshot(vault.parent)
    for code in (mentor_code, mentee_code):
        assert_refused_and_nothing_written(cli_main(vault, "passwd", stdin=[MENTEE_PASS, code, code]), vault, before)


@pytest.mark.parametrize(
    "form",
    [
        str.lower,
        lambda code: code.replace("-", ""),
        lambda code: code.replace("-", " ").lower(),
        # Recovery takes a code through NFKC like any secret, so full-width letters and
        # digits (an East Asian input method) open the recovery slot: they are the code.
        lambda code: fullwidth(code.replace("-", " ").lower()),
        fullwidth,
    ],
    ids=["lower-case", "no-dashes", "spaces-lower-case", "full-width-spaces-lower-case", "full-width"],
)
def test_a_recovery_code_typed_another_way_is_refused_too(pair, cli_main, form):
    # A recovery code is taken in any case with any separators, so the same code typed
    # another way is the same secret: a passphrase equal to it would be the code itself.
    vault, mentor_code, mentee_code = pair
    before = folder_snapshot(vault.parent)
    for code in (mentor_code, mentee_code):
        typed = form(code)
        result = cli_main(vault, "passwd", stdin=[MENTEE_PASS, typed, typed])
        assert_refused_and_nothing_written(result, vault, before)
    typed = form(mentee_code)
    assert_refused_and_nothing_written(cli_main(vault, "recover", stdin=[mentee_code, typed, typed]), vault, before)


def test_passwd_may_set_the_same_passphrase_again(pair, cli_main):
    # The slot it would open is the one being replaced.
    vault, _, _ = pair
    cli_main(vault, "passwd", stdin=[MENTEE_PASS, MENTEE_PASS, MENTEE_PASS]).ok()
    cli_main(vault, "list", stdin=[MENTEE_PASS]).ok()


@pytest.mark.parametrize("typed", [ACCENTED, nfd(ACCENTED)], ids=["same", "decomposed-accents"])
def test_recover_refuses_the_partners_passphrase(pair, cli_main, typed):
    vault, _, mentee_code = pair
    before = folder_snapshot(vault.parent)
    result = cli_main(vault, "recover", stdin=[mentee_code, typed, typed])
    assert_refused_and_nothing_written(result, vault, before)
    # The refused recovery left the vault free for the next command.
    cli_main(vault, "recover", stdin=[mentee_code, "bo's brand new words", "bo's brand new words"]).ok()
    assert "ada's own secret" not in cli_main(vault, "list", stdin=["bo's brand new words"]).ok().stdout


def test_a_passphrase_typed_in_full_width_forms_unlocks_too(pair, cli_main):
    # Passphrases are compared after NFKC, so the same words from another input method open.
    vault, _, _ = pair
    assert "ada's own secret" in cli_main(vault, "list", stdin=[fullwidth(ACCENTED)]).ok().stdout
