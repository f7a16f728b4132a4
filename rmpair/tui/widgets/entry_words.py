"""The words the writing screens show, in one place.

Everything a person reads on the talking-point, observation, reflection, log and editor
screens that is not programme content (that lives in ``prompts/``) is here, so it can be
read, checked and later translated together.
"""

from __future__ import annotations

from rich.text import Text

from rmpair.tui.messages import visibility

# The writing screens' name for the app's one way of saying who can read something.
privacy_words = visibility

PRIVATE_EXPLAINED = "only you can read it"
SHARED_EXPLAINED = "your partner can read it"

KIND_LABELS = {
    "talking-point": "Talking point",
    "reflection": "Reflection",
    "observation": "Observation",
    "note": "Note",
}

ROLE_LABELS = {"mentor": "Mentor", "mentee": "Mentee"}

NO_MEETING = "No meeting"
ANY = "Any"

SAVED = "Saved"
SAVING_SOON = "Saving when you pause…"
NOTHING_YET = "Start writing: it saves itself"
SAVES_ITSELF = "Saved: changes save themselves"
NOT_SAVED = "Not saved"
SAVE_FAILED_HINT = "Your text is kept here; press Ctrl+S to try again."


def privacy_text(private: bool, *, explain: bool = False) -> Text:
    """The privacy of an entry as Rich text, styled only as a secondary cue."""
    words = visibility(private)
    if explain:
        words += f": {PRIVATE_EXPLAINED if private else SHARED_EXPLAINED}"
    return Text(words, style="" if private else "bold")


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("-", " ").capitalize())


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role.capitalize())


def meeting_label(number: int | None) -> str:
    return f"Meeting {number}" if number else NO_MEETING
