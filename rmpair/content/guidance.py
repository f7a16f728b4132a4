"""Guidance pages, the glossary and the programme's contacts, as text any face can show.

The words here are rmpair's own frame around what the programme lead writes in
``prompts/`` (the guides, the glossary, the programme file): a label for each contact, and a
plain sentence when the programme has not filled one in, so nobody in distress reads an
empty line. ``help_text`` is what ``rmpair help TOPIC`` prints and the app's guidance page
shows; the command line calls it, and keeps no words of its own for these topics.
"""

from __future__ import annotations

from dataclasses import dataclass

from rmpair.content.model import PROGRAMME_CONTACTS, Guide, Programme, Term
from rmpair.content.pack import ContentPack
from rmpair.core.errors import UsageError

GLOSSARY_TOPIC = "glossary"
DISCLOSURE_TOPIC = "disclosure"

CONTACT_LABELS = {
    "lead": "Programme lead",
    "lead_contact": "How to reach the programme lead",
    "speak_up": "Raising a concern (a Freedom to Speak Up guardian or equivalent)",
    "peer_group": "The mentors' peer group",
    "urgent_support": "Urgent support",
}

NOT_FILLED_IN = {
    "lead": "not filled in: your programme has not named its lead in programme.toml yet. Ask whoever "
    "invited you to the programme who leads it.",
    "lead_contact": "not filled in: programme.toml does not say how to reach the programme lead yet.",
    "speak_up": "not filled in: programme.toml does not name one yet. Your organisation's whistleblowing "
    "or speaking-up policy says who to go to.",
    "peer_group": "not filled in: programme.toml does not say whether the mentors meet as a group.",
    "urgent_support": "not filled in: programme.toml names no urgent support line yet. If you are in danger "
    "or crisis, call your local emergency number.",
}

PROGRAMME_UNNAMED = "Your programme has not put its name in programme.toml yet."
FEEDBACK_MISSING = (
    "Programme feedback: programme.toml does not say how to give it yet; ask the programme lead. It is "
    "given apart from your last meeting, so each of you can speak freely."
)


@dataclass(frozen=True)
class ContactLine:
    label: str
    value: str
    filled_in: bool

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


def contact_lines(programme: Programme) -> list[ContactLine]:
    """Each contact, filled in or said plainly not to be."""
    lines = []
    for name in PROGRAMME_CONTACTS:
        value = programme.text(name)
        lines.append(ContactLine(CONTACT_LABELS[name], value or NOT_FILLED_IN[name], bool(value)))
    return lines


def contacts_text(programme: Programme) -> str:
    """The contacts block: the programme's name, then one line per contact."""
    heading = f"Who to contact in {programme.name}" if programme.name else "Who to contact in your programme"
    lines = [f"{heading}:"]
    if not programme.name:
        lines.append(f"  {PROGRAMME_UNNAMED}")
    lines += [f"  {line}" for line in contact_lines(programme)]
    return "\n".join(lines)


def feedback_text(programme: Programme) -> str:
    if programme.feedback:
        return f"Programme feedback (given apart from your last meeting): {programme.feedback}"
    return FEEDBACK_MISSING


def missing_contacts(programme: Programme) -> list[str]:
    """The labels of the contacts the programme has not filled in."""
    return [line.label for line in contact_lines(programme) if not line.filled_in]


# -- help topics -----------------------------------------------------------------------------------


def help_topics(pack: ContentPack) -> list[tuple[str, str]]:
    """Every topic ``rmpair help`` can show: (name, title), the guides first."""
    topics = [(guide.id, guide.title) for guide in pack.guides]
    topics.append((GLOSSARY_TOPIC, "Glossary: the words used in rmpair's prompts, in plain English"))
    return topics


def help_text(pack: ContentPack, topic: str) -> str:
    """One topic as plain text; a topic that does not exist is a plain-language error."""
    name = topic.strip().lower()
    if name == GLOSSARY_TOPIC:
        return glossary_text(pack.terms)
    guide = pack.guide(name)
    if guide is None:
        known = ", ".join(n for n, _ in help_topics(pack))
        raise UsageError(f"There is no help topic '{topic}'; the topics are {known}.")
    return guide_text(guide, pack.programme)


def guide_text(guide: Guide, programme: Programme) -> str:
    parts = [guide.title, "", guide.text]
    if guide.show_contacts:
        parts += ["", contacts_text(programme)]
    return "\n".join(parts)


def glossary_text(terms: tuple[Term, ...]) -> str:
    if not terms:
        return "The glossary is empty: this programme's content has no [[term]] entries."
    return "\n\n".join(term_text(term) for term in terms)


def term_text(term: Term) -> str:
    return f"{term.term}: {term.meaning}"
