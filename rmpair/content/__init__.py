"""The programme content as data: RACE prompts, agendas, observation and reflection
templates, check-in statements, read from TOML folders and layered over the shipped pack.

``load_content()`` is the door; everything a caller needs is importable from here.

The modules, one concept each: ``model`` (the items), ``pack`` (``ContentPack``, the loaded
whole and its counts), ``loading`` (the shipped pack, optional packs and a programme's
folders, in order), ``folder`` (reading one folder's files), ``readers`` (one reader per
kind of item), ``fields`` (checking a table's fields), ``places`` (where in a file a problem
is), ``layer`` (what one folder contributed), ``merging`` (later folders over earlier ones);
then ``guidance`` (contacts, guides and the glossary as text) and ``answers`` (a template's
answers as an entry).
"""

from __future__ import annotations

from rmpair.content.fields import tidy_text
from rmpair.content.folder import OPTIONAL_PACKS_FOLDER, content_files
from rmpair.content.loading import load_content, load_pack_dirs, optional_packs, resolve_override_dirs
from rmpair.content.model import (
    FIELD_KINDS,
    MEETING_MINUTES,
    MEETING_NUMBERS,
    PROGRAMME_CONTACTS,
    ROLE_WORDS,
    ROLES,
    Agenda,
    AgendaItem,
    CheckinStatement,
    ContentProblem,
    Guide,
    LayerSummary,
    ObservationTemplate,
    Programme,
    Prompt,
    RaceCategory,
    ReflectionSection,
    ReflectionTemplate,
    TemplateField,
    Term,
)
from rmpair.content.pack import ContentPack
from rmpair.content.readers import SECTIONS

__all__ = [
    "FIELD_KINDS",
    "MEETING_MINUTES",
    "MEETING_NUMBERS",
    "OPTIONAL_PACKS_FOLDER",
    "PROGRAMME_CONTACTS",
    "ROLE_WORDS",
    "ROLES",
    "SECTIONS",
    "Agenda",
    "AgendaItem",
    "CheckinStatement",
    "ContentPack",
    "ContentProblem",
    "Guide",
    "LayerSummary",
    "ObservationTemplate",
    "Programme",
    "Prompt",
    "RaceCategory",
    "ReflectionSection",
    "ReflectionTemplate",
    "TemplateField",
    "Term",
    "content_files",
    "load_content",
    "load_pack_dirs",
    "optional_packs",
    "resolve_override_dirs",
    "tidy_text",
]
