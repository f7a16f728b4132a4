"""The fixed words of a reverse-mentoring pair's record.

Kept apart from the database models so the command line can name its choices without
loading SQLModel, which costs a noticeable fraction of a second at every start.
"""

from __future__ import annotations

ROLES = ("mentor", "mentee")
ENTRY_KINDS = ("talking-point", "reflection", "observation", "note")
# Each kind as a person says it: "talking-point" is an identifier, not a word.
ENTRY_KIND_WORDS = {
    "talking-point": ("talking point", "talking points"),
    "reflection": ("reflection", "reflections"),
    "observation": ("observation", "observations"),
    "note": ("note", "notes"),
}


def kind_word(kind: str, count: int = 1) -> str:
    """"talking point", or "talking points" for any count but one."""
    plain = kind.replace("-", " ")
    one, many = ENTRY_KIND_WORDS.get(kind, (plain, plain + "s"))
    return one if count == 1 else many

RACE_TAGS = ("resistance", "compassion", "empowerment", "solidarity")
MEETING_COUNT = 6
MEETING_STATUSES = ("planned", "held", "cancelled")
# A goal is scored three times, at the meetings whose agendas ask for it.
GOAL_SCORE_MEETINGS = {"start": 1, "midway": 4, "end": 6}
GOAL_SCORE_POINTS = tuple(GOAL_SCORE_MEETINGS)
# Where each score is kept: the column of the goal table and the field of its view.
GOAL_SCORE_FIELDS = {"start": "baseline_score", "midway": "midway_score", "end": "final_score"}
