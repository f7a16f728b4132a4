"""Templates as text forms: what ``--edit`` opens in the person's own editor, and what
``--template`` reads back from the editor, a file or standard input.

A form is plain Markdown with the template's headings, and guidance in one-line HTML
comments (``<!-- ... -->``) that is removed when the text is read back (only the lines
exactly as written here: a comment the person wrote or changed is theirs and stays).
Checklists and choices are ``- [ ] option`` lines, ticked with an x; situation, behaviour
and impact notes are ``Situation:`` lines under ``### Note N``.

Read back, a form becomes the same answers the app's form gives, so the entry is the same
word for word (``rmpair.content.answers``). Text that does not fit the form (a heading
renamed, two choices ticked) is never refused and never lost: it is kept as written, and
``Written.note`` says why, so nothing typed in an editor is thrown away.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rmpair.content import ObservationTemplate, Prompt, ReflectionTemplate, TemplateField
from rmpair.content.answers import (
    SBI_LABELS,
    draft_body,
    observation_markdown,
    observation_title,
    reflection_markdown,
    reflection_title,
)

_TICK = re.compile(r"^\s*[-*+]\s*\[( |x|X)\]\s*(.*?)\s*$")
_NOTE_HEADING = re.compile(r"^###\s+Note\b.*$", re.IGNORECASE)
# "Situation: ...", and "- **Situation:** ..." as the app writes it.
_SBI_PART = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*)?(situation|behaviour|behavior|impact)(?:\*\*)?\s*:\s*(?:\*\*)?\s*(.*)$", re.I)
SAVE_HINT = "Lines like this one are removed when you save and close the editor."


def guide(text: str) -> str:
    """One line of guidance, as an HTML comment that cannot end early."""
    words = " ".join(text.split()).replace("-->", "->")
    return f"<!-- {words} -->"


@dataclass(frozen=True)
class Written:
    """What was written, as an entry: title, body, and RACE tags the form adds."""

    title: str
    body: str
    race_tags: tuple[str, ...] = ()
    note: str = ""
    """Said on standard error when the text did not fit the form and was kept as written."""

    @property
    def empty(self) -> bool:
        return not self.body.strip()


class _Misfit(Exception):
    """The text does not fit the form; the message says where."""


@dataclass(frozen=True)
class EntryForm:
    """A text form for one kind of entry, from a template or a prompt."""

    kind: str
    template_id: str | None
    title_text: str
    guides: tuple[str, ...] = field(default=())
    text: str = ""
    roles: tuple[str, ...] = ()
    """Who it is offered to, as in the app; empty: anyone."""

    def without_guides(self, written: str) -> str:
        ours = set(self.guides)
        return "".join(line for line in written.splitlines(keepends=True) if line.rstrip() not in ours)

    def read(self, written: str, *, from_editor: bool) -> Written:  # pragma: no cover - overridden
        raise NotImplementedError


def _kept_as_written(text: str, reason: str) -> Written:
    body = text.strip()
    note = f"{reason} The text is kept as you wrote it." if body else ""
    return Written("", body + "\n" if body else "", note=note)


def _sections(lines: Sequence[str], headings: Sequence[str]) -> dict[str, list[str]]:
    """The lines under each heading (``## heading``), which must come in the form's order."""
    marks = {f"## {heading}": heading for heading in headings}
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    order = list(headings)
    for line in lines:
        heading = marks.get(line.rstrip())
        if heading is None and line.startswith("## "):
            raise _Misfit(f"The heading '{line[3:].strip()}' is not one of the form's.")
        if heading is not None:
            if heading in found:
                raise _Misfit(f"The heading '{heading}' is there twice.")
            if found and order.index(heading) < order.index(list(found)[-1]):
                raise _Misfit(f"The heading '{heading}' was moved.")
            current = found[heading] = []
        elif current is not None:
            current.append(line)
        elif line.strip():
            raise _Misfit("There is text above the first heading, where the form has none.")
    if not found:
        raise _Misfit("The form's headings were changed or removed.")
    return found


def _paragraphs(lines: Iterable[str]) -> str:
    return "\n".join(lines).strip()


# -- reflections ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReflectionForm(EntryForm):
    template: Any = None

    def read(self, written: str, *, from_editor: bool) -> Written:
        text = self.without_guides(written)
        try:
            sections = _sections(text.splitlines(), [s.heading for s in self.template.sections])
        except _Misfit as misfit:
            return _kept_as_written(text, str(misfit))
        answers = {s.id: _paragraphs(sections.get(s.heading, ())) for s in self.template.sections}
        return Written(reflection_title(self.template, answers), reflection_markdown(self.template, answers))


def reflection_form(template: ReflectionTemplate, contacts: str = "") -> ReflectionForm:
    """The template as a form; ``contacts`` (the programme's, for a template that shows them)
    follows its closing words, as in the app."""
    intro = guide(f"{template.title}. {template.intro} Write under each heading; a heading left empty is left out. {SAVE_HINT}")
    guides = [intro]
    parts = [intro, ""]
    for section in template.sections:
        question = guide(section.question)
        guides.append(question)
        parts += [f"## {section.heading}", question, "", ""]
    if template.closing:
        closing = guide(f"Looking after yourself: {template.closing}")
        guides.append(closing)
        parts += [closing, ""]
    if contacts:
        for line in contacts.splitlines():
            guides.append(guide(line))
            parts.append(guides[-1])
        parts.append("")
    return ReflectionForm(
        kind="reflection", template_id=template.id, title_text=template.title,
        guides=tuple(guides), text="\n".join(parts), template=template, roles=tuple(template.roles),
    )


# -- observations --------------------------------------------------------------------------------


def _options(form_field: TemplateField) -> tuple[str, ...]:
    # As the app's form: a scale without its own options is 1 to 5.
    if form_field.kind == "scale" and not form_field.options:
        return tuple(str(n) for n in range(1, 6))
    return form_field.options


def _ticked(form_field: TemplateField, lines: Sequence[str]) -> list[str]:
    options = {" ".join(o.split()): o for o in _options(form_field)}
    ticked = set()
    for line in lines:
        if not line.strip():
            continue
        match = _TICK.match(line)
        if match is None or " ".join(match.group(2).split()) not in options:
            raise _Misfit(f"Under '{form_field.label}' there is a line that is not one of its options.")
        if match.group(1) != " ":
            ticked.add(options[" ".join(match.group(2).split())])
    chosen = [o for o in _options(form_field) if o in ticked]
    if form_field.kind in ("choice", "scale") and len(chosen) > 1:
        raise _Misfit(f"More than one option is ticked under '{form_field.label}', where one is chosen.")
    return chosen


def _notes(form_field: TemplateField, lines: Sequence[str]) -> list[dict[str, str]]:
    notes: list[dict[str, str]] = []
    part: str | None = None
    for line in lines:
        if _NOTE_HEADING.match(line.strip()):
            notes.append({name: "" for name, _ in SBI_LABELS})
            part = None
            continue
        match = _SBI_PART.match(line)
        if match is not None:
            if not notes:
                notes.append({name: "" for name, _ in SBI_LABELS})
            part = "behaviour" if match.group(1).lower() == "behavior" else match.group(1).lower()
            notes[-1][part] = match.group(2).strip()
        elif line.strip():
            if part is None:
                raise _Misfit(f"Under '{form_field.label}' there is text outside a Situation, Behaviour or Impact line.")
            notes[-1][part] = f"{notes[-1][part]}\n{line.strip()}".strip()
    kept = [note for note in notes if any(note.values())]
    most = form_field.max_entries or 3
    if len(kept) > most:
        raise _Misfit(f"'{form_field.label}' holds at most {most} notes.")
    return kept


@dataclass(frozen=True)
class ObservationForm(EntryForm):
    template: Any = None

    def read(self, written: str, *, from_editor: bool) -> Written:
        text = self.without_guides(written)
        fields = self.template.fields
        try:
            sections = _sections(text.splitlines(), [f.label for f in fields])
            answers: dict[str, Any] = {}
            for form_field in fields:
                lines = sections.get(form_field.label, [])
                if form_field.kind in ("checklist", "choice", "scale"):
                    ticked = _ticked(form_field, lines)
                    answers[form_field.id] = ticked if form_field.kind == "checklist" else (ticked[0] if ticked else None)
                elif form_field.kind == "sbi":
                    answers[form_field.id] = _notes(form_field, lines)
                else:
                    answers[form_field.id] = _paragraphs(lines)
        except _Misfit as misfit:
            return _kept_as_written(text, str(misfit))
        body = observation_markdown(self.template, answers)
        return Written(observation_title(self.template, answers) if body else "", body)


def _field_lines(form_field: TemplateField) -> tuple[str, list[str]]:
    help_text = form_field.help
    if form_field.required:
        help_text = f"Needed. {help_text}"
    if form_field.kind == "checklist":
        comment = guide(f"{help_text} Tick any that apply: put an x between the brackets, [x].")
        return comment, [f"- [ ] {option}" for option in _options(form_field)] + [""]
    if form_field.kind in ("choice", "scale"):
        comment = guide(f"{help_text} Choose one: put an x between its brackets, [x].")
        return comment, [f"- [ ] {option}" for option in _options(form_field)] + [""]
    if form_field.kind == "sbi":
        most = form_field.max_entries or 3
        comment = guide(
            f"{help_text} Up to {most} notes: fill in the lines you need, and copy a note, "
            "its heading too, for another."
        )
        return comment, ["### Note 1", *(f"{label}: " for _, label in SBI_LABELS), ""]
    return guide(help_text) if help_text else "", ["", ""]


def observation_form(template: ObservationTemplate) -> ObservationForm:
    intro = guide(f"{template.title}. {template.intro} Fill in what you need; a field left empty is left out. {SAVE_HINT}")
    guides = [intro]
    parts = [intro, ""]
    for form_field in template.fields:
        comment, lines = _field_lines(form_field)
        parts.append(f"## {form_field.label}")
        if comment:
            guides.append(comment)
            parts.append(comment)
        parts += lines
    return ObservationForm(
        kind="observation", template_id=template.id, title_text=template.title,
        guides=tuple(guides), text="\n".join(parts), template=template,
    )


# -- talking points from a prompt, and plain text --------------------------------------------------


@dataclass(frozen=True)
class PromptDraft(EntryForm):
    """A talking point that opens with its prompt quoted, as the app starts one."""

    prompt: Any = None

    def read(self, written: str, *, from_editor: bool) -> Written:
        quoted = draft_body(self.prompt)
        # From the editor the quote is already in the text; given as an argument or a file,
        # the text goes after it, where the app puts the cursor.
        body = written.rstrip() if from_editor else quoted + written
        if body.strip() == quoted.strip():
            body = ""
        return Written(self.prompt.title, body, race_tags=(self.prompt.category,))


def prompt_draft(prompt: Prompt) -> PromptDraft:
    return PromptDraft(kind="talking-point", template_id=prompt.id, title_text=prompt.title,
                       text=draft_body(prompt), prompt=prompt)


@dataclass(frozen=True)
class PlainText(EntryForm):
    """An entry's text as it is: in the editor with one line of guidance on top."""

    current: str = ""
    """The text being edited, if any: given back unchanged if the editor changed nothing."""

    def read(self, written: str, *, from_editor: bool) -> Written:
        if not from_editor:
            return Written("", written)
        if written == self.text:
            return Written("", self.current)
        text = self.without_guides(written).lstrip("\n").rstrip()
        # Editors end a file with a newline; the text keeps the ending it had.
        return Written("", text + "\n" if text and self.current.endswith("\n") else text)


def plain_text(kind: str, what: str, current: str = "") -> PlainText:
    leave = "Close without saving to change nothing." if current else "Leave it empty to keep nothing."
    hint = guide(f"{what} Write in Markdown. {SAVE_HINT} {leave}")
    text = f"{hint}\n{current}" if current else f"{hint}\n\n"
    return PlainText(kind=kind, template_id=None, title_text="", guides=(hint,), text=text, current=current)
