"""Text from a hostile or careless paste, shared by the vault, CLI and TUI tests.

Entries are pasted from chat logs, web pages, terminals and word processors. Their text
may hold Rich or Textual markup, terminal escape sequences, bidirectional overrides,
combining marks, zero-width joiners, emoji with skin tones, control characters, Windows
line ends, one enormous line, or ten megabytes. Imported by bare name: pytest puts this
folder on ``sys.path`` because ``tests/conftest.py`` lives in it.
"""

from __future__ import annotations

ESCAPES = (
    "clear\x1b[2J\x1b[Hhome "
    "\x1b]0;a new window title\x07 "
    "\x9b31m eight-bit CSI "
    "\x1b[8mconcealed\x1b[0m "
    "\x1b]52;c;aGVsbG8=\x07 clipboard "
    "\x1b]8;;http://example.invalid/\x1b\\a disguised link\x1b]8;;\x1b\\ "
    "\x1bP+q544e\x1b\\ device query"
)
CONTROLS = "".join(chr(c) for c in range(1, 32)) + "\x7f" + "".join(chr(c) for c in range(0x80, 0xA0))


def _ten_megabytes() -> str:
    chunk = (
        "Line of an imported chat log, with ünïcödé, 👋🏽 and [bold]markup[/].\n"
        "Ein zweiter Satz — mit Gedankenstrich.\r\n"
        + ESCAPES + "\n"
    )
    size = len(chunk.encode("utf-8"))
    return chunk * (10 * 1024 * 1024 // size + 1)


# name -> (title, body)
SAMPLES: dict[str, tuple[str, str]] = {
    "rich-markup": (
        "[bold red]x[/]",
        "[link=http://example.invalid]y[/link], a lone [/], an [bold]unclosed tag, \\[escaped] and [/bold red]",
    ),
    "actions-in-markup": (
        "[@click=app.quit]z[/]",
        "[@click=app.quit]quit[/] [@click=screen.dismiss]leave[/] [link=http://evil]y[/] "
        "$accent [b $error]Textual content markup[/] [on $primary]x[/] {braces}",
    ),
    "terminal-escapes": ("\x1b[2Jtitle that clears\x1b]0;t\x07", ESCAPES),
    "bidi-and-combining": (
        "\u202eevil\u202c.txt",
        "e\u0301\u0301\u0327 Z\u0351\u0352\u0353\u0354 \u202bright to left\u202c \u2066isolate\u2069 "
        "\u05e9\u05dc\u05d5\u05dd "
        "\u0627\u0644\u0633\u0644\u0627\u0645 \u200fRLM\u200e LRM",
    ),
    "zero-width": (
        "a\u200bb\u200cc\u200dd\u2060e\ufefff",
        "👩\u200d👩\u200d👧 a family, and a\u200bhidden\u200bspace",
    ),
    "emoji-skin-tones": (
        "👋🏽 👍🏿",
        "🧑🏾\u200d💻 👩🏻\u200d🦰 🏳️\u200d🌈 ✊🏿 🤝🏼 👨🏿\u200d🦳",
    ),
    "control-characters": ("bell\x07and backspace\x08in a title", CONTROLS + " and text after"),
    "crlf": ("Windows lines", "line one\r\nline two\r\n\r\nlast\r a lone carriage return\rend\r\n"),
    "one-100KB-line": ("one long line", ("ünïcödé-word " * 10000)[: 100 * 1024]),
    "ten-megabytes": ("ten megabytes", _ten_megabytes()),
}
