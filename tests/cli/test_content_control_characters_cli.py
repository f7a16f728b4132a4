"""Programme content from a folder rmpair did not write never carries a terminal's
control characters: a prompt or template whose text holds ESC, BEL or the C1 range is
skipped with one problem naming its file and line, and the rest of the file still loads.

'prompts list' made such text visible, but 'prompts show' printed it raw at a terminal
(ESC ] 52 writes the reader's clipboard, ESC [ 2J clears the screen), and the app's
screens and exports took it as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile_samples import ESCAPES

CONTROLS = ("\x1b", "\x07", "\x9b", "\x00")

GOOD_AND_BAD = """
[[prompt]]
id = "resistance.still-read"
category = "resistance"
role = "mentor"
meetings = [2]
title = "Still read beside the bad one"
text = "A good prompt in the same file still loads."

[[prompt]]
id = "resistance.escapes"
category = "resistance"
role = "mentor"
meetings = [2]
title = {title}
text = {text}

[[reflection]]
id = "escaping-template"
title = "Escaping template"
role = "both"

[[reflection.section]]
id = "what"
heading = "What?"
question = {text}
"""


def toml_string(text: str) -> str:
    """A TOML basic string holding ``text`` exactly (control characters as \\u escapes)."""
    escaped = "".join(
        f"\\u{ord(ch):04x}" if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in '"\\' else ch for ch in text
    )
    return f'"{escaped}"'


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    title = "Escapes \x1b]52;c;aGVsbG8=\x07 here \x9b31m"
    (folder / "content.toml").write_text(
        GOOD_AND_BAD.format(title=toml_string(title), text=toml_string(ESCAPES + " nul\x00")), encoding="utf-8"
    )
    return folder


def no_controls(text: str) -> bool:
    return not any(ch in text for ch in CONTROLS)


def test_prompts_show_and_list_never_print_controls_from_a_pack(run_rmpair, tmp_path: Path, pack: Path) -> None:
    vault = tmp_path / "pair.rmpair"
    listed = run_rmpair(vault, "prompts", "list", "--role", "mentor", "--meeting", "2", "--prompts", str(pack))
    assert "Traceback" not in listed.output and no_controls(listed.output), repr(listed.output)
    assert "Still read beside the bad one" in listed.stdout
    assert "resistance.escapes" not in listed.stdout
    assert "control character" in listed.stderr and "content.toml" in listed.stderr
    shown = run_rmpair(vault, "prompts", "show", "resistance.escapes", "--prompts", str(pack))
    assert shown.code != 0 and no_controls(shown.output) and "Traceback" not in shown.output, repr(shown.output)
    templates = run_rmpair(vault, "templates", "list", "--prompts", str(pack))
    assert no_controls(templates.output) and "escaping-template" not in templates.stdout


def test_prompts_check_names_the_line_with_a_control_character(run_rmpair, tmp_path: Path, pack: Path) -> None:
    result = run_rmpair(tmp_path / "pair.rmpair", "prompts", "check", str(pack))
    assert result.code == 1 and no_controls(result.output) and "Traceback" not in result.output
    problems = [line for line in result.stdout.splitlines() if "control character" in line]
    assert len(problems) == 2, result.stdout  # the prompt's title and the template's question
    assert all(line.startswith(f"{pack / 'content.toml'}:") for line in problems), problems
