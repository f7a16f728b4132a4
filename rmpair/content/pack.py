"""The loaded content as one value: ``ContentPack``, what the app, the command line and the
reports ask of the programme's content (a prompt by id, the prompts for a role and meeting,
an agenda, the default template, the glossary's words in a text) and its counts.
``loading.load_content`` makes one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rmpair.content.model import (
    Agenda,
    CheckinStatement,
    ContentProblem,
    Guide,
    LayerSummary,
    ObservationTemplate,
    Programme,
    Prompt,
    RaceCategory,
    ReflectionTemplate,
    Term,
)


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

