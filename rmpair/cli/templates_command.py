"""``rmpair templates``: the reflection and observation templates, as the app offers them.

``list`` names them; ``show ID`` prints one whole (its questions, or its fields with their
options), or with ``--form`` the text form that ``rmpair add --template ID --edit`` opens,
to fill in a file for ``rmpair add --template ID --file FILE``.
"""

from __future__ import annotations

import argparse
from typing import Any

from rmpair import content
from rmpair.cli import add_common_options, add_json_option, programme_content
from rmpair.cli.words import flowed
from rmpair.core.errors import UsageError


def register(subparsers: Any) -> None:
    templates = subparsers.add_parser(
        "templates",
        description=(
            "Reflection templates (What? So what? Now what?, Gibbs' cycle, the mentor debrief) and "
            "observation forms, from the shipped content and your programme's pack."
        ),
    )
    add_common_options(templates)
    commands = templates.add_subparsers(dest="templates_command", metavar="SUBCOMMAND", parser_class=type(templates))
    commands.required = True

    listing = commands.add_parser("list", help="the templates, with what each writes and who it is for")
    add_common_options(listing)
    add_json_option(listing)
    listing.set_defaults(handler=run_list)

    show = commands.add_parser("show", help="one template whole, or its text form with --form")
    add_common_options(show)
    show.add_argument("id", metavar="ID", help="the template's id, as 'rmpair templates list' shows it")
    show.add_argument(
        "--form", action="store_true",
        help="print the text form --edit opens, to fill in and give back with 'rmpair add --template ID --file FILE'",
    )
    add_json_option(show)
    show.set_defaults(handler=run_show)


def template_contacts(template: Any, pack: content.ContentPack) -> str:
    """The programme's contacts for a template that shows them (the mentor debrief), else ""."""
    if not getattr(template, "show_contacts", False):
        return ""
    from rmpair.content.guidance import contacts_text

    return contacts_text(pack.programme)


def _all(pack: content.ContentPack) -> list[tuple[str, Any]]:
    return [("reflection", t) for t in pack.reflection_templates] + [
        ("observation", t) for t in pack.observation_templates
    ]


def _roles(kind: str, template: Any) -> tuple[str, ...]:
    # Observation forms are for whoever is shadowing; the app offers them to either person.
    return tuple(template.roles) if kind == "reflection" else content.ROLES


def _default_ids(pack: content.ContentPack) -> set[str]:
    defaults = (pack.default_reflection_template(), pack.default_observation_template())
    return {template.id for template in defaults if template is not None}


def template_json(kind: str, template: Any, default: bool) -> dict[str, Any]:
    from rmpair.cli.json_output import TEMPLATE, TEMPLATE_QUESTION

    if kind == "reflection":
        questions = [
            TEMPLATE_QUESTION.make(id=s.id, heading=s.heading, question=s.question, kind="text", options=[], needed=False)
            for s in template.sections
        ]
    else:
        questions = [
            TEMPLATE_QUESTION.make(
                id=f.id, heading=f.label, question=f.help, kind=f.kind, options=list(f.options), needed=f.required
            )
            for f in template.fields
        ]
    return TEMPLATE.make(
        id=template.id, kind=kind, title=template.title, roles=list(_roles(kind, template)), default=default,
        intro=template.intro, questions=questions, closing=getattr(template, "closing", ""),
    )


def run_list(args: argparse.Namespace) -> int:
    pack = programme_content(args)
    defaults = _default_ids(pack)
    if args.json:
        from rmpair.cli.json_output import emit

        emit({"templates": [template_json(kind, t, t.id in defaults) for kind, t in _all(pack)]})
        return 0
    for kind, template in _all(pack):
        roles = _roles(kind, template)
        who = "either of you" if set(roles) == set(content.ROLES) else f"the {roles[0]}"
        first = ", opened first" if template.id in defaults else ""
        print(f"{template.id}: {template.title}. Writes a {kind}, for {who}{first}.")
    print("'rmpair templates show ID' shows one; 'rmpair add --template ID --edit' writes from it.")
    return 0


def run_show(args: argparse.Namespace) -> int:
    pack = programme_content(args)
    found = [(kind, t) for kind, t in _all(pack) if t.id == args.id]
    if not found:
        raise UsageError(f"There is no template '{args.id}'. 'rmpair templates list' shows them.")
    kind, template = found[0]
    if args.form:
        from rmpair.cli import template_form

        form = (template_form.reflection_form(template, template_contacts(template, pack)) if kind == "reflection"
                else template_form.observation_form(template))
        print(form.text)
        return 0
    if args.json:
        from rmpair.cli.json_output import emit

        emit({"template": template_json(kind, template, template.id in _default_ids(pack))})
        return 0
    print(f"{template.title} ({template.id}): writes a {kind}.")
    print(flowed(template.intro))
    if kind == "reflection":
        for number, section in enumerate(template.sections, start=1):
            print()
            print(f"{number}. {section.heading}")
            print(flowed(section.question))
        if template.closing:
            print()
            print(f"Looking after yourself: {flowed(template.closing)}")
        if template_contacts(template, pack):
            print()
            print(template_contacts(template, pack))
    else:
        for number, field in enumerate(template.fields, start=1):
            print()
            needed = ", needed" if field.required else ""
            print(f"{number}. {field.label} ({_field_words(field)}{needed})")
            if field.help:
                print(flowed(field.help))
            for option in field.options:
                print(f"   option: {option}")
    print()
    print(f"Write from it: rmpair add --template {template.id} --meeting N --edit")
    return 0


def _field_words(field: content.TemplateField) -> str:
    return {
        "text": "free writing",
        "choice": "choose one",
        "checklist": "tick any",
        "sbi": f"up to {field.max_entries or 3} situation, behaviour and impact notes",
        "scale": "a score from 1 to 5",
    }.get(field.kind, field.kind)
