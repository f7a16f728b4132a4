"""The settings file is read as untrusted input: a theme "name" holding terminal control
characters (ESC [ 31m, OSC 52, NUL) is not a name. 'rmpair settings' printed it raw, so
whatever wrote the file could drive the terminal of the person who reads their settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import RmpairRunner

HOSTILE_THEMES = {
    "colour escape": "a\\u001b[31mred",
    "clipboard": "x\\u001b]52;c;aGVsbG8=\\u0007y",
    "nul": "rmpair\\u0000",
    "eight-bit CSI": "a\\u009b2Jb",
}


@pytest.mark.parametrize("theme", list(HOSTILE_THEMES.values()), ids=list(HOSTILE_THEMES))
def test_a_theme_with_control_characters_is_not_used_or_printed(cli_env, tmp_path: Path, theme: str) -> None:
    config = tmp_path / "config"
    (config / "rmpair").mkdir(parents=True)
    (config / "rmpair" / "settings.toml").write_text(f'theme = "{theme}"\nidle_minutes = 7\n')
    result = RmpairRunner(dict(cli_env, XDG_CONFIG_HOME=str(config)))(tmp_path / "pair.rmpair", "settings")
    assert result.code == 0 and "Traceback" not in result.output
    assert not any(ch in result.output for ch in "\x1b\x07\x00\x9b"), repr(result.output)
    assert "theme: rmpair " in result.stdout  # the default, as the app uses
    assert "idle-minutes: 7 " in result.stdout  # the rest of the file still counts
    assert "theme in your settings is not a name" in result.stderr
