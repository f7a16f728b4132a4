"""What one content folder contributed, item by item, before later folders are layered
over it: filled in by ``readers``, summarised for ``rmpair prompts check``, and merged by
``merging``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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
class Layer:
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
