"""The content loader: shipped pack, validation problems, and override packs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmpair import content
from rmpair.core import paths
from rmpair.content import ContentProblem, load_content, load_pack_dirs, resolve_override_dirs

REPO_ROOT = Path(__file__).resolve().parents[2]
RACE_IDS = ("resistance", "compassion", "empowerment", "solidarity")


@pytest.fixture(scope="module")
def shipped() -> content.ContentPack:
    return load_content()


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return path


def prompt_toml(**fields: str | None) -> str:
    """A [[prompt]] block, one field a line in a fixed order (so a field's line number is
    known); ``fields`` are TOML values that replace the good ones, None leaves one out."""
    values = {
        "id": '"pack.good"', "category": '"resistance"', "role": '"mentor"', "meetings": "[2]",
        "title": '"A good one"', "text": '"This prompt is fine."',
    } | fields
    lines = [f"{key} = {value}" for key, value in values.items() if value is not None]
    return "\n".join(["[[prompt]]", *lines]) + "\n"


def agenda_toml(
    meeting: object, *, title: str = "x", items: tuple[tuple[object, str], ...] = ((5, "z"),)
) -> str:
    """An [[agenda]] block (meeting on line 2) with a blank line and an [[agenda.item]] per item."""
    lines = ["[[agenda]]", f"meeting = {meeting}", f'title = "{title}"', 'purpose = "y"']
    for minutes, text in items:
        lines += ["", "[[agenda.item]]", f"minutes = {minutes}", f'text = "{text}"']
    return "\n".join(lines) + "\n"


def observation_toml(kind: str) -> str:
    """An [[observation]] template with one field of ``kind``, which is on line 8."""
    return textwrap.dedent(f"""
        [[observation]]
        id = "pack.obs"
        title = "Obs"

        [[observation.field]]
        id = "f"
        label = "F"
        kind = "{kind}"
        """)


GOOD_PROMPT = prompt_toml()


def load_two_files(tmp_path: Path, first: str, second: str) -> tuple[content.ContentPack, Path, Path]:
    """One pack with ``first`` in a.toml and ``second`` in b.toml, read in that order."""
    pack = tmp_path / "pack"
    first_path = write(pack, "a.toml", first)
    second_path = write(pack, "b.toml", second)
    return load_content([pack]), first_path, second_path


# --------------------------------------------------------------------------- shipped pack


def test_shipped_pack_loads_with_no_problems(shipped):
    assert shipped.problems == [], "\n".join(str(p) for p in shipped.problems)


def test_shipped_content_is_this_checkout_s_prompts_folder():
    # Whether rmpair runs from this checkout or from an installed copy of it, what it
    # ships must be exactly the files in prompts/.
    shipped_dir = paths.shipped_prompts_dir()
    repo_dir = REPO_ROOT / "prompts"

    def files(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }

    assert files(shipped_dir) == files(repo_dir)


def test_every_shipped_file_is_read(shipped):
    files = content.content_files(paths.shipped_prompts_dir())
    assert len(files) >= 15
    assert shipped.layers[0].files == len(files)


def test_four_race_categories_in_order_with_both_descriptions(shipped):
    assert tuple(c.id for c in shipped.categories) == RACE_IDS
    for category in shipped.categories:
        assert len(category.mentor_description) > 200
        assert len(category.mentee_description) > 200
        assert category.mentor_description != category.mentee_description
        assert category.description_for("mentee") == category.mentee_description


def test_at_least_twelve_prompts_per_category_and_48_in_all(shipped):
    per_category = Counter(p.category for p in shipped.prompts)
    assert set(per_category) == set(RACE_IDS)
    assert all(n >= 12 for n in per_category.values()), per_category
    assert len(shipped.prompts) >= 48


def test_every_category_has_prompts_for_each_role(shipped):
    for category in RACE_IDS:
        for role in content.ROLES:
            assert shipped.prompts_for(category=category, role=role), (category, role)


def test_prompt_ids_unique_and_every_prompt_complete(shipped):
    ids = [p.id for p in shipped.prompts]
    assert len(ids) == len(set(ids))
    for prompt in shipped.prompts:
        assert prompt.title and prompt.text
        assert set(prompt.roles) <= set(content.ROLES) and prompt.roles
        assert prompt.meetings and set(prompt.meetings) <= set(range(1, 7))
        assert prompt.source is not None and prompt.source.suffix == ".toml"
        # Wrapped lines in the file become one paragraph on screen.
        assert "\n" not in prompt.text


def test_every_meeting_has_some_prompts_for_each_role(shipped):
    for meeting in range(1, 7):
        for role in content.ROLES:
            assert shipped.prompts_for(role=role, meeting=meeting), (meeting, role)


def test_six_agendas_with_timed_items(shipped):
    assert sorted(shipped.agendas) == [1, 2, 3, 4, 5, 6]
    for number, agenda in shipped.agendas.items():
        assert agenda.meeting == number
        assert agenda.title and agenda.purpose
        assert len(agenda.items) >= 3
        assert all(item.minutes > 0 and item.text for item in agenda.items)
        assert 30 <= agenda.total_minutes <= 120


def test_first_agenda_covers_contracting(shipped):
    words = " ".join(item.text.lower() for item in shipped.agenda(1).items)
    for topic in ("ground rules", "confidential", "off-limits", "disclosure", "goals", "end"):
        assert topic in words, topic


def test_agenda_titles_follow_the_programme(shipped):
    titles = {n: a.title.lower() for n, a in shipped.agendas.items()}
    assert "getting to know" in titles[1]
    assert "lived experience" in titles[2] and "power" in titles[2]
    assert "shadowing" in titles[3]
    assert "midpoint" in titles[4]
    assert "sponsorship" in titles[5]
    assert "close" in titles[6]


def test_meeting_observation_template_covers_what_to_watch(shipped):
    template = shipped.default_observation_template()
    assert template.id == "meeting"
    ids = {f.id for f in template.fields}
    for needed in (
        "context", "who-was-there", "airtime", "who-spoke-first", "interruptions",
        "credit", "jokes", "jargon", "materials", "remote", "notes", "level",
    ):
        assert needed in ids, needed
    notes = template.field("notes")
    assert (notes.kind, notes.min_entries, notes.max_entries) == ("sbi", 1, 3)
    assert template.field("level").options == ("Individual", "Team", "Organisation", "Symbolic")
    assert shipped.observation_template("walkround") is not None


def test_reflection_templates(shipped):
    default = shipped.default_reflection_template()
    assert default.id == "what-so-what-now-what"
    assert [s.heading for s in default.sections] == ["What?", "So what?", "Now what?"]
    gibbs = shipped.reflection_template("gibbs")
    assert len(gibbs.sections) == 6
    debrief = shipped.reflection_template("mentor-debrief")
    assert debrief.roles == ("mentor",)
    assert "programme lead" in debrief.closing and "employee assistance programme" in debrief.closing
    assert not re.search(r"\d{4,}", debrief.closing), "no real phone numbers"
    assert debrief not in shipped.reflection_templates_for("mentee")


def test_checkin_statements(shipped):
    statements = shipped.checkin_statements
    assert len(statements) >= 5
    assert len({s.id for s in statements}) == len(statements)
    assert shipped.checkin_statement("safe-to-be-honest").text == "I felt safe to speak honestly."


def test_content_module_never_imports_textual():
    code = "import sys, rmpair.content; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_readme_examples_are_valid_content(tmp_path):
    readme = (REPO_ROOT / "prompts" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", readme, re.S)
    assert len(blocks) >= 6
    for index, block in enumerate(blocks):
        pack = tmp_path / f"example-{index}"
        write(pack, "example.toml", block)
        loaded = load_content([pack])
        assert loaded.problems == [], (index, [str(p) for p in loaded.problems])
        assert sum(loaded.layers[-1].counts.values()) >= 1


# --------------------------------------------------------------------------- model helpers


def test_prompt_fits_filters(shipped):
    prompt = shipped.prompt("resistance.first-time-noticed")
    assert prompt.fits(role="mentor", meeting=3, category="resistance")
    assert not prompt.fits(meeting=1)  # the most painful memory is not a first meeting's task
    assert not prompt.fits(role="mentee")
    assert not prompt.fits(meeting=6)
    assert not prompt.fits(category="solidarity")
    assert prompt.role_label == "mentor"


def test_problem_text_has_path_and_line():
    assert str(ContentProblem(Path("a/b.toml"), 7, "wrong — fix")) == "a/b.toml:7: wrong — fix"
    assert str(ContentProblem(Path("a/b.toml"), None, "wrong — fix")) == "a/b.toml: wrong — fix"


def test_tidy_text_joins_wrapped_lines_and_keeps_paragraphs():
    assert content.tidy_text("\none\ntwo\n\nthree\n") == "one two\n\nthree"


# --------------------------------------------------------------------------- validation

# Each case: a file, the line the problem should point at, and words the message must
# contain so a person knows what is wrong and what to write instead.
BROKEN_FILES = {
    "toml-syntax": (
        """
        [[prompt]]
        id = "pack.x"
        title = no quotes here
        """,
        3,
        ["not valid TOML", "column", "quotes"],
    ),
    "unknown-section": (
        """
        [[promt]]
        id = "pack.x"
        """,
        1,
        ["'promt'", "[[prompt]]"],
    ),
    "missing-required-field": (
        prompt_toml(id='"pack.no-text"', title='"No text"', text=None),
        1,
        ["'pack.no-text'", "no 'text'", "skipped", "add a line text ="],
    ),
    "wrong-role": (
        prompt_toml(id='"pack.boss"', role='"boss"'),
        4,
        ["'boss'", "not a role", '"mentor", "mentee" or "both"'],
    ),
    "meeting-outside-range": (
        prompt_toml(id='"pack.seven"', role='"mentee"', meetings="[2, 7]"),
        5,
        ["7", "numbered 1 to 6"],
    ),
    "agenda-meeting-outside-range": (
        agenda_toml(0),
        2,
        ["'meeting'", "from 1 to 6"],
    ),
    "agenda-item-minutes-not-a-number": (
        agenda_toml(3, items=((5, "fine"), ('"ten"', "not fine"))),
        11,
        ["'minutes'", "meeting 3", "whole number", "without quotes"],
    ),
    "agenda-without-items": (
        agenda_toml(3, items=()),
        1,
        ["[[agenda.item]]"],
    ),
    "unknown-category": (
        prompt_toml(id='"pack.typo"', category='"resistence"'),
        3,
        ["'resistence'", "'resistance'", "[[category]]"],
    ),
    "bad-id": (
        """
        [[checkin]]
        id = "Felt Safe"
        text = "I felt safe."
        """,
        2,
        ["'Felt Safe'", "lower-case"],
    ),
    "unknown-field-kind": (
        observation_toml("dropdown"),
        8,
        ["'dropdown'", "checklist"],
    ),
    "choice-without-options": (
        observation_toml("choice"),
        5,
        ["no 'options'", "options = ["],
    ),
    "reflection-without-sections": (
        """
        [[reflection]]
        id = "pack.reflect"
        title = "R"
        """,
        1,
        ["[[reflection.section]]"],
    ),
    "field-outside-a-block": (
        """
        id = "loose"
        text = "no header"
        """,
        1,
        ["'id' and 'text'", "outside any", "[[prompt]]"],
    ),
    "not-a-table": (
        """
        prompt = "just text"
        """,
        1,
        ["must be a table", "[[prompt]]"],
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_FILES))
def test_each_broken_file_is_reported_with_file_line_and_fix(tmp_path, case):
    body, line, fragments = BROKEN_FILES[case]
    pack = tmp_path / "pack"
    broken = write(pack, "broken.toml", body)
    write(pack, "good.toml", GOOD_PROMPT)

    loaded = load_content([pack])

    mine = [p for p in loaded.problems if p.path == broken]
    assert len(mine) == 1, [str(p) for p in loaded.problems]
    problem = mine[0]
    assert problem.line == line, str(problem)
    for fragment in fragments:
        assert fragment in problem.message, (fragment, str(problem))
    assert " — " in problem.message, "every message says what to do after the dash"
    assert str(problem).startswith(f"{broken}:{line}: ")
    # The rest of the pack and the shipped content still load.
    assert loaded.prompt("pack.good") is not None
    assert len(loaded.prompts) == len(load_content().prompts) + 1


def test_unknown_field_is_reported_but_the_item_is_kept(tmp_path):
    pack = tmp_path / "pack"
    broken = write(pack, "typo.toml", prompt_toml(titel='"x"'))
    loaded = load_content([pack])
    assert [(p.path, p.line) for p in loaded.problems] == [(broken, 8)]
    assert "'titel'" in loaded.problems[0].message
    assert loaded.prompt("pack.good") is not None


def test_duplicate_id_in_one_folder_names_the_first_use(tmp_path):
    loaded, first, second = load_two_files(tmp_path, GOOD_PROMPT, prompt_toml(title='"The copy"'))
    assert len(loaded.problems) == 1
    problem = loaded.problems[0]
    assert (problem.path, problem.line) == (second, 1)
    assert "'pack.good'" in problem.message and f"{first} line 1" in problem.message
    assert loaded.prompt("pack.good").title == "A good one"


def test_duplicate_agenda_meeting_in_one_folder(tmp_path):
    loaded, _, second = load_two_files(tmp_path, *(agenda_toml(2, title=title) for title in ("First", "Second")))
    assert [(p.path, p.line) for p in loaded.problems] == [(second, 1)]
    assert "meeting 2" in loaded.problems[0].message
    assert loaded.agenda(2).title == "First"


def test_second_default_in_one_folder_is_reported(tmp_path):
    template = """
    [[reflection]]
    id = "{id}"
    title = "T"
    default = true
    [[reflection.section]]
    id = "s"
    heading = "H"
    question = "Q?"
    """
    loaded, _, second = load_two_files(tmp_path, *(template.format(id=id) for id in ("pack.one", "pack.two")))
    assert [(p.path, p.line) for p in loaded.problems] == [(second, 4)]
    assert loaded.default_reflection_template().id == "pack.one"


def test_not_utf8_is_reported(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "latin1.toml").write_bytes('[[checkin]]\nid = "x"\ntext = "caf\xe9"\n'.encode("latin-1"))
    loaded = load_content([pack])
    assert len(loaded.problems) == 1 and "UTF-8" in loaded.problems[0].message


def test_missing_override_folder_is_a_problem_not_an_error(tmp_path):
    missing = tmp_path / "nowhere"
    loaded = load_content([missing])
    assert [p.path for p in loaded.problems] == [missing]
    assert "does not exist" in loaded.problems[0].message
    assert len(loaded.prompts) >= 48


def test_hidden_files_and_other_extensions_are_ignored(tmp_path):
    pack = tmp_path / "pack"
    write(pack, ".draft.toml", "this is not toml at all [[[")
    write(pack, ".git/config.toml", "nor this [[[")
    write(pack, "notes.txt", "nor this [[[")
    write(pack, "sub/good.toml", GOOD_PROMPT)
    loaded = load_content([pack])
    assert loaded.problems == []
    assert loaded.prompt("pack.good") is not None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(max_size=300))
def test_any_file_content_never_raises(tmp_path, body):
    pack = tmp_path / "fuzz"
    pack.mkdir(exist_ok=True)
    (pack / "fuzz.toml").write_text(body, encoding="utf-8", errors="surrogatepass")
    loaded = load_pack_dirs([pack])
    assert all(isinstance(p, ContentProblem) for p in loaded.problems)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=st.one_of(
        st.integers(), st.text(max_size=20), st.booleans(), st.lists(st.integers(-3, 9), max_size=4),
        st.floats(allow_nan=False),
    ),
    key=st.sampled_from(["id", "category", "role", "meetings", "title", "text", "hint"]),
)
def test_any_field_value_never_raises(tmp_path, value, key):
    pack = tmp_path / "fuzz"
    path = write(pack, "fuzz.toml", prompt_toml(**{"id": '"pack.fuzz"', key: _toml_value(value)}))
    loaded = load_content([pack])
    assert json.dumps([str(p) for p in loaded.problems])  # every problem renders as text
    if not any(p.source == path for p in loaded.prompts):
        assert loaded.problems, "a skipped item must always say why"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(value)


# --------------------------------------------------------------------------- overrides


OVERRIDE_PACK = """
[[category]]
id = "action"
name = "Action"
order = 5
mentor_description = "Hold your mentee to what they promised."
mentee_description = "Report back on what you did."

[[prompt]]
id = "action.what-changed"
category = "action"
role = "mentee"
meetings = [5, 6]
title = "What changed"
text = "Name one thing you did since we last met."

[[prompt]]
id = "resistance.the-joke"
category = "resistance"
role = "both"
meetings = [2]
title = "Our own wording"
text = "Replaced by the programme."

[[agenda]]
meeting = 6
title = "Our own close"
purpose = "Finish our way."
[[agenda.item]]
minutes = 30
text = "Everything at once."

[[reflection]]
id = "pack.our-reflection"
title = "Ours"
default = true
[[reflection.section]]
id = "one"
heading = "One"
question = "One question?"
"""


def test_override_replaces_by_id_and_adds_a_category(tmp_path, shipped):
    pack = tmp_path / "pack"
    write(pack, "ours.toml", OVERRIDE_PACK)
    loaded = load_content([pack])

    assert loaded.problems == []
    assert [c.id for c in loaded.categories] == [*RACE_IDS, "action"]
    assert loaded.prompts_for(category="action")[0].id == "action.what-changed"

    replaced = loaded.prompt("resistance.the-joke")
    assert replaced.title == "Our own wording"
    assert replaced.source == pack / "ours.toml"
    assert len(loaded.prompts) == len(shipped.prompts) + 1
    # A replaced prompt keeps its place among its category's prompts.
    old_order = [p.id for p in shipped.prompts_for(category="resistance")]
    assert [p.id for p in loaded.prompts_for(category="resistance")] == old_order

    assert loaded.agenda(6).title == "Our own close"
    assert loaded.agenda(5).title == shipped.agenda(5).title
    assert loaded.default_reflection_template().id == "pack.our-reflection"
    assert sum(t.default for t in loaded.reflection_templates) == 1
    assert loaded.layers[-1].counts["prompts"] == 2


def test_later_pack_wins_over_earlier_pack(tmp_path):
    first = tmp_path / "first"
    second = tmp_path / "second"
    write(first, "p.toml", GOOD_PROMPT)
    write(second, "p.toml", prompt_toml(title='"Second wins"'))
    loaded = load_content([first, second])
    assert loaded.problems == []
    assert loaded.prompt("pack.good").title == "Second wins"


def test_prompts_in_a_category_from_a_later_pack_are_kept(tmp_path):
    # The prompt file sorts before the category file and comes from an earlier pack:
    # categories are checked only once every pack is in.
    early = tmp_path / "early"
    late = tmp_path / "late"
    write(early, "a.toml", prompt_toml(category='"action"'))
    write(late, "z.toml", OVERRIDE_PACK)
    loaded = load_content([early, late])
    assert loaded.problems == []
    assert loaded.prompt("pack.good").category == "action"


def test_same_folder_twice_is_read_once(tmp_path):
    loaded = load_content([paths.shipped_prompts_dir()])
    assert loaded.problems == []
    assert len(loaded.layers) == 1


# --------------------------------------------------------------------------- where packs come from


def test_resolve_override_dirs_order(tmp_path, monkeypatch):
    user_pack = paths.user_prompts_dir()
    assert str(user_pack).startswith(str(Path(os.environ["XDG_CONFIG_HOME"])))
    assert resolve_override_dirs(None) == []  # no user pack yet

    user_pack.mkdir(parents=True)
    assert resolve_override_dirs(None) == [user_pack]

    monkeypatch.setenv(paths.PROMPTS_ENV, str(tmp_path / "from-env"))
    assert resolve_override_dirs(None) == [tmp_path / "from-env"]

    assert resolve_override_dirs(str(tmp_path / "from-cli")) == [tmp_path / "from-cli"]
