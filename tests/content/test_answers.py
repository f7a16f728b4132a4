"""A template's answers read back from the Markdown they were written as, or not at all."""

from __future__ import annotations

import pytest

from rmpair.content import load_content
from rmpair.content.answers import reflection_answers, reflection_markdown

TEMPLATES = load_content().reflection_templates


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.id for t in TEMPLATES])
def test_every_shipped_reflection_reads_back_as_it_was_answered(template):
    # Every other question answered, in several paragraphs, one with a line that looks
    # like a heading but is no question's.
    answers = {s.id: f"First about {s.id}.\n\n## Not a question\n\nMore." for s in template.sections[::2]}
    assert reflection_answers(template, reflection_markdown(template, answers)) == answers
    assert reflection_answers(template, "") == {}


@pytest.mark.parametrize(
    "changed",
    [
        lambda body: "My own opening line.\n\n" + body,  # words before the first question
        lambda body: body.replace("## ", "# ", 1),  # a heading changed by hand
        lambda body: body.replace("\n\n", "\n\n\n\n", 1),  # spacing the form never writes
    ],
    ids=["words-before", "heading-changed", "spacing"],
)
def test_a_body_edited_as_markdown_is_not_read_back(changed):
    template = TEMPLATES[0]
    body = reflection_markdown(template, {s.id: "An answer." for s in template.sections})
    assert reflection_answers(template, changed(body)) is None
