"""A template's answers as an entry: its Markdown body and its title.

The app's forms and the command line's text forms both end here, so a reflection written
either way is the same entry, word for word: a heading per answered section, in the
template's order, and a title from the first thing written. A talking point started from
a prompt opens with the prompt quoted, so the question stays in view.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rmpair.content.model import ObservationTemplate, Prompt, ReflectionTemplate

REFLECTION_TITLE_LENGTH = 60
OBSERVATION_CONTEXT_LENGTH = 50
SBI_LABELS = (("situation", "Situation"), ("behaviour", "Behaviour"), ("impact", "Impact"))


def one_line(text: str, limit: int) -> str:
    """The text on one line, cut with an ellipsis past ``limit`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def reflection_markdown(template: ReflectionTemplate, answers: Mapping[str, str]) -> str:
    """A heading per answered section, in the template's order."""
    blocks = [
        f"## {section.heading}\n\n{answers[section.id].strip()}"
        for section in template.sections
        if answers.get(section.id, "").strip()
    ]
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def reflection_answers(template: ReflectionTemplate, body: str) -> dict[str, str] | None:
    """The answers a reflection's body was written from, read back under each heading.

    None when the body is not the template's form, word for word (edited as Markdown since,
    or written under headings the content pack has renamed): reading it back would drop
    what does not fit, so the caller shows the Markdown as it is instead.
    """
    headings = {f"## {section.heading}": section.id for section in template.sections}
    answers: dict[str, list[str]] = {}
    current: str | None = None
    for line in body.splitlines():
        section_id = headings.get(line.rstrip())
        if section_id is not None and section_id not in answers:
            current = section_id
            answers[current] = []
        elif current is None:
            if line.strip():
                return None  # words before the first heading belong to no question
        else:
            answers[current].append(line)
    found = {section_id: "\n".join(lines).strip() for section_id, lines in answers.items()}
    if reflection_markdown(template, found).strip() != body.strip():
        return None
    return found


def reflection_title(template: ReflectionTemplate, answers: Mapping[str, str]) -> str:
    """The first line written, so the log shows what the reflection is about."""
    for section in template.sections:
        text = answers.get(section.id, "").strip()
        if text:
            return one_line(text.splitlines()[0], REFLECTION_TITLE_LENGTH)
    return ""


def observation_markdown(template: ObservationTemplate, answers: Mapping[str, Any]) -> str:
    """The form as Markdown: a heading per answered field, in the template's order.

    An answer is text, a list of ticked options, one chosen option, or (for an ``sbi``
    field) a list of notes, each a mapping of situation, behaviour and impact."""
    blocks: list[str] = []
    for field in template.fields:
        value = answers.get(field.id)
        if not value:
            continue
        blocks.append(f"## {field.label}")
        if field.kind == "sbi":
            for number, note in enumerate(value, start=1):
                lines = [f"### Note {number}", ""]
                for part, label in SBI_LABELS:
                    if note.get(part):
                        lines.append(f"- **{label}:** {note[part]}")
                blocks.append("\n".join(lines))
        elif isinstance(value, list):
            blocks.append("\n".join(f"- {item}" for item in value))
        else:
            blocks.append(str(value).strip())
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def observation_title(template: ObservationTemplate, answers: Mapping[str, Any]) -> str:
    """The template's title, and what the observation was of when that is written."""
    context = str(answers.get("context") or "")
    return f"{template.title}: {one_line(context, OBSERVATION_CONTEXT_LENGTH)}" if context else template.title


def observation_talking_point(template: ObservationTemplate, answers: Mapping[str, Any]) -> tuple[str, str]:
    """A talking point's title and body made from an observation.

    The body carries everything written on the form, in the template's words and order
    (every ticked item, every chosen option, every situation-behaviour-impact note): the
    mentor shapes the talking point from all of it, and cuts what they do not want to
    raise, rather than finding that something they noticed was left behind.
    """
    context = str(answers.get("context") or "")
    title = f"From shadowing: {one_line(context, OBSERVATION_CONTEXT_LENGTH)}" if context.strip() else "From shadowing"
    observed = observation_markdown(template, answers).strip()
    parts = ["*What I saw while shadowing you:*"]
    if observed:
        parts.append(observed)
    parts.append("What I want us to change: ")
    return title, "\n\n".join(parts)


def draft_body(prompt: Prompt) -> str:
    """A talking point started from a prompt opens with the prompt quoted."""
    quoted = "\n".join(f"> {line}" if line else ">" for line in prompt.text.strip().splitlines())
    parts = [f"> **{prompt.title}**", ">", quoted]
    if prompt.hint:
        parts += [">", f"> *{prompt.hint.strip()}*"]
    return "\n".join(parts) + "\n\n"
