"""Where in a content file a problem is: line numbers found in the raw text (tomllib does
not report them), the place an item came from, the first use of an id in a folder, and a
TOML syntax error said in plain words. The person editing these files is not a programmer,
so every problem names its file and, where it can, its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rmpair.content.model import ContentProblem

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


class Locator:
    """Finds line numbers in the raw text, since tomllib does not report them."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()

    def header_lines(self, dotted_name: str, start: int = 0, end: int | None = None) -> list[int]:
        pattern = re.compile(r"^\s*\[\[\s*" + re.escape(dotted_name).replace(r"\.", r"\s*\.\s*") + r"\s*\]\]")
        stop = len(self._lines) if end is None else end
        return [n + 1 for n in range(start, stop) if pattern.match(self._lines[n])]

    def section_line(self, name: str) -> int | None:
        pattern = re.compile(
            r"^\s*(\[\[?\s*" + re.escape(name) + r"\s*\]\]?|" + re.escape(name) + r"\s*=)"
        )
        for number, line in enumerate(self._lines, start=1):
            if pattern.match(line):
                return number
        return None

    def block_end(self, header_line: int) -> int:
        """The 0-based index just past the block that starts at ``header_line`` (1-based)."""
        for index in range(header_line, len(self._lines)):
            if self._lines[index].lstrip().startswith("["):
                return index
        return len(self._lines)

    def key_line(self, header_line: int | None, key: str) -> int | None:
        if header_line is None:
            return None
        pattern = re.compile(r"^\s*" + re.escape(key) + r"\s*=")
        for index in range(header_line, self.block_end(header_line)):
            if pattern.match(self._lines[index]):
                return index + 1
        return header_line

    def item_end(self, header_line: int, top_section: str) -> int:
        """The 0-based index where the next top-level ``[[top_section]]`` (or other table) starts."""
        child = re.compile(r"^\s*\[\[?\s*" + re.escape(top_section) + r"\s*\.")
        for index in range(header_line, len(self._lines)):
            line = self._lines[index].lstrip()
            if line.startswith("[") and not child.match(line):
                return index
        return len(self._lines)


@dataclass
class Where:
    """The place an item came from, for error messages."""

    path: Path
    line: int | None
    locator: Locator
    problems: list[ContentProblem]
    section: str

    def problem(self, message: str, key: str | None = None) -> None:
        line = self.locator.key_line(self.line, key) if key else self.line
        self.problems.append(ContentProblem(self.path, line, message))

    def child(self, child_section: str, index: int, count: int) -> Where:
        line: int | None = None
        if self.line is not None:
            end = self.locator.item_end(self.line, self.section)
            lines = self.locator.header_lines(f"{self.section}.{child_section}", self.line - 1, end)
            line = lines[index] if len(lines) == count else self.line
        return Where(self.path, line, self.locator, self.problems, f"{self.section}.{child_section}")


class IdRegistry:
    """Ids already used in one folder, so a duplicate can point at the first use."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, object], tuple[Path, int | None]] = {}

    def claim(self, kind: str, key: object, where: Where, what: str) -> bool:
        first = self._seen.get((kind, key))
        if first is None:
            self._seen[(kind, key)] = (where.path, where.line)
            return True
        first_path, first_line = first
        place = f"{first_path}" + (f" line {first_line}" if first_line else "")
        where.problem(
            f"{what} is already used in {place}, so this one was skipped — give it a "
            "different id, or move it to an override pack if you meant to replace the first"
        )
        return False


def syntax_problem(path: Path, error_text: str) -> ContentProblem:
    line: int | None = None
    column: int | None = None
    position = _TOML_POSITION.search(error_text)
    if position:
        line, column = int(position.group(1)), int(position.group(2))
        error_text = error_text[: position.start()]
    else:
        error_text = _TOML_AT_END.sub("", error_text)
        error_text += " at the end of the file"
    detail = error_text[:1].lower() + error_text[1:]
    if column is not None:
        detail += f" (column {column})"
    return ContentProblem(
        path,
        line,
        f"this is not valid TOML: {detail}, so the whole file was skipped — check the quotes, "
        'commas and brackets on that line; text goes in "double quotes" and long text in """triple quotes"""',
    )
