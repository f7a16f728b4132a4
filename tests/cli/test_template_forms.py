"""Templates as text forms: what ``--edit`` opens, read back into the same entry the app's
form makes, for every shipped reflection and observation template; text that does not
fit a form is kept as written, never lost."""

from __future__ import annotations

import pytest
from cli_testkit import MENTEE_PASS, MENTOR_PASS

from rmpair.cli import template_form
from rmpair.content import load_content
from rmpair.content.answers import (
    draft_body,
    observation_markdown,
    observation_title,
    reflection_markdown,
    reflection_title,
)

PACK = load_content()


def _fill(text: str, heading: str, answer: str) -> str:
    """Write ``answer`` under ``## heading``, as a person would, below the guidance line."""
    lines = text.split("\n")
    at = lines.index(f"## {heading}")
    while at + 1 < len(lines) and lines[at + 1].startswith("<!--"):
        at += 1
    lines.insert(at + 1, answer)
    return "\n".join(lines)


@pytest.mark.parametrize("template", PACK.reflection_templates, ids=lambda t: t.id)
def test_a_filled_reflection_form_is_the_apps_reflection(template) -> None:
    form = template_form.reflection_form(template)
    answers = {s.id: f"Answer to {s.heading}, line one\nand line two" for s in template.sections[::2]}
    text = form.text
    for section in template.sections:
        if section.id in answers:
            text = _fill(text, section.heading, answers[section.id])
    written = form.read(text, from_editor=True)
    assert written.body == reflection_markdown(template, answers)
    assert written.title == reflection_title(template, answers)
    assert "<!--" not in written.body and not written.note


@pytest.mark.parametrize("template", PACK.observation_templates, ids=lambda t: t.id)
def test_a_filled_observation_form_is_the_apps_observation(template) -> None:
    form = template_form.observation_form(template)
    text = form.text
    answers: dict[str, object] = {}
    for field in template.fields:
        if field.kind == "checklist":
            chosen = list(field.options[::2])
            for option in chosen:
                text = text.replace(f"- [ ] {option}\n", f"- [x] {option}\n", 1)
            answers[field.id] = chosen
        elif field.kind in ("choice", "scale"):
            option = (field.options or ("1", "2", "3", "4", "5"))[-1]
            text = text.replace(f"- [ ] {option}\n", f"- [X] {option}\n", 1)
            answers[field.id] = option
        elif field.kind == "sbi":
            text = text.replace("Situation: \n", "Situation: In the corridor after the board\n", 1)
            text = text.replace("Impact: \n", "Impact: She stopped offering ideas\n", 1)
            note = {"situation": "In the corridor after the board", "behaviour": "", "impact": "She stopped offering ideas"}
            answers[field.id] = [note]
        else:
            answers[field.id] = f"What I saw for {field.label}"
            text = _fill(text, field.label, answers[field.id])
    written = form.read(text, from_editor=True)
    assert written.body == observation_markdown(template, answers)
    assert written.title == observation_title(template, answers)
    assert not written.note


def test_sbi_notes_take_more_than_one_note_and_lines_that_run_on() -> None:
    template = PACK.observation_template("walkround")
    field = next(f for f in template.fields if f.kind == "sbi")
    form = template_form.observation_form(template)
    notes = (
        "### Note 1\nSituation: At the front desk\nBehaviour: The visitor was asked twice\nfor their badge\n"
        "Impact: \n\n### Note 2\n- **Situation:** In the lift\nImpact: Nobody spoke\n"
    )
    text = form.text.replace("### Note 1\nSituation: \nBehaviour: \nImpact: \n", notes)
    written = form.read(text, from_editor=True)
    expected = [
        {"situation": "At the front desk", "behaviour": "The visitor was asked twice\nfor their badge", "impact": ""},
        {"situation": "In the lift", "behaviour": "", "impact": "Nobody spoke"},
    ]
    assert written.body == observation_markdown(template, {field.id: expected})


def test_text_that_does_not_fit_the_form_is_kept_as_written_with_the_reason() -> None:
    gibbs = PACK.reflection_template("gibbs")
    form = template_form.reflection_form(gibbs)
    renamed = form.text.replace("## Feelings", "## How I felt") + "\nMy own closing words\n"
    written = form.read(renamed, from_editor=True)
    assert "## How I felt" in written.body and "My own closing words" in written.body
    assert "<!--" not in written.body  # the guidance still goes
    assert "kept as you wrote it" in written.note

    airtime = PACK.observation_template("meeting")
    form = template_form.observation_form(airtime)
    field = next(f for f in airtime.fields if f.kind == "choice")
    head, tail = form.text.split(f"## {field.label}\n", 1)
    for option in field.options[:2]:  # ticked under the choice, not the checklist that repeats one
        tail = tail.replace(f"- [ ] {option}\n", f"- [x] {option}\n", 1)
    both = f"{head}## {field.label}\n{tail}"
    written = form.read(both, from_editor=True)
    assert f"- [x] {field.options[0]}" in written.body and f"- [x] {field.options[1]}" in written.body
    assert "More than one option is ticked" in written.note


def test_a_comment_the_person_changed_is_theirs_and_stays() -> None:
    gibbs = PACK.reflection_template("gibbs")
    form = template_form.reflection_form(gibbs)
    own = "<!-- a note to myself: ask about the rota -->"
    text = _fill(form.text, "Description", f"The meeting\n{own}")
    assert own in form.read(text, from_editor=True).body


def test_an_untouched_form_is_nothing_written() -> None:
    for template in PACK.reflection_templates:
        form = template_form.reflection_form(template)
        assert form.read(form.text, from_editor=True).empty
    for template in PACK.observation_templates:
        form = template_form.observation_form(template)
        assert form.read(form.text, from_editor=True).empty


def test_a_prompt_draft_opens_quoted_and_text_goes_after_it() -> None:
    prompt = PACK.prompts[0]
    form = template_form.prompt_draft(prompt)
    assert form.text == draft_body(prompt)
    from_editor = form.read(form.text + "My story\n", from_editor=True)
    given = form.read("My story", from_editor=False)
    assert from_editor.body == given.body == draft_body(prompt) + "My story"
    assert from_editor.title == prompt.title and from_editor.race_tags == (prompt.category,)
    assert form.read(form.text, from_editor=True).empty


# -- through the command line ------------------------------------------------------------------


def test_a_form_filled_in_a_file_is_added_as_the_apps_reflection(fast_pair, cli_main, tmp_path) -> None:
    vault = fast_pair.vault
    form = cli_main(vault, "templates", "show", "gibbs", "--form").ok().stdout
    filled = tmp_path / "gibbs.md"
    filled.write_text(_fill(_fill(form, "Description", "The budget meeting"), "Action plan", "Chair differently"))
    cli_main(vault, "add", "--template", "gibbs", "--meeting", "2", "--file", str(filled), stdin=[MENTOR_PASS]).ok()
    import json

    [entry] = json.loads(cli_main(vault, "list", "--kind", "reflection", "--meeting", "2", "--json",
                                  stdin=[MENTOR_PASS]).ok().stdout)["entries"]
    assert entry["body"] == "## Description\n\nThe budget meeting\n\n## Action plan\n\nChair differently\n"
    assert (entry["title"], entry["template_id"], entry["private"]) == ("The budget meeting", "gibbs", True)


def test_templates_are_offered_as_in_the_app_and_kinds_must_fit(fast_pair, cli_main) -> None:
    vault = fast_pair.vault
    refused = cli_main(vault, "add", "--template", "mentor-debrief", "How I am", stdin=[MENTEE_PASS])
    assert "is for the mentor, not the mentee" in refused.problem_line()
    wrong_kind = cli_main(vault, "add", "--kind", "note", "--template", "gibbs", "text", stdin=[MENTOR_PASS])
    assert wrong_kind.code == 2 and "writes a reflection" in wrong_kind.stderr
    unknown = cli_main(vault, "add", "--template", "no-such-template", "text", stdin=[MENTOR_PASS])
    assert "rmpair templates list" in unknown.problem_line()
