"""Loading programme content: the shipped pack, then a programme's own folders over it.

Everything a programme lead might want to reword lives in TOML files under ``prompts/``
rather than in code. The shipped pack is read first, then any override packs in order;
a later pack replaces an earlier item with the same id (an agenda, with the same meeting
number) and may add new items, including new RACE categories.

A folder's ``packs/`` sub-folder holds optional packs (the shipped Action pack among them),
read only when the programme file switches them on (``optional_packs``); they layer just
after the shipped content, so a programme's own folder can still replace their items. The
programme file (``[programme]``) names the programme and the people to contact; a later
folder's value replaces an earlier one field by field.

Loading never raises for a bad file. The person editing the files is not a programmer, so
each problem becomes a ``ContentProblem`` naming the file, the line where we can find it,
what is wrong and what to do, and everything else still loads so the app can start.

This module must stay free of any UI import: the CLI, the TUI and tests all use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from rmpair.content.fields import join_words
from rmpair.content.folder import OPTIONAL_PACKS_FOLDER, read_layer
from rmpair.content.layer import Layer
from rmpair.content.merging import Merger
from rmpair.content.model import ContentProblem, Programme
from rmpair.content.pack import ContentPack
from rmpair.core import paths
from rmpair.core.paths import resolve_override_dirs  # noqa: F401 - part of this module's face


def load_content(extra_dirs: Sequence[Path] = ()) -> ContentPack:
    """The shipped pack with each of ``extra_dirs`` layered over it, in order."""
    return load_pack_dirs([paths.shipped_prompts_dir(), *extra_dirs])


def load_pack_dirs(dirs: Iterable[Path]) -> ContentPack:
    """Read each folder in order, later ones replacing earlier items by id; the optional
    packs the programme file switches on come just after the first folder."""
    layers: list[Layer] = []
    seen: set[Path] = set()
    for directory in dirs:
        directory = Path(directory)
        try:
            identity = directory.resolve()
        except OSError:
            identity = directory
        if identity in seen:
            continue
        seen.add(identity)
        layers.append(read_layer(directory))
    programme = Programme()
    for layer in layers:
        for found in layer.programmes:
            programme = programme.layered(found)
    packs, packs_on, problems = _optional_layers(programme, [layer.directory for layer in layers])
    merger = Merger()
    for layer in layers[:1] + packs + layers[1:]:
        merger.add_layer(layer)
    merger.problems.extend(problems)
    return replace(merger.finish(), programme=programme, packs_on=packs_on)


def optional_packs(dirs: Iterable[Path]) -> dict[str, Path]:
    """The optional packs these content folders offer, by name (a later folder's wins)."""
    found: dict[str, Path] = {}
    for directory in dirs:
        folder = Path(directory) / OPTIONAL_PACKS_FOLDER
        if folder.is_dir():
            for pack in sorted(folder.iterdir()):
                if pack.is_dir() and not pack.name.startswith("."):
                    found[pack.name] = pack
    return found


def _optional_layers(programme: Programme, dirs: list[Path]) -> tuple[list[Layer], tuple[str, ...], list[ContentProblem]]:
    available = optional_packs(dirs)
    layers, on, problems = [], [], []
    for name in programme.optional_packs:
        if name in available:
            layers.append(read_layer(available[name]))
            on.append(name)
            continue
        offered = join_words(f"'{n}'" for n in available) or "none"
        problems.append(
            ContentProblem(
                programme.source or Path("programme.toml"),
                None,
                f"the programme switches on an optional pack '{name}', but no content folder has "
                f"{OPTIONAL_PACKS_FOLDER}/{name}, so it was left off — the packs offered are {offered}",
            )
        )
    return layers, tuple(on), problems
