"""``rmpair export`` and ``rmpair summary``: once end to end through the installed command,
the rest in-process (``rmpair.cli.main``) over a vault with a cheap KDF."""

from __future__ import annotations

import io
import json
import shutil
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from rmpair.reports import export
from rmpair.cli import main
from rmpair.core.service import PairService

MENTOR_PASS = "mentor passphrase"
MENTEE_PASS = "mentee passphrase"
SHARED = "sharedwordgiraffe"
MENTOR_SECRET = "mentorsecretwalrus"
MENTEE_SECRET = "menteesecretlynx"
NAMES = ("Mentornameoriole", "Menteenamekestrel")


@pytest.fixture
def vault(tmp_path, fast_kdf) -> Path:
    path = tmp_path / "pair.rmpair"
    mentor, _ = PairService.create(
        path, role="mentor", name=NAMES[0], passphrase=MENTOR_PASS,
        programme_start=date(2026, 1, 5), kdf=fast_kdf, agendas={1: [("Ground rules", 10)]},
    )
    mentor.join(role="mentee", name=NAMES[1], passphrase=MENTEE_PASS, kdf=fast_kdf)
    mentor.add_entry(kind="talking-point", title=SHARED, body=f"{SHARED} <script>alert(1)</script>",
                     meeting=1, race_tags=["resistance"], private=False)
    mentor.add_entry(kind="reflection", title=MENTOR_SECRET, body=MENTOR_SECRET, meeting=1, private=True)
    mentor.add_action("actionwordheron", due_meeting=1)
    mentor.mark_held(1, date(2026, 1, 6))
    mentor.close()
    mentee = PairService.unlock(path, MENTEE_PASS)
    mentee.add_entry(kind="reflection", title=MENTEE_SECRET, body=MENTEE_SECRET, meeting=1, private=True)
    mentee.close()
    return path


def run(monkeypatch, capsys, args: list[str], stdin: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _installed_rmpair() -> str:
    beside = Path(sys.executable).parent / "rmpair"
    found = str(beside) if beside.exists() else shutil.which("rmpair")
    if found is None:
        pytest.skip("the rmpair command is not installed")
    return found


# -- export -------------------------------------------------------------------------------------


def test_export_end_to_end_through_the_installed_command(vault, tmp_path):
    out = tmp_path / "record.html"
    result = subprocess.run(
        [_installed_rmpair(), "export", "--vault", str(vault), "--format", "html", "--out", str(out)],
        input=f"{MENTOR_PASS}\n", capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert export.UNENCRYPTED_WARNING in result.stderr
    assert "1 shared entry" in result.stdout
    page = out.read_text(encoding="utf-8")
    assert SHARED in page and NAMES[0] in page
    assert MENTOR_SECRET not in page and MENTEE_SECRET not in page
    assert "<script>" not in page
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert {p.name for p in tmp_path.iterdir() if not p.name.startswith("pair.rmpair")} == {"record.html"}

    again = subprocess.run(
        [_installed_rmpair(), "export", "--vault", str(vault), "--out", str(out)],
        input=f"{MENTOR_PASS}\n", capture_output=True, text=True, timeout=120,
    )
    assert again.returncode == 1
    assert again.stderr.count("\n") == 1 and "already exists" in again.stderr and "--force" in again.stderr
    assert out.read_text(encoding="utf-8") == page


@pytest.mark.parametrize("format", ["markdown", "html", "json"])
def test_export_default_holds_no_private_text_and_include_private_adds_only_ones_own(
    vault, tmp_path, monkeypatch, capsys, format
):
    out = tmp_path / f"export.{format}"
    code, _, err = run(monkeypatch, capsys, ["export", "--vault", str(vault), "--format", format, "--out", str(out)],
                       f"{MENTEE_PASS}\n")
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert SHARED in text
    assert MENTOR_SECRET not in text and MENTEE_SECRET not in text

    code, out_text, err = run(
        monkeypatch, capsys,
        ["export", "--vault", str(vault), "--format", format, "--out", str(out), "--include-private", "--force"],
        f"{MENTEE_PASS}\n",
    )
    assert code == 0, err
    assert "1 private entry of yours" in out_text
    text = out.read_text(encoding="utf-8")
    assert MENTEE_SECRET in text and SHARED in text
    assert MENTOR_SECRET not in text
    if format == "json":
        assert json.loads(text)["includes_private"] is True


def test_the_warning_is_printed_before_the_file_exists(vault, tmp_path, monkeypatch, capsys):
    out = tmp_path / "export.md"
    seen = {}
    real_write = export.write_export

    def watching(text, path, *, force):
        seen["exists"] = Path(path).exists()
        seen["stderr"] = capsys.readouterr().err
        real_write(text, path, force=force)

    monkeypatch.setattr(export, "write_export", watching)
    code, _, _ = run(monkeypatch, capsys, ["export", "--vault", str(vault), "--out", str(out)], f"{MENTOR_PASS}\n")
    assert code == 0
    assert seen["exists"] is False
    assert "NOT be encrypted" in seen["stderr"]
    assert out.exists()


def test_an_existing_file_is_refused_before_the_passphrase_is_asked(vault, tmp_path, monkeypatch, capsys):
    out = tmp_path / "export.md"
    out.write_text("keep me", encoding="utf-8")
    code, stdout, err = run(monkeypatch, capsys, ["export", "--vault", str(vault), "--out", str(out)], "")
    assert code == 1
    assert err == (
        f"rmpair: {out} already exists; nothing was written. Add --force to replace it, or choose another path.\n"
    )
    assert stdout == ""
    assert out.read_text(encoding="utf-8") == "keep me"


def test_a_missing_folder_is_an_error_and_is_not_created(vault, tmp_path, monkeypatch, capsys):
    out = tmp_path / "no" / "such" / "export.md"
    code, _, err = run(monkeypatch, capsys, ["export", "--vault", str(vault), "--out", str(out)], f"{MENTOR_PASS}\n")
    assert code == 1
    assert "does not exist" in err and err.count("\n") == 1
    assert not (tmp_path / "no").exists()


def test_the_format_follows_the_file_name(vault, tmp_path, monkeypatch, capsys):
    out = tmp_path / "export.json"
    code, _, _ = run(monkeypatch, capsys, ["export", "--vault", str(vault), "--out", str(out)], f"{MENTOR_PASS}\n")
    assert code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "rmpair-export"


def test_a_wrong_passphrase_writes_nothing(vault, tmp_path, monkeypatch, capsys):
    out = tmp_path / "export.md"
    code, _, err = run(monkeypatch, capsys, ["export", "--vault", str(vault), "--out", str(out)], "wrong passphrase\n")
    assert code == 1
    assert "NOT be encrypted" not in err
    assert not out.exists()


# -- summary --------------------------------------------------------------------------------------


def test_summary_shows_the_report_then_writes_it_after_yes(vault, tmp_path, monkeypatch, capsys):
    out = tmp_path / "summary.md"
    code, stdout, err = run(
        monkeypatch, capsys, ["summary", "--vault", str(vault), "--out", str(out), "--include-ratings"],
        f"{MENTOR_PASS}\ny\n",
    )
    assert code == 0, err
    written = out.read_text(encoding="utf-8")
    report_at = stdout.index("# Reverse mentoring programme summary")
    question_at = stdout.index(f"Write this to {out}? [y/N]")
    assert report_at < question_at
    assert written.strip() in stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    for word in (SHARED, MENTOR_SECRET, MENTEE_SECRET, *NAMES, "actionwordheron"):
        assert word not in written
        assert word not in stdout


@pytest.mark.parametrize("answer", ["n\n", "\n", ""])
def test_summary_writes_nothing_unless_the_answer_is_yes(vault, tmp_path, monkeypatch, capsys, answer):
    out = tmp_path / "summary.md"
    code, stdout, _ = run(monkeypatch, capsys, ["summary", "--vault", str(vault), "--out", str(out)],
                          f"{MENTOR_PASS}\n{answer}")
    assert code == 0
    assert "Nothing was written." in stdout
    assert not out.exists()


def test_summary_yes_skips_the_question_and_force_replaces(vault, tmp_path, monkeypatch, capsys):
    out = tmp_path / "summary.md"
    out.write_text("old", encoding="utf-8")
    code, _, err = run(monkeypatch, capsys, ["summary", "--vault", str(vault), "--out", str(out), "--yes"],
                       f"{MENTOR_PASS}\n")
    assert code == 1 and "already exists" in err
    code, stdout, _ = run(monkeypatch, capsys,
                          ["summary", "--vault", str(vault), "--out", str(out), "--yes", "--force"], f"{MENTOR_PASS}\n")
    assert code == 0
    assert "[y/N]" not in stdout
    assert out.read_text(encoding="utf-8").startswith("# Reverse mentoring programme summary")
