"""The command line never prints a traceback: not for input it cannot decode, and not for
a problem nobody foresaw (the last line of defence, which names only the kind of error)."""

from __future__ import annotations

import subprocess

import pytest

from cli_testkit import MENTOR_PASS, RMPAIR, SUBPROCESS_TIMEOUT, Result


@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
@pytest.mark.parametrize("command", [["list"], ["init", "--as", "mentor", "--name", "Ada"], ["check"]])
def test_a_passphrase_line_that_is_not_utf8_is_refused_in_one_line(fast_pair, cli_env, locale, command):
    # In a UTF-8 locale Python cannot decode the line; in the C locale it decodes it to
    # lone surrogates, which key derivation cannot take. Either way: one line, exit 1.
    vault = fast_pair.vault if command[0] != "init" else fast_pair.vault.with_name("new.rmpair")
    env = dict(cli_env, LC_ALL=locale, LANG=locale)
    done = subprocess.run(
        [str(RMPAIR), *command, "--vault", str(vault)],
        input=b"\xff\xfe not utf-8 \xc3\x28\n" * 2,
        capture_output=True,
        env=env,
        timeout=SUBPROCESS_TIMEOUT,
    )
    result = Result(done.returncode, done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace"))
    assert "not UTF-8 text" in result.problem_line()
    assert not vault.with_name("new.rmpair").exists()


def test_an_unforeseen_error_prints_one_plain_line_without_what_it_carried(fast_pair, cli_main, monkeypatch):
    from rmpair.core import entry_reader

    secret = "the text of a reflection that must never reach a terminal"

    def unforeseen(*args, **kwargs):
        raise LookupError(secret)

    monkeypatch.setattr(entry_reader, "load_entries", unforeseen)
    result = cli_main(fast_pair.vault, "list", stdin=[MENTOR_PASS])
    line = result.problem_line()
    assert "(LookupError)" in line
    assert secret not in result.output
