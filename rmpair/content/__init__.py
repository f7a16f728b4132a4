"""The programme content as data: RACE prompts, agendas, observation and reflection
templates, check-in statements, read from TOML folders and layered over the shipped pack.

``load_content()`` is the door; everything a caller needs is importable from here.
"""

from __future__ import annotations

from rmpair.content.pack import (
    FIELD_KINDS,
    MEETING_NUMBERS,
    ROLE_WORDS,
    ROLES,
    SECTIONS,
    Agenda,
    AgendaItem,
    CheckinStatement,
    ContentPack,
    ContentProblem,
    LayerSummary,
    ObservationTemplate,
    Prompt,
    RaceCategory,
    ReflectionSection,
    ReflectionTemplate,
    TemplateField,
    content_files,
    load_content,
    load_pack_dirs,
    resolve_override_dirs,
    tidy_text,
)

__all__ = [
    "FIELD_KINDS",
    "MEETING_NUMBERS",
    "ROLE_WORDS",
    "ROLES",
    "SECTIONS",
    "Agenda",
    "AgendaItem",
    "CheckinStatement",
    "ContentPack",
    "ContentProblem",
    "LayerSummary",
    "ObservationTemplate",
    "Prompt",
    "RaceCategory",
    "ReflectionSection",
    "ReflectionTemplate",
    "TemplateField",
    "content_files",
    "load_content",
    "load_pack_dirs",
    "resolve_override_dirs",
    "tidy_text",
]
