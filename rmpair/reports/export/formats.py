"""The export formats by name: which renderer writes each, and which file suffixes say it.

A new format is a module beside ``as_markdown``, ``as_html`` and ``as_json`` and one line
in ``_FORMATS``.

No UI import here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rmpair.reports.export.as_html import render_html
from rmpair.reports.export.as_json import render_json
from rmpair.reports.export.as_markdown import render_markdown
from rmpair.reports.export.document import ExportDocument, ExportError


@dataclass(frozen=True)
class ExportFormat:
    name: str
    suffixes: tuple[str, ...]  # the first is the one rmpair gives a file it names
    render: Callable[[ExportDocument], str]


_FORMATS = (
    ExportFormat("markdown", (".md", ".markdown"), render_markdown),
    ExportFormat("html", (".html", ".htm"), render_html),
    ExportFormat("json", (".json",), render_json),
)
_BY_NAME = {f.name: f for f in _FORMATS}

FORMATS = tuple(_BY_NAME)
FORMAT_SUFFIXES = {f.name: f.suffixes[0] for f in _FORMATS}
RENDERERS = {f.name: f.render for f in _FORMATS}


def render(doc: ExportDocument, format: str) -> str:
    try:
        found = _BY_NAME[format]
    except KeyError:
        raise ExportError(f"'{format}' is not an export format; use {', '.join(FORMATS)}.") from None
    return found.render(doc)


def format_for_path(path: str | os.PathLike[str], default: str = "markdown") -> str:
    """The format a file name suggests (.md, .html, .json), else ``default``."""
    suffix = Path(path).suffix.lower()
    for found in _FORMATS:
        if suffix in found.suffixes:
            return found.name
    return default


def default_file_name(format: str, today: date | None = None) -> str:
    day = (today or date.today()).isoformat()
    return f"rmpair-export-{day}{FORMAT_SUFFIXES.get(format, '.txt')}"
