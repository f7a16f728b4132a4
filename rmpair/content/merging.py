"""Layering content folders: a later folder's item with the same id (an agenda, the same
meeting) takes the earlier one's place, a folder naming its own default template takes
over the default, and a prompt whose category no folder defines is left out with a
problem saying so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from rmpair.content.fields import join_words
from rmpair.content.layer import Layer
from rmpair.content.model import (
    Agenda,
    CheckinStatement,
    ContentProblem,
    Guide,
    LayerSummary,
    ObservationTemplate,
    Prompt,
    RaceCategory,
    ReflectionTemplate,
    Term,
)
from rmpair.content.pack import ContentPack


class Merger:
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

    def add_layer(self, layer: Layer) -> None:
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
            known = join_words(f"'{c.id}'" for c in categories) or "none yet"
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
