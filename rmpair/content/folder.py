"""Reading one content folder: its TOML files in a stable order (the optional packs in its
``packs/`` folder left for when they are switched on), each file decoded and parsed, and
each table handed to the reader for its kind. Loading never raises for a bad file: each
problem is recorded and everything else still loads, so the app can start.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from rmpair.content.fields import as_tables, join_words
from rmpair.content.layer import Layer
from rmpair.content.model import ContentProblem
from rmpair.content.places import IdRegistry, Locator, Where, syntax_problem
from rmpair.content.readers import ALL_ITEM_FIELDS, READERS, SECTIONS
from rmpair.core import paths
from rmpair.core.small_files import UnsuitableFile, read_small_file

OPTIONAL_PACKS_FOLDER = "packs"
# The shipped files are a few kilobytes each; a file far larger is not programme content,
# and reading it whole would fill memory.
MAX_CONTENT_FILE_BYTES = 1024 * 1024


def content_files(directory: Path) -> list[Path]:
    """Every ``.toml`` file under ``directory`` in a stable order, hidden ones left out, and
    the optional packs in its ``packs/`` folder too: they are read only when switched on."""
    found: list[Path] = []
    for root, subdirs, files in os.walk(directory):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        if Path(root) == Path(directory):
            subdirs[:] = [d for d in subdirs if d != OPTIONAL_PACKS_FOLDER]
        found.extend(
            Path(root) / name
            for name in files
            if name.endswith(".toml") and not name.startswith(".")
        )
    return sorted(found, key=lambda p: p.relative_to(directory).parts)


def read_layer(directory: Path) -> Layer:
    layer = Layer(directory)
    if not directory.is_dir():
        what = (
            "this is a file, not a content folder — give the folder that holds the pack's .toml files"
            if directory.exists()
            else "this content folder does not exist — check the path given with --prompts "
            f"or {paths.PROMPTS_ENV}, or create the folder"
        )
        layer.problems.append(ContentProblem(directory, None, what))
        return layer
    try:
        files = content_files(directory)
    except OSError as error:
        layer.problems.append(
            ContentProblem(
                directory, None, f"this folder could not be read ({error.strerror}) — check its permissions"
            )
        )
        return layer
    registry = IdRegistry()
    for path in files:
        layer.files += 1
        _read_file(path, layer, registry)
    return layer


def _read_file(path: Path, layer: Layer, registry: IdRegistry) -> None:
    try:
        text = read_small_file(path, MAX_CONTENT_FILE_BYTES).decode("utf-8-sig")
    except UnsuitableFile as error:
        layer.problems.append(
            ContentProblem(
                path, None, f"this file was skipped because {error.reason} — content files are small TOML text files"
            )
        )
        return
    except OSError as error:
        layer.problems.append(
            ContentProblem(
                path, None, f"this file could not be read ({error.strerror}) — check its permissions"
            )
        )
        return
    except UnicodeDecodeError:
        layer.problems.append(
            ContentProblem(
                path,
                None,
                "this file is not UTF-8 text, so it was skipped — save it as UTF-8 in your editor",
            )
        )
        return
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        layer.problems.append(syntax_problem(path, str(error)))
        return
    except RecursionError:
        # tomllib recurses once per bracket, so thousands of nested [ or { exhaust the stack.
        layer.problems.append(
            ContentProblem(
                path,
                None,
                "this file has lists or tables nested too deeply to read, so the whole file was "
                "skipped — check for a run of [ or { brackets, perhaps from a paste gone wrong",
            )
        )
        return
    except ValueError:
        # Python refuses to read an integer of more than 4300 digits (int_max_str_digits).
        layer.problems.append(
            ContentProblem(
                path,
                None,
                "this file has a number too long to read, so the whole file was skipped — "
                "numbers here are small (meetings 1 to 6, minutes, order); shorten it",
            )
        )
        return

    locator = Locator(text)
    loose = [key for key in document if key not in SECTIONS and key in ALL_ITEM_FIELDS]
    if loose:
        # One message for the lot: they almost always share one missing header line.
        names = join_words((f"'{key}'" for key in loose), "and")
        verb = "sits" if len(loose) == 1 else "sit"
        layer.problems.append(
            ContentProblem(
                path,
                locator.section_line(loose[0]),
                f"{names} {verb} outside any [[...]] block, so rmpair skipped them — put a line "
                "such as [[prompt]] above the fields of each item",
            )
        )
    for section, value in document.items():
        if section in loose:
            continue
        if section not in SECTIONS:
            layer.problems.append(
                ContentProblem(
                    path,
                    locator.section_line(section),
                    f"'{section}' is not a kind of content rmpair knows, so it was skipped — "
                    f"use one of {join_words(f'[[{s}]]' for s in SECTIONS)}",
                )
            )
            continue
        tables = as_tables(value)
        if tables is None:
            layer.problems.append(
                ContentProblem(
                    path,
                    locator.section_line(section),
                    f"'{section}' must be a table, so it was skipped — start each one with "
                    f"a [[{section}]] line and put its fields below it",
                )
            )
            continue
        header_lines = locator.header_lines(section)
        for index, table in enumerate(tables):
            line = header_lines[index] if len(header_lines) == len(tables) else None
            if line is None:
                line = locator.section_line(section)
            where = Where(path, line, locator, layer.problems, section)
            READERS[section](table, where, layer, registry)
