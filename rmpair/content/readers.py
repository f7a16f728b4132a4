"""One reader per kind of content (``[[category]]``, ``[[prompt]]``, ``[[agenda]]`` ...): each
turns a TOML table into a model item, or records why it was skipped, and adds it to the
folder's ``Layer``. ``SECTIONS`` names the kinds; ``READERS`` maps each to its reader. One
concept, one module: every reader follows the same pattern and shares the same helpers,
which is why this module runs past 300 lines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from rmpair.content.fields import Fields, Skip, is_int, join_words
from rmpair.content.layer import Layer
from rmpair.content.model import (
    FIELD_KINDS,
    MEETING_MINUTES,
    MEETING_NUMBERS,
    PROGRAMME_TEXTS,
    Agenda,
    AgendaItem,
    CheckinStatement,
    Guide,
    ObservationTemplate,
    Programme,
    Prompt,
    RaceCategory,
    ReflectionSection,
    ReflectionTemplate,
    TemplateField,
    Term,
)
from rmpair.content.places import IdRegistry, Where

SECTIONS = ("category", "prompt", "agenda", "observation", "reflection", "checkin", "programme", "guide", "term")
_KINDS_WITH_OPTIONS = ("choice", "checklist")


def _read_category(table: dict[str, Any], where: Where, layer: Layer, registry: IdRegistry) -> None:
    what = _describe("category", table)
    reader = Fields(table, where, what, ("id", "name", "order", "mentor_description", "mentee_description"))
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
    except Skip:
        return
    if registry.claim("category", category.id, where, f"the category id '{category.id}'"):
        layer.categories.append(category)


def _read_prompt(table: dict[str, Any], where: Where, layer: Layer, registry: IdRegistry) -> None:
    what = _describe("prompt", table)
    reader = Fields(table, where, what, ("id", "category", "role", "meetings", "title", "text", "hint", "start_here"))
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
    except Skip:
        return
    if registry.claim("prompt", prompt.id, where, f"the prompt id '{prompt.id}'"):
        layer.prompts.append((prompt, where.locator.key_line(where.line, "category")))


def _read_agenda(table: dict[str, Any], where: Where, layer: Layer, registry: IdRegistry) -> None:
    meeting_value = table.get("meeting")
    what = (
        f"the agenda for meeting {meeting_value}"
        if is_int(meeting_value) and meeting_value in MEETING_NUMBERS
        else "this agenda"
    )
    reader = Fields(table, where, what, ("meeting", "title", "purpose", "length", "item"))
    try:
        meeting = reader.whole_number("meeting", required=True, low=1, high=6)
        title = reader.text("title", required=True, example="A short title")
        purpose = reader.text("purpose", required=True, example="What this meeting is for.")
        length = reader.whole_number("length", required=False, low=10, high=480, default=MEETING_MINUTES)
        items: list[AgendaItem] = []
        for item_table, item_where in reader.children("item", noun="[[agenda.item]] block"):
            item_what = f"an item of the agenda for meeting {meeting}"
            item_reader = Fields(item_table, item_where, item_what, ("minutes", "text"))
            items.append(
                AgendaItem(
                    text=item_reader.text("text", required=True),
                    minutes=item_reader.whole_number("minutes", required=True, low=1, high=240),
                )
            )
    except Skip:
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


def _read_observation(table: dict[str, Any], where: Where, layer: Layer, registry: IdRegistry) -> None:
    what = _describe("observation template", table)
    reader = Fields(table, where, what, ("id", "title", "intro", "default", "field"))
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
                raise Skip
            field_ids.add(template_field.id)
            fields.append(template_field)
    except Skip:
        return
    template = ObservationTemplate(
        id=template_id, title=title, intro=intro, fields=tuple(fields), default=default, source=where.path
    )
    if registry.claim("observation", template.id, where, f"the observation template id '{template.id}'"):
        layer.observations.append(_only_one_default(template, layer.observations, where, "observation"))


def _read_template_field(table: dict[str, Any], where: Where, template_id: str) -> TemplateField:
    what = _describe_child("field", table, f"observation template '{template_id}'")
    reader = Fields(
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
            f"use one of {join_words(FIELD_KINDS)}",
            key="kind",
        )
        raise Skip
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
        raise Skip
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


def _read_reflection(table: dict[str, Any], where: Where, layer: Layer, registry: IdRegistry) -> None:
    what = _describe("reflection template", table)
    reader = Fields(
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
            section_reader = Fields(
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
                raise Skip
            section_ids.add(section.id)
            sections.append(section)
    except Skip:
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


def _read_checkin(table: dict[str, Any], where: Where, layer: Layer, registry: IdRegistry) -> None:
    what = _describe("check-in statement", table)
    reader = Fields(table, where, what, ("id", "text", "role"))
    try:
        statement = CheckinStatement(
            id=reader.identifier(),
            text=reader.text("text", required=True, example="I felt safe to speak honestly."),
            source=where.path,
            roles=reader.roles(),
        )
    except Skip:
        return
    if registry.claim("checkin", statement.id, where, f"the check-in statement id '{statement.id}'"):
        layer.checkins.append(statement)


def _read_programme(table: dict[str, Any], where: Where, layer: Layer, registry: IdRegistry) -> None:
    reader = Fields(table, where, "the programme file", (*PROGRAMME_TEXTS, "optional_packs"))
    try:
        texts = {name: reader.text(name, required=False) for name in PROGRAMME_TEXTS}
        packs = reader.text_list("optional_packs", required=False) if table.get("optional_packs") != [] else ()
    except Skip:
        return
    if registry.claim("programme", "programme", where, "a [programme] table"):
        layer.programmes.append(Programme(**texts, optional_packs=packs, source=where.path))


def _read_guide(table: dict[str, Any], where: Where, layer: Layer, registry: IdRegistry) -> None:
    what = _describe("guide", table)
    reader = Fields(table, where, what, ("id", "title", "text", "show_contacts"))
    try:
        guide = Guide(
            id=reader.identifier(),
            title=reader.text("title", required=True, example="A short title"),
            text=reader.text("text", required=True),
            show_contacts=reader.flag("show_contacts"),
            source=where.path,
        )
    except Skip:
        return
    if registry.claim("guide", guide.id, where, f"the guide id '{guide.id}'"):
        layer.guides.append(guide)


def _read_term(table: dict[str, Any], where: Where, layer: Layer, registry: IdRegistry) -> None:
    what = _describe("glossary term", table)
    reader = Fields(table, where, what, ("id", "term", "meaning", "also"))
    try:
        term = Term(
            id=reader.identifier(),
            term=reader.text("term", required=True, example="Lived experience"),
            meaning=reader.text("meaning", required=True),
            also=reader.text_list("also", required=False),
            source=where.path,
        )
    except Skip:
        return
    if registry.claim("term", term.id, where, f"the glossary term id '{term.id}'"):
        layer.terms.append(term)


def _only_one_default(template: Any, earlier: Sequence[Any], where: Where, kind: str) -> Any:
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


ALL_ITEM_FIELDS = frozenset(
    ("id", "name", "order", "mentor_description", "mentee_description", "category", "role",
     "meetings", "title", "text", "hint", "meeting", "purpose", "item", "intro", "default",
     "field", "closing", "section", "minutes", "start_here", "length", "show_contacts", "term", "meaning",
     "also", "lead", "lead_contact", "speak_up", "peer_group", "urgent_support", "feedback", "optional_packs")
)

READERS: dict[str, Callable[[dict[str, Any], Where, Layer, IdRegistry], None]] = {
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
