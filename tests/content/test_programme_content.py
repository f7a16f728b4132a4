"""The shipped programme content a programme lead would sign off: safety first, both
people's growth, the model told honestly, and the programme file, guides, glossary and
optional packs that carry it."""

from __future__ import annotations

import re

import pytest

from rmpair.content import load_content, load_pack_dirs
from rmpair.content.guidance import contacts_text, help_text, help_topics, missing_contacts
from rmpair.core import paths
from rmpair.core.errors import UsageError
from tests.content.test_content import write

SHIPPED = paths.shipped_prompts_dir()


@pytest.fixture(scope="module")
def shipped():
    return load_content()


FILLED_IN = """
[programme]
name = "Kestrel Trust reverse mentoring"
lead = "Sam Okafor"
lead_contact = "sam.okafor@example.org"
speak_up = "Priya, Freedom to Speak Up guardian"
peer_group = "First Tuesdays, room 4"
urgent_support = "0800 000 0000"
feedback = "A form sent after meeting 6"
"""


# -- safety and support ---------------------------------------------------------------------


def test_meeting_one_has_a_disclosure_and_escalation_item(shipped):
    words = " ".join(item.text.lower() for item in shipped.agenda(1).items)
    for needed in ("disclosure", "mentor hears first", "support", "posts about your meetings in public"):
        assert needed in words, needed


def test_the_disclosure_guide_says_what_happens_and_shows_the_contacts(shipped):
    guide = shipped.guide("disclosure")
    text = guide.text.lower()
    for needed in ("the mentor hears first", "freedom to speak up", "programme lead",
                   "if the mentee is the one causing harm", "posting about your meetings", "support for the mentor"):
        assert needed in text, needed
    page = help_text(shipped, "disclosure")
    assert guide.show_contacts and "Who to contact in your programme:" in page
    # The shipped programme file is empty: every contact says so, in words, not a blank.
    assert missing_contacts(shipped.programme) == [
        "Programme lead", "How to reach the programme lead",
        "Raising a concern (a Freedom to Speak Up guardian or equivalent)", "The mentors' peer group", "Urgent support",
    ]
    assert page.count("not filled in") == 5
    assert "has not put its name in programme.toml" in page


def test_a_programme_file_fills_in_the_contacts_field_by_field(tmp_path):
    pack = tmp_path / "pack"
    write(pack, "programme.toml", FILLED_IN)
    loaded = load_content([pack])
    assert loaded.problems == []
    page = help_text(loaded, "disclosure")
    assert "Who to contact in Kestrel Trust reverse mentoring:" in page
    assert "Programme lead: Sam Okafor" in page and "Urgent support: 0800 000 0000" in page
    assert "not filled in" not in page
    # A later folder that fills in only one field keeps the others.
    later = tmp_path / "later"
    write(later, "programme.toml", '[programme]\nurgent_support = "Call 111"\n')
    layered = load_pack_dirs([SHIPPED, pack, later]).programme
    assert (layered.lead, layered.urgent_support) == ("Sam Okafor", "Call 111")


def test_a_partly_filled_programme_file_says_which_contacts_are_missing(tmp_path):
    write(tmp_path, "programme.toml", '[programme]\nlead = "Sam Okafor"\n')
    programme = load_content([tmp_path]).programme
    text = contacts_text(programme)
    assert "Programme lead: Sam Okafor" in text
    assert "Urgent support: not filled in" in text and "call your local emergency number" in text


def test_the_mentor_debrief_asks_about_weight_hurt_and_repercussions_and_shows_contacts(shipped):
    debrief = shipped.reflection_template("mentor-debrief")
    questions = " ".join(s.heading + " " + s.question for s in debrief.sections)
    assert "Is this getting heavier?" in questions
    assert "Did your mentee say or do anything that hurt" in questions
    assert "repercussions" in questions
    assert debrief.show_contacts and debrief.roles == ("mentor",)
    default = shipped.default_reflection_template()
    assert "do not have to carry it alone" in default.closing and "mentor debrief" in default.closing


def test_each_role_has_its_own_checkin_statements(shipped):
    mentor = {s.id: s.text for s in shipped.checkin_statements_for("mentor")}
    mentee = {s.id: s.text for s in shipped.checkin_statements_for("mentee")}
    assert mentor["shared-what-i-chose"] == "I shared only what I chose to share."
    assert mentor["worth-what-it-took"] == "This was worth what it took from me."
    assert "know-next-step" not in mentor and "know-next-step" in mentee
    assert "shared-what-i-chose" not in mentee
    assert "safe-to-be-honest" in mentor and "safe-to-be-honest" in mentee


# -- prompts that work for the pair ------------------------------------------------------------


def test_the_first_time_noticed_comes_later_and_as_an_offer(shipped):
    prompt = shipped.prompt("resistance.first-time-noticed")
    assert 1 not in prompt.meetings and min(prompt.meetings) >= 3
    assert "offer" in prompt.text and "open the conversation with" not in prompt.text


def test_reworded_prompts_no_longer_carry_the_harms_named(shipped):
    texts = {p.id: f"{p.title} {p.text}" for p in shipped.prompts}
    everything = " ".join(texts.values())
    assert not re.search(r"\b(people|someone|colleagues) like you\b", everything)
    assert "as if it had happened to you" not in texts["compassion.in-their-shoes"]
    assert "Keep it their story" in texts["compassion.in-their-shoes"]
    assert "without softening" not in texts["resistance.shadowing-moment"]
    assert "the way you agreed" in texts["resistance.shadowing-moment"]
    assert "your mentee's job" in texts["resistance.who-decided"]
    assert "your mentee's job" in texts["resistance.face-to-the-numbers"]
    assert "speak for yourself" in texts["compassion.others-like-me"]
    assert shipped.prompt("empowerment.not-without-us").title == "Nothing about us without us"
    assert "Not about us" not in everything
    fence = texts["resistance.fence-not-box"]
    assert "legal duty" in fence and "instead of fixing" not in fence


def test_every_meeting_has_a_start_here_prompt_for_each_role_listed_first(shipped):
    for meeting in range(1, 7):
        for role in ("mentor", "mentee"):
            offered = shipped.prompts_for(role=role, meeting=meeting)
            first = [p for p in offered if p.start_here]
            assert len(first) == 1, (meeting, role)
            assert offered[0] is first[0] and first[0].roles == (role,)


def test_there_is_a_prompt_for_when_the_mentee_already_agrees(shipped):
    prompt = shipped.prompt("resistance.when-they-already-agree")
    assert prompt.roles == ("mentor",) and "already agree" in prompt.title.lower()


@pytest.mark.parametrize("packs", [(), ("action",)])
def test_no_meeting_offers_the_mentor_fewer_than_4_or_more_than_15_prompts(tmp_path, packs):
    if packs:
        write(tmp_path, "programme.toml", f"[programme]\noptional_packs = {list(packs)!r}\n".replace("'", '"'))
    loaded = load_content([tmp_path] if packs else [])
    for meeting in range(1, 7):
        for role in ("mentor", "mentee"):
            assert 4 <= len(loaded.prompts_for(role=role, meeting=meeting)) <= 15, (meeting, role)


# -- the model, told honestly ----------------------------------------------------------------------


def test_the_categories_say_where_they_come_from():
    raw = (SHIPPED / "race" / "categories.toml").read_text(encoding="utf-8")
    text = " ".join(raw.replace("#", " ").split())
    assert "four parts of the RACE model" not in text
    assert "Raza" in text and "Onyesoh" in text and "do not spell RACE" in text


def test_the_action_pack_is_off_unless_the_programme_switches_it_on(shipped, tmp_path):
    assert [c.id for c in shipped.categories] == ["resistance", "compassion", "empowerment", "solidarity"]
    assert not any(p.category == "action" for p in shipped.prompts) and shipped.packs_on == ()
    write(tmp_path, "programme.toml", '[programme]\noptional_packs = ["action"]\n')
    loaded = load_content([tmp_path])
    assert loaded.problems == [] and loaded.packs_on == ("action",)
    assert [c.id for c in loaded.categories][-1] == "action"
    assert {p.id for p in loaded.prompts_for(category="action")} >= {"action.report-back", "action.one-commitment"}


def test_a_pack_switched_on_that_does_not_exist_is_a_plain_problem(tmp_path):
    write(tmp_path, "programme.toml", '[programme]\noptional_packs = ["courage"]\n')
    loaded = load_content([tmp_path])
    [problem] = loaded.problems
    assert "optional pack 'courage'" in problem.message and "'action'" in problem.message
    assert loaded.packs_on == ()


def test_sources_credit_the_seeds_and_the_models():
    text = (SHIPPED / "SOURCES.md").read_text(encoding="utf-8")
    for needed in ("Gibbs", "1988", "Rolfe", "2001", "Situation, behaviour, impact", "ReMEDI",
                   "Business in the Community", "Reverse Mentoring & Me", "RM4I", "Raza", "rmpair's own"):
        assert needed in text, needed


def test_the_glossary_explains_the_words_where_they_appear(shipped):
    ids = {t.id for t in shipped.terms}
    for needed in ("lived-experience", "unconscious-bias", "microaggression", "intersectionality",
                   "reasonable-adjustment", "allyship", "sponsorship", "wres", "wdes", "psychological-safety"):
        assert needed in ids, needed
    found = {t.id for t in shipped.terms_in(shipped.prompt("resistance.fence-not-box").text)}
    assert "reasonable-adjustment" in found
    assert {t.id for t in shipped.terms_in("Two MICROAGGRESSIONS a day")} == {"microaggression"}
    assert shipped.terms_in("a microaggressionist") == ()
    page = help_text(shipped, "glossary")
    assert "Intersectionality: " in page and "WRES: " in page


def test_help_topics_name_the_guides_and_the_glossary(shipped):
    assert [name for name, _ in help_topics(shipped)] == ["disclosure", "glossary"]
    with pytest.raises(UsageError, match="no help topic 'weather'; the topics are disclosure, glossary"):
        help_text(shipped, "weather")


# -- both people grow --------------------------------------------------------------------------------


def test_observation_forms_ask_what_went_well_and_whose_names_came_up(shipped):
    form = shipped.observation_template("meeting")
    ids = [f.id for f in form.fields]
    assert ids[0] == "brief" and {"did-well", "names-and-absent"} <= set(ids)
    assert "Your mentee did most of the talking" in form.field("airtime").options
    assert "what happened next" in form.field("notes").help and "effect it had on people" not in form.field("notes").help
    assert "how they will introduce you" in form.intro
    walk = shipped.observation_template("walkround")
    assert {"brief", "did-well"} <= {f.id for f in walk.fields}


def test_agendas_leave_slack_and_keep_the_first_meeting_light(shipped):
    for number, agenda in shipped.agendas.items():
        assert agenda.slack_minutes >= 10, number
    first = shipped.agenda(1)
    assert len(first.items) <= 5 and max(item.minutes for item in first.items if "Goals" in item.text) <= 5


def _position(agenda, words: str) -> int:
    return next(i for i, item in enumerate(agenda.items) if words in item.text.lower())


def test_agendas_check_in_before_rescoring_and_check_out_after_hard_meetings(shipped):
    for number in (4, 6):
        agenda = shipped.agenda(number)
        assert _position(agenda, "check in") < _position(agenda, "re-score"), number
        assert "each on your own first" in agenda.items[_position(agenda, "re-score")].text
    for number in (2, 3):
        assert "check out" in shipped.agenda(number).items[-1].text.lower(), number


def test_meeting_six_closes_with_the_mentor_in_mind_and_a_follow_up(shipped):
    words = " ".join(item.text.lower() for item in shipped.agenda(6).items)
    assert "for the mentor" in words and "three months" in words
    assert "feedback" not in words  # programme feedback is given apart from the meeting
    assert "second shadowing" in " ".join(item.text.lower() for item in shipped.agenda(4).items)


def test_an_agenda_longer_than_its_meeting_is_flagged(tmp_path):
    write(tmp_path, "long.toml", """
        [[agenda]]
        meeting = 2
        length = 30
        title = "x"
        purpose = "y"

        [[agenda.item]]
        minutes = 40
        text = "z"
        """)
    loaded = load_pack_dirs([tmp_path])
    [problem] = loaded.problems
    assert "add up to 40 minutes, more than the 30" in problem.message and problem.line == 3
