"""Exporting what the pair wrote to one unencrypted file: Markdown, HTML or JSON.

The door to the export: callers import from here. Inside, one module per concern:

- ``document``: what an export may hold (``build_export`` filters the vault down to it)
  and the errors;
- ``walk``: the one order of the sections (title, the pair, meetings with agenda and
  entries, actions, goals with evidence, check-ins) and the words shown for each, which
  the readable formats write through;
- ``as_markdown``, ``as_html``, ``as_json``: one module per format;
- ``formats``: the formats by name and by file suffix, and ``render``;
- ``writing``: putting the text on disk safely (mode 0600, whole or not at all).

Markdown and HTML show control characters as visible pictures, so a terminal never obeys
them; JSON keeps every character exactly. No UI import here.
"""

from __future__ import annotations

from rmpair.reports.export.as_html import render_html
from rmpair.reports.export.as_json import EXPORT_FORMAT_NAME, EXPORT_FORMAT_VERSION, export_data, render_json
from rmpair.reports.export.as_markdown import render_markdown
from rmpair.reports.export.document import (
    ExportDocument,
    ExportError,
    ExportFileExists,
    ExportFolderMissing,
    build_export,
    iso,
)
from rmpair.reports.export.formats import (
    FORMAT_SUFFIXES,
    FORMATS,
    RENDERERS,
    default_file_name,
    format_for_path,
    render,
)
from rmpair.reports.export.walk import visible_text
from rmpair.reports.export.writing import EXPORT_FILE_MODE, UNENCRYPTED_WARNING, check_export_path, write_export

__all__ = [
    "EXPORT_FILE_MODE",
    "EXPORT_FORMAT_NAME",
    "EXPORT_FORMAT_VERSION",
    "FORMATS",
    "FORMAT_SUFFIXES",
    "RENDERERS",
    "UNENCRYPTED_WARNING",
    "ExportDocument",
    "ExportError",
    "ExportFileExists",
    "ExportFolderMissing",
    "build_export",
    "check_export_path",
    "default_file_name",
    "export_data",
    "format_for_path",
    "iso",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "visible_text",
    "write_export",
]
