"""When to offer the mentor the debrief: looking after themselves after a hard meeting.

Sharing one's own experience of exclusion, or challenging a senior leader face to face,
can take more out of a mentor than the meeting showed. So the mentor is offered the
debrief after meetings 2 and 3 (lived experience; feedback from shadowing), and after any
held meeting where one of their talking points tagged resistance was used, until they
have written a debrief for that meeting. Only the mentor is offered it, and never in
review together: what the mentor has or has not written privately is not the partner's
to see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rmpair.core.pair_reader import PairReader

DEBRIEF_TEMPLATE = "mentor-debrief"
HARD_MEETINGS = {
    2: "sharing your own experience can take more out of you than the meeting showed",
    3: "giving a senior leader feedback face to face can take more out of you than it showed",
}
RESISTANCE = "resistance"


@dataclass(frozen=True)
class DebriefSuggestion:
    meeting: int
    reason: str

    @property
    def words(self) -> str:
        return f"Meeting {self.meeting} is behind you: {self.reason}. The mentor debrief is there for that."


def debrief_suggestions(reader: PairReader, template_id: str = DEBRIEF_TEMPLATE) -> tuple[DebriefSuggestion, ...]:
    """The held meetings the mentor may want to debrief, latest first."""
    if reader.role != "mentor" or reader.review_mode:
        return ()
    held = {m.number for m in reader.meetings() if m.held}
    debriefed = {
        e.meeting for e in reader.entries(kind="reflection", author="mentor") if e.template_id == template_id
    }
    challenged = {
        e.meeting
        for e in reader.entries(kind="talking-point", author="mentor")
        if RESISTANCE in e.race_tags and e.meeting in held
    }
    found = []
    for meeting in sorted(held - debriefed, reverse=True):
        if meeting in challenged:
            found.append(DebriefSuggestion(meeting, "you brought a challenge to it, and that can weigh on you afterwards"))
        elif meeting in HARD_MEETINGS:
            found.append(DebriefSuggestion(meeting, HARD_MEETINGS[meeting]))
    return tuple(found)
