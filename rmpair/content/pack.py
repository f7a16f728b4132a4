"""Programme content as data: the RACE model, prompts, agendas, templates and check-ins.

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

import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rmpair.core import paths
from rmpair.core.small_files import UnsuitableFile, read_small_file

ROLES = ("mentor", "mentee")
ROLE_WORDS = ("mentor", "mentee", "both")
MEETING_NUMBERS = range(1, 7)
FIELD_KINDS = ("text", "choice", "checklist", "sbi", "scale")
_KINDS_WITH_OPTIONS = ("choice", "checklist")

# A stable id is what saved notes point at, so keep it to characters that survive
# copying between files, shells and URLs.
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)\s*$")

# The shipped files are a few kilobytes each; a file far larger is not programme content,
# and reading it whole would fill memory.
MAX_CONTENT_FILE_BYTES = 1024 * 1024

SECTIONS = ("category", "prompt", "agenda", "observation", "reflection", "checkin", "programme", "guide", "term")
OPTIONAL_PACKS_FOLDER = "packs"
MEETING_MINUTES = 60
# The programme file's contacts, in the order they are shown.
PROGRAMME_CONTACTS = ("lead", "lead_contact", "speak_up", "peer_group", "urgent_support")
_PROGRAMME_TEXTS = ("name", *PROGRAMME_CONTACTS, "feedback")


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class RaceCategory:
    id: str
    name: str
    mentor_description: str
    mentee_description: str
    order: int
    source: Path | None = None

    def description_for(self, role: str) -> str:
        return self.mentee_description if role == "mentee" else self.mentor_description


@dataclass(frozen=True)
class Prompt:
    id: str
    category: str
    roles: tuple[str, ...]
    meetings: tuple[int, ...]
    title: str
    text: str
    hint: str = ""
    source: Path | None = None
    start_here: bool = False
    """One of the prompts to try first at its meetings, for its role."""

    @property
    def role_label(self) -> str:
        """"mentor", "mentee" or "both", as a person writes it in the file."""
        return "both" if set(self.roles) == set(ROLES) else self.roles[0]

    def fits(
        self,
        role: str | None = None,
        meeting: int | None = None,
        category: str | None = None,
    ) -> bool:
        if role is not None and role not in self.roles:
            return False
        if meeting is not None and meeting not in self.meetings:
            return False
        if category is not None and category != self.category:
            return False
        return True


@dataclass(frozen=True)
class AgendaItem:
    text: str
    minutes: int


@dataclass(frozen=True)
class Agenda:
    meeting: int
    title: str
    purpose: str
    items: tuple[AgendaItem, ...]
    source: Path | None = None
    length: int = MEETING_MINUTES
    """How long the meeting is; the items' minutes leave the rest as slack."""

    @property
    def total_minutes(self) -> int:
        return sum(item.minutes for item in self.items)

    @property
    def slack_minutes(self) -> int:
        return self.length - self.total_minutes


@dataclass(frozen=True)
class TemplateField:
    id: str
    label: str
    kind: str
    help: str = ""
    options: tuple[str, ...] = ()
    required: bool = False
    min_entries: int = 0
    max_entries: int = 1


@dataclass(frozen=True)
class ObservationTemplate:
    id: str
    title: str
    intro: str
    fields: tuple[TemplateField, ...]
    default: bool = False
    source: Path | None = None

    def field(self, field_id: str) -> TemplateField | None:
        return next((f for f in self.fields if f.id == field_id), None)


@dataclass(frozen=True)
class ReflectionSection:
    id: str
    heading: str
    question: str


@dataclass(frozen=True)
class ReflectionTemplate:
    id: str
    title: str
    intro: str
    sections: tuple[ReflectionSection, ...]
    default: bool = False
    roles: tuple[str, ...] = ROLES
    closing: str = ""
    source: Path | None = None
    show_contacts: bool = False
    """Show the programme's contacts after the closing words (the mentor debrief does)."""

    def fits(self, role: str | None = None) -> bool:
        return role is None or role in self.roles


@dataclass(frozen=True)
class CheckinStatement:
    id: str
    text: str
    source: Path | None = None
    roles: tuple[str, ...] = ROLES
    """Who is asked it: each role has statements of its own."""

    def fits(self, role: str | None = None) -> bool:
        return role is None or role in self.roles


@dataclass(frozen=True)
class Programme:
    """The programme file: its name, who to contact, where feedback goes, and which
    optional packs are on. An empty text is one the programme has not filled in."""

    name: str = ""
    lead: str = ""
    lead_contact: str = ""
    speak_up: str = ""
    peer_group: str = ""
    urgent_support: str = ""
    feedback: str = ""
    optional_packs: tuple[str, ...] = ()
    source: Path | None = None

    def text(self, field_name: str) -> str:
        return str(getattr(self, field_name))

    def layered(self, newer: Programme) -> Programme:
        """This file with a later folder's filled-in values over it, field by field."""
        changes: dict[str, Any] = {name: newer.text(name) for name in _PROGRAMME_TEXTS if newer.text(name)}
        if newer.optional_packs:
            changes["optional_packs"] = newer.optional_packs
        return replace(self, source=newer.source or self.source, **changes)


@dataclass(frozen=True)
class Guide:
    """A page of guidance (what to do about a disclosure, say), shown in the app and by
    ``rmpair help``; with ``show_contacts`` the programme's contacts follow it."""

    id: str
    title: str
    text: str
    show_contacts: bool = False
    source: Path | None = None


@dataclass(frozen=True)
class Term:
    """A glossary entry: a word a pair may not share, explained in a few plain words."""

    id: str
    term: str
    meaning: str
    also: tuple[str, ...] = ()
    """Other forms the term appears in (plurals, short forms)."""
    source: Path | None = None

    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.also)


@dataclass(frozen=True)
class ContentProblem:
    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class LayerSummary:
    """What one content folder contributed, before later folders override it."""

    directory: Path
    files: int
    counts: Mapping[str, int]


@dataclass
class ContentPack:
    categories: tuple[RaceCategory, ...] = ()
    prompts: tuple[Prompt, ...] = ()
    agendas: dict[int, Agenda] = field(default_factory=dict)
    observation_templates: tuple[ObservationTemplate, ...] = ()
    reflection_templates: tuple[ReflectionTemplate, ...] = ()
    checkin_statements: tuple[CheckinStatement, ...] = ()
    problems: list[ContentProblem] = field(default_factory=list)
    layers: tuple[LayerSummary, ...] = ()
    programme: Programme = field(default_factory=Programme)
    guides: tuple[Guide, ...] = ()
    terms: tuple[Term, ...] = ()
    packs_on: tuple[str, ...] = ()
    """The optional packs switched on and found."""

    def category(self, category_id: str) -> RaceCategory | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def prompt(self, prompt_id: str) -> Prompt | None:
        return next((p for p in self.prompts if p.id == prompt_id), None)

    def prompts_for(
        self,
        category: str | None = None,
        role: str | None = None,
        meeting: int | None = None,
    ) -> list[Prompt]:
        """The prompts that fit, the "start here" ones first, otherwise in pack order."""
        found = [p for p in self.prompts if p.fits(role=role, meeting=meeting, category=category)]
        return sorted(found, key=lambda p: not p.start_here)

    def agenda(self, meeting: int) -> Agenda | None:
        return self.agendas.get(meeting)

    def agenda_templates(self) -> dict[int, list[tuple[str, int | None]]]:
        """Each meeting's agenda as (text, minutes) pairs: what a new vault starts with."""
        return {
            number: [(item.text, item.minutes) for item in agenda.items]
            for number, agenda in self.agendas.items()
        }

    def observation_template(self, template_id: str) -> ObservationTemplate | None:
        return next((t for t in self.observation_templates if t.id == template_id), None)

    def default_observation_template(self) -> ObservationTemplate | None:
        return _default_of(self.observation_templates)

    def reflection_template(self, template_id: str) -> ReflectionTemplate | None:
        return next((t for t in self.reflection_templates if t.id == template_id), None)

    def reflection_templates_for(self, role: str | None = None) -> list[ReflectionTemplate]:
        return [t for t in self.reflection_templates if t.fits(role)]

    def default_reflection_template(self) -> ReflectionTemplate | None:
        return _default_of(self.reflection_templates)

    def checkin_statement(self, statement_id: str) -> CheckinStatement | None:
        return next((s for s in self.checkin_statements if s.id == statement_id), None)

    def checkin_statements_for(self, role: str) -> tuple[CheckinStatement, ...]:
        return tuple(s for s in self.checkin_statements if s.fits(role))

    def guide(self, guide_id: str) -> Guide | None:
        return next((g for g in self.guides if g.id == guide_id), None)

    def terms_in(self, text: str) -> tuple[Term, ...]:
        """The glossary's terms that appear in ``text``, whole words in any case, in glossary order."""
        return tuple(term for term in self.terms if any(_mentions(text, form) for form in term.forms()))

    def counts(self) -> dict[str, int]:
        return {
            "categories": len(self.categories),
            "prompts": len(self.prompts),
            "agendas": len(self.agendas),
            "observation_templates": len(self.observation_templates),
            "reflection_templates": len(self.reflection_templates),
            "checkin_statements": len(self.checkin_statements),
            "guides": len(self.guides),
            "terms": len(self.terms),
        }


def _mentions(text: str, form: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text, flags=re.IGNORECASE) is not None


def _default_of(templates: Sequence[Any]) -> Any:
    return next((t for t in templates if t.default), templates[0] if templates else None)


# --------------------------------------------------------------------------- entry points


def resolve_override_dirs(cli_value: str | os.PathLike[str] | None) -> list[Path]:
    """``--prompts`` wins, then ``RMPAIR_PROMPTS``, then the user's pack if it exists."""
    if cli_value:
        return [Path(cli_value).expanduser()]
    from_env = os.environ.get(paths.PROMPTS_ENV)
    if from_env:
        return [Path(from_env).expanduser()]
    user_dir = paths.user_prompts_dir()
    return [user_dir] if user_dir.is_dir() else []


def load_content(extra_dirs: Sequence[Path] = ()) -> ContentPack:
    """The shipped pack with each of ``extra_dirs`` layered over it, in order."""
    return load_pack_dirs([paths.shipped_prompts_dir(), *extra_dirs])


def load_pack_dirs(dirs: Iterable[Path]) -> ContentPack:
    """Read each folder in order, later ones replacing earlier items by id; the optional
    packs the programme file switches on come just after the first folder."""
    layers: list[_Layer] = []
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
        layers.append(_read_layer(directory))
    programme = Programme()
    for layer in layers:
        for found in layer.programmes:
            programme = programme.layered(found)
    packs, packs_on, problems = _optional_layers(programme, [layer.directory for layer in layers])
    merger = _Merger()
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


def _optional_layers(programme: Programme, dirs: list[Path]) -> tuple[list[_Layer], tuple[str, ...], list[ContentProblem]]:
    available = optional_packs(dirs)
    layers, on, problems = [], [], []
    for name in programme.optional_packs:
        if name in available:
            layers.append(_read_layer(available[name]))
            on.append(name)
            continue
        offered = _join(f"'{n}'" for n in available) or "none"
        problems.append(
            ContentProblem(
                programme.source or Path("programme.toml"),
                None,
                f"the programme switches on an optional pack '{name}', but no content folder has "
                f"{OPTIONAL_PACKS_FOLDER}/{name}, so it was left off — the packs offered are {offered}",
            )
        )
    return layers, tuple(on), problems


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


# --------------------------------------------------------------------------- reading one folder


@dataclass
class _Layer:
    directory: Path
    files: int = 0
    categories: list[RaceCategory] = field(default_factory=list)
    prompts: list[tuple[Prompt, int | None]] = field(default_factory=list)
    agendas: list[Agenda] = field(default_factory=list)
    observations: list[ObservationTemplate] = field(default_factory=list)
    reflections: list[ReflectionTemplate] = field(default_factory=list)
    checkins: list[CheckinStatement] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    guides: list[Guide] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    problems: list[ContentProblem] = field(default_factory=list)

    def summary(self) -> LayerSummary:
        return LayerSummary(
            directory=self.directory,
            files=self.files,
            counts={
                "categories": len(self.categories),
                "prompts": len(self.prompts),
                "agendas": len(self.agendas),
                "observation_templates": len(self.observations),
                "reflection_templates": len(self.reflections),
                "checkin_statements": len(self.checkins),
                "programme": len(self.programmes),
                "guides": len(self.guides),
                "terms": len(self.terms),
            },
        )


def _read_layer(directory: Path) -> _Layer:
    layer = _Layer(directory)
    if not directory.is_dir():
        layer.problems.append(
            ContentProblem(
                directory,
                None,
                "this content folder does not exist — check the path given with --prompts "
                f"or {paths.PROMPTS_ENV}, or create the folder",
            )
        )
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
    registry = _IdRegistry()
    for path in files:
        layer.files += 1
        _read_file(path, layer, registry)
    return layer


class _IdRegistry:
    """Ids already used in one folder, so a duplicate can point at the first use."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, object], tuple[Path, int | None]] = {}

    def claim(self, kind: str, key: object, where: _Where, what: str) -> bool:
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


def _read_file(path: Path, layer: _Layer, registry: _IdRegistry) -> None:
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
        layer.problems.append(_syntax_problem(path, str(error)))
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

    locator = _Locator(text)
    loose = [key for key in document if key not in SECTIONS and key in _ALL_ITEM_FIELDS]
    if loose:
        # One message for the lot: they almost always share one missing header line.
        names = _join((f"'{key}'" for key in loose), "and")
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
                    f"use one of {_join(f'[[{s}]]' for s in SECTIONS)}",
                )
            )
            continue
        tables = _as_tables(value)
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
            where = _Where(path, line, locator, layer.problems, section)
            _READERS[section](table, where, layer, registry)


def _syntax_problem(path: Path, error_text: str) -> ContentProblem:
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


def _as_tables(value: Any) -> list[dict[str, Any]] | None:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return value
    return None


class _Locator:
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
class _Where:
    """The place an item came from, for error messages."""

    path: Path
    line: int | None
    locator: _Locator
    problems: list[ContentProblem]
    section: str

    def problem(self, message: str, key: str | None = None) -> None:
        line = self.locator.key_line(self.line, key) if key else self.line
        self.problems.append(ContentProblem(self.path, line, message))

    def child(self, child_section: str, index: int, count: int) -> _Where:
        line: int | None = None
        if self.line is not None:
            end = self.locator.item_end(self.line, self.section)
            lines = self.locator.header_lines(f"{self.section}.{child_section}", self.line - 1, end)
            line = lines[index] if len(lines) == count else self.line
        return _Where(self.path, line, self.locator, self.problems, f"{self.section}.{child_section}")


# --------------------------------------------------------------------------- field checks


class _Skip(Exception):
    """An item is missing something it cannot do without; the reason is already recorded."""


class _Fields:
    """Reads one table's fields, recording a problem for each thing that is wrong."""

    def __init__(self, table: Mapping[str, Any], where: _Where, what: str, known: Sequence[str]) -> None:
        self.table = table
        self.where = where
        self.what = what
        for key in table:
            if key not in known:
                where.problem(
                    f"{what} has a field '{key}' that rmpair does not know, so it was ignored — "
                    f"check the spelling; the fields it can have are {_join(known, 'and')}",
                    key=key,
                )

    def text(self, key: str, *, required: bool, example: str = "...") -> str:
        value = self.table.get(key)
        if value is None:
            if required:
                self.where.problem(
                    f"{self.what} has no '{key}', so it was skipped — add a line {key} = \"{example}\""
                )
                raise _Skip
            return ""
        if not isinstance(value, str):
            self.where.problem(
                f"'{key}' in {self.what} must be text in quotes, so it was skipped — "
                f"write {key} = \"{example}\"",
                key=key,
            )
            raise _Skip
        tidied = tidy_text(value)
        if required and not tidied:
            self.where.problem(
                f"'{key}' in {self.what} is empty, so it was skipped — write something between the quotes",
                key=key,
            )
            raise _Skip
        return tidied

    def identifier(self, key: str = "id") -> str:
        value = self.text(key, required=True, example="a-short-name")
        if not _ID_PATTERN.match(value):
            self.where.problem(
                f"'{value}' cannot be used as an id, so {self.what} was skipped — use lower-case "
                "letters, digits, dots and dashes only, such as \"resistance.first-time\"",
                key=key,
            )
            raise _Skip
        return value

    def whole_number(self, key: str, *, required: bool, low: int, high: int, default: int = 0) -> int:
        value = self.table.get(key)
        if value is None:
            if required:
                self.where.problem(
                    f"{self.what} has no '{key}', so it was skipped — add a line {key} = {low}"
                )
                raise _Skip
            return default
        if not _is_int(value) or not low <= value <= high:
            self.where.problem(
                f"'{key}' in {self.what} is {value!r} but must be a whole number from {low} to {high}, "
                f"so it was skipped — write a number such as {key} = {low}, without quotes",
                key=key,
            )
            raise _Skip
        return int(value)

    def flag(self, key: str) -> bool:
        value = self.table.get(key, False)
        if not isinstance(value, bool):
            self.where.problem(
                f"'{key}' in {self.what} must be true or false, so it was taken as false — "
                f"write {key} = true or leave the line out",
                key=key,
            )
            return False
        return value

    def roles(self, key: str = "role") -> tuple[str, ...]:
        value = self.table.get(key, "both")
        if value not in ROLE_WORDS:
            self.where.problem(
                f"'{key}' in {self.what} is {value!r}, which is not a role, so it was skipped — "
                f'write {key} = "mentor", "mentee" or "both"',
                key=key,
            )
            raise _Skip
        return ROLES if value == "both" else (value,)

    def meetings(self, key: str = "meetings") -> tuple[int, ...]:
        value = self.table.get(key)
        if value is None:
            self.where.problem(
                f"{self.what} has no '{key}', so it was skipped — list the meetings it fits, "
                f'such as {key} = [2, 3], or write {key} = "all"'
            )
            raise _Skip
        if value == "all":
            return tuple(MEETING_NUMBERS)
        numbers = value if isinstance(value, list) else [value]
        wrong = [n for n in numbers if not _is_int(n) or n not in MEETING_NUMBERS]
        if not numbers or wrong:
            shown = _join(repr(n) for n in wrong) if wrong else "an empty list"
            self.where.problem(
                f"'{key}' in {self.what} has {shown}, but meetings are numbered 1 to 6, so it was "
                f'skipped — write a list such as {key} = [2, 3], or {key} = "all"',
                key=key,
            )
            raise _Skip
        return tuple(sorted(set(numbers)))

    def text_list(self, key: str, *, required: bool) -> tuple[str, ...]:
        value = self.table.get(key)
        if value is None:
            if required:
                self.where.problem(
                    f"{self.what} has no '{key}', so it was skipped — add a list such as "
                    f'{key} = ["First", "Second"]'
                )
                raise _Skip
            return ()
        all_text = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
        if not value or not all_text:
            self.where.problem(
                f"'{key}' in {self.what} must be a list of quoted text, so it was skipped — write "
                f'{key} = ["First", "Second"]',
                key=key,
            )
            raise _Skip
        return tuple(tidy_text(v) for v in value)

    def children(self, key: str, *, noun: str) -> list[tuple[dict[str, Any], _Where]]:
        value = self.table.get(key)
        tables = _as_tables(value) if value is not None else None
        if not tables:
            self.where.problem(
                f"{self.what} has no {noun}s, so it was skipped — add at least one "
                f"[[{self.where.section}.{key}]] block below it"
            )
            raise _Skip
        return [(t, self.where.child(key, i, len(tables))) for i, t in enumerate(tables)]


def _is_int(value: Any) -> bool:
    # TOML's true/false arrive as bool, which Python also counts as an int.
    return isinstance(value, int) and not isinstance(value, bool)


def _join(words: Iterable[str], conjunction: str = "or") -> str:
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def tidy_text(value: str) -> str:
    """Join wrapped lines into paragraphs; a blank line in the file starts a new paragraph."""
    paragraphs = re.split(r"\n\s*\n", value.strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines() if line.strip()) for p in paragraphs)


# --------------------------------------------------------------------------- one reader per kind


def _read_category(table: dict[str, Any], where: _Where, layer: _Layer, registry: _IdRegistry) -> None:
    what = _describe("category", table)
    reader = _Fields(table, where, what, ("id", "name", "order", "mentor_description", "mentee_description"))
    try:
        category_id = reader.identifier()
        category = RaceCategory(
            id=category_id,
            name=reader.text("name", required=True, example=category_id.capitalize()),
            mentor_description=reader.text("mentor_description", required=True),
            mentee_description=reader.text("mentee_description", required=True),
            order=reader.whole_number("order", required=False, low=0, high=999, default=100),
            source=where.path,
        )
    except _Skip:
        return
    if registry.claim("category", category.id, where, f"the category id '{category.id}'"):
        layer.categories.append(category)


def _read_prompt(table: dict[str, Any], where: _Where, layer: _Layer, registry: _IdRegistry) -> None:
    what = _describe("prompt", table)
    reader = _Fields(table, where, what, ("id", "category", "role", "meetings", "title", "text", "hint", "start_here"))
    try:
        prompt = Prompt(
            id=reader.identifier(),
            category=reader.text("category", required=True, example="resistance"),
            roles=reader.roles(),
            meetings=reader.meetings(),
            title=reader.text("title", required=True, example="A short title"),
            text=reader.text("text", required=True),
            hint=reader.text("hint", required=False),
            source=where.path,
            start_here=reader.flag("start_here"),
        )
    except _Skip:
        return
    if registry.claim("prompt", prompt.id, where, f"the prompt id '{prompt.id}'"):
        layer.prompts.append((prompt, where.locator.key_line(where.line, "category")))


def _read_agenda(table: dict[str, Any], where: _Where, layer: _Layer, registry: _IdRegistry) -> None:
    meeting_value = table.get("meeting")
    what = (
        f"the agenda for meeting {meeting_value}"
        if _is_int(meeting_value) and meeting_value in MEETING_NUMBERS
        else "this agenda"
    )
    reader = _Fields(table, where, what, ("meeting", "title", "purpose", "length", "item"))
    try:
        meeting = reader.whole_number("meeting", required=True, low=1, high=6)
        title = reader.text("title", required=True, example="A short title")
        purpose = reader.text("purpose", required=True, example="What this meeting is for.")
        length = reader.whole_number("length", required=False, low=10, high=480, default=MEETING_MINUTES)
        items: list[AgendaItem] = []
        for item_table, item_where in reader.children("item", noun="[[agenda.item]] block"):
            item_what = f"an item of the agenda for meeting {meeting}"
            item_reader = _Fields(item_table, item_where, item_what, ("minutes", "text"))
            items.append(
                AgendaItem(
                    text=item_reader.text("text", required=True),
                    minutes=item_reader.whole_number("minutes", required=True, low=1, high=240),
                )
            )
    except _Skip:
        return
    agenda = Agenda(meeting=meeting, title=title, purpose=purpose, items=tuple(items), source=where.path, length=length)
    if agenda.slack_minutes < 0:
        where.problem(
            f"the items of the agenda for meeting {meeting} add up to {agenda.total_minutes} minutes, more than "
            f"the {length} the meeting lasts; it was kept, but nothing is left for running over — shorten "
            "an item, or set length = ... to the meeting's real length",
            key="length" if "length" in table else None,
        )
    if registry.claim("agenda", meeting, where, f"an agenda for meeting {meeting}"):
        layer.agendas.append(agenda)


def _read_observation(table: dict[str, Any], where: _Where, layer: _Layer, registry: _IdRegistry) -> None:
    what = _describe("observation template", table)
    reader = _Fields(table, where, what, ("id", "title", "intro", "default", "field"))
    try:
        template_id = reader.identifier()
        title = reader.text("title", required=True, example="A short title")
        intro = reader.text("intro", required=False)
        default = reader.flag("default")
        fields: list[TemplateField] = []
        field_ids: set[str] = set()
        for field_table, field_where in reader.children("field", noun="[[observation.field]] block"):
            template_field = _read_template_field(field_table, field_where, template_id)
            if template_field.id in field_ids:
                field_where.problem(
                    f"the field id '{template_field.id}' is used twice in observation template "
                    f"'{template_id}', so the template was skipped — give each field its own id",
                    key="id",
                )
                raise _Skip
            field_ids.add(template_field.id)
            fields.append(template_field)
    except _Skip:
        return
    template = ObservationTemplate(
        id=template_id, title=title, intro=intro, fields=tuple(fields), default=default, source=where.path
    )
    if registry.claim("observation", template.id, where, f"the observation template id '{template.id}'"):
        layer.observations.append(_only_one_default(template, layer.observations, where, "observation"))


def _read_template_field(table: dict[str, Any], where: _Where, template_id: str) -> TemplateField:
    what = _describe_child("field", table, f"observation template '{template_id}'")
    reader = _Fields(
        table,
        where,
        what,
        ("id", "label", "kind", "help", "options", "required", "min_entries", "max_entries"),
    )
    field_id = reader.identifier()
    label = reader.text("label", required=True, example="A short label")
    kind = reader.text("kind", required=False) or "text"
    if kind not in FIELD_KINDS:
        where.problem(
            f"'{kind}' is not a kind of field, so observation template '{template_id}' was skipped — "
            f"use one of {_join(FIELD_KINDS)}",
            key="kind",
        )
        raise _Skip
    options = reader.text_list("options", required=kind in _KINDS_WITH_OPTIONS)
    min_entries = reader.whole_number("min_entries", required=False, low=0, high=20, default=0)
    max_entries = reader.whole_number(
        "max_entries", required=False, low=1, high=20, default=max(1, min_entries)
    )
    if min_entries > max_entries:
        where.problem(
            f"{what} asks for at least {min_entries} entries but at most {max_entries}, so the template "
            "was skipped — make min_entries no bigger than max_entries",
            key="min_entries",
        )
        raise _Skip
    return TemplateField(
        id=field_id,
        label=label,
        kind=kind,
        help=reader.text("help", required=False),
        options=options,
        required=reader.flag("required"),
        min_entries=min_entries,
        max_entries=max_entries,
    )


def _read_reflection(table: dict[str, Any], where: _Where, layer: _Layer, registry: _IdRegistry) -> None:
    what = _describe("reflection template", table)
    reader = _Fields(
        table, where, what, ("id", "title", "intro", "default", "role", "closing", "show_contacts", "section")
    )
    try:
        template_id = reader.identifier()
        title = reader.text("title", required=True, example="A short title")
        intro = reader.text("intro", required=False)
        default = reader.flag("default")
        show_contacts = reader.flag("show_contacts")
        roles = reader.roles()
        closing = reader.text("closing", required=False)
        sections: list[ReflectionSection] = []
        section_ids: set[str] = set()
        for section_table, section_where in reader.children("section", noun="[[reflection.section]] block"):
            section_reader = _Fields(
                section_table,
                section_where,
                _describe_child("section", section_table, f"reflection template '{template_id}'"),
                ("id", "heading", "question"),
            )
            section = ReflectionSection(
                id=section_reader.identifier(),
                heading=section_reader.text("heading", required=True, example="A short heading"),
                question=section_reader.text("question", required=True, example="A question to answer?"),
            )
            if section.id in section_ids:
                section_where.problem(
                    f"the section id '{section.id}' is used twice in reflection template "
                    f"'{template_id}', so the template was skipped — give each section its own id",
                    key="id",
                )
                raise _Skip
            section_ids.add(section.id)
            sections.append(section)
    except _Skip:
        return
    template = ReflectionTemplate(
        id=template_id,
        title=title,
        intro=intro,
        sections=tuple(sections),
        default=default,
        roles=roles,
        closing=closing,
        source=where.path,
        show_contacts=show_contacts,
    )
    if registry.claim("reflection", template.id, where, f"the reflection template id '{template.id}'"):
        layer.reflections.append(_only_one_default(template, layer.reflections, where, "reflection"))


def _read_checkin(table: dict[str, Any], where: _Where, layer: _Layer, registry: _IdRegistry) -> None:
    what = _describe("check-in statement", table)
    reader = _Fields(table, where, what, ("id", "text", "role"))
    try:
        statement = CheckinStatement(
            id=reader.identifier(),
            text=reader.text("text", required=True, example="I felt safe to speak honestly."),
            source=where.path,
            roles=reader.roles(),
        )
    except _Skip:
        return
    if registry.claim("checkin", statement.id, where, f"the check-in statement id '{statement.id}'"):
        layer.checkins.append(statement)


def _read_programme(table: dict[str, Any], where: _Where, layer: _Layer, registry: _IdRegistry) -> None:
    reader = _Fields(table, where, "the programme file", (*_PROGRAMME_TEXTS, "optional_packs"))
    try:
        texts = {name: reader.text(name, required=False) for name in _PROGRAMME_TEXTS}
        packs = reader.text_list("optional_packs", required=False) if table.get("optional_packs") != [] else ()
    except _Skip:
        return
    if registry.claim("programme", "programme", where, "a [programme] table"):
        layer.programmes.append(Programme(**texts, optional_packs=packs, source=where.path))


def _read_guide(table: dict[str, Any], where: _Where, layer: _Layer, registry: _IdRegistry) -> None:
    what = _describe("guide", table)
    reader = _Fields(table, where, what, ("id", "title", "text", "show_contacts"))
    try:
        guide = Guide(
            id=reader.identifier(),
            title=reader.text("title", required=True, example="A short title"),
            text=reader.text("text", required=True),
            show_contacts=reader.flag("show_contacts"),
            source=where.path,
        )
    except _Skip:
        return
    if registry.claim("guide", guide.id, where, f"the guide id '{guide.id}'"):
        layer.guides.append(guide)


def _read_term(table: dict[str, Any], where: _Where, layer: _Layer, registry: _IdRegistry) -> None:
    what = _describe("glossary term", table)
    reader = _Fields(table, where, what, ("id", "term", "meaning", "also"))
    try:
        term = Term(
            id=reader.identifier(),
            term=reader.text("term", required=True, example="Lived experience"),
            meaning=reader.text("meaning", required=True),
            also=reader.text_list("also", required=False),
            source=where.path,
        )
    except _Skip:
        return
    if registry.claim("term", term.id, where, f"the glossary term id '{term.id}'"):
        layer.terms.append(term)


def _only_one_default(template: Any, earlier: Sequence[Any], where: _Where, kind: str) -> Any:
    first = next((t for t in earlier if t.default), None)
    if not template.default or first is None:
        return template
    where.problem(
        f"{kind} template '{template.id}' is marked as the default, but '{first.id}' in this folder "
        "already is, so the first one stays the default — remove default = true from one of them",
        key="default",
    )
    return replace(template, default=False)


def _describe(noun: str, table: Mapping[str, Any]) -> str:
    value = table.get("id")
    if isinstance(value, str) and value.strip():
        return f"{noun} '{value}'"
    return f"this {noun}"


def _describe_child(noun: str, table: Mapping[str, Any], parent: str) -> str:
    value = table.get("id")
    if isinstance(value, str) and value.strip():
        return f"{noun} '{value}' of {parent}"
    return f"a {noun} of {parent}"


_ALL_ITEM_FIELDS = frozenset(
    ("id", "name", "order", "mentor_description", "mentee_description", "category", "role",
     "meetings", "title", "text", "hint", "meeting", "purpose", "item", "intro", "default",
     "field", "closing", "section", "minutes", "start_here", "length", "show_contacts", "term", "meaning",
     "also", "lead", "lead_contact", "speak_up", "peer_group", "urgent_support", "feedback", "optional_packs")
)

_READERS: dict[str, Callable[[dict[str, Any], _Where, _Layer, _IdRegistry], None]] = {
    "category": _read_category,
    "prompt": _read_prompt,
    "agenda": _read_agenda,
    "observation": _read_observation,
    "reflection": _read_reflection,
    "checkin": _read_checkin,
    "programme": _read_programme,
    "guide": _read_guide,
    "term": _read_term,
}


# --------------------------------------------------------------------------- layering


class _Merger:
    """Layers folders: a later item with the same id takes the earlier one's place."""

    def __init__(self) -> None:
        self.categories: dict[str, RaceCategory] = {}
        self.prompts: dict[str, tuple[Prompt, int | None]] = {}
        self.agendas: dict[int, Agenda] = {}
        self.observations: dict[str, ObservationTemplate] = {}
        self.reflections: dict[str, ReflectionTemplate] = {}
        self.checkins: dict[str, CheckinStatement] = {}
        self.guides: dict[str, Guide] = {}
        self.terms: dict[str, Term] = {}
        self.problems: list[ContentProblem] = []
        self.layers: list[LayerSummary] = []

    def add_layer(self, layer: _Layer) -> None:
        self.problems.extend(layer.problems)
        self.layers.append(layer.summary())
        for category in layer.categories:
            self.categories[category.id] = category
        for prompt, category_line in layer.prompts:
            self.prompts[prompt.id] = (prompt, category_line)
        for agenda in layer.agendas:
            self.agendas[agenda.meeting] = agenda
        _overlay_templates(self.observations, layer.observations)
        _overlay_templates(self.reflections, layer.reflections)
        for statement in layer.checkins:
            self.checkins[statement.id] = statement
        for guide in layer.guides:
            self.guides[guide.id] = guide
        for term in layer.terms:
            self.terms[term.id] = term

    def finish(self) -> ContentPack:
        categories = tuple(sorted(self.categories.values(), key=lambda c: c.order))
        position = {c.id: index for index, c in enumerate(categories)}
        kept: list[Prompt] = []
        for prompt, category_line in self.prompts.values():
            if prompt.category in position:
                kept.append(prompt)
                continue
            known = _join(f"'{c.id}'" for c in categories) or "none yet"
            self.problems.append(
                ContentProblem(
                    prompt.source or Path("?"),
                    category_line,
                    f"prompt '{prompt.id}' names the category '{prompt.category}', which no content "
                    f"pack defines, so it was skipped — use one of {known}, or add a [[category]] "
                    f"with id = \"{prompt.category}\"",
                )
            )
        # sorted() is stable, so prompts keep their file order within a category.
        kept.sort(key=lambda p: position[p.category])
        return ContentPack(
            categories=categories,
            prompts=tuple(kept),
            agendas=dict(sorted(self.agendas.items())),
            observation_templates=tuple(self.observations.values()),
            reflection_templates=tuple(self.reflections.values()),
            checkin_statements=tuple(self.checkins.values()),
            problems=list(self.problems),
            layers=tuple(self.layers),
            guides=tuple(self.guides.values()),
            terms=tuple(sorted(self.terms.values(), key=lambda t: t.term.casefold())),
        )


def _overlay_templates(existing: dict[str, Any], newer: Sequence[Any]) -> None:
    # A folder that names its own default takes over from any earlier default, so a
    # programme can switch the default template without editing the shipped files.
    if any(t.default for t in newer):
        for template_id, template in list(existing.items()):
            if template.default:
                existing[template_id] = replace(template, default=False)
    for template in newer:
        existing[template.id] = template
