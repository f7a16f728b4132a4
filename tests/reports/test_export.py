from __future__ import annotations

import errno
import json
import os
import stat
from datetime import date, datetime, timezone
from html.parser import HTMLParser

import pytest

from rmpair.reports import export
from rmpair.content import CheckinStatement, ContentPack
from rmpair.reports.export import (
    UNENCRYPTED_WARNING,
    ExportError,
    ExportFileExists,
    ExportFolderMissing,
    build_export,
    render_html,
    render_json,
    render_markdown,
    visible_text,
    write_export,
)
from rmpair.core.service import PairService
from rmpair.core.views import EntryView

MENTOR_PASS = "mentor passphrase"
MENTEE_PASS = "mentee passphrase"
PACK = ContentPack(checkin_statements=(CheckinStatement("heard", "I felt listened to."),))
RENDERERS = {"markdown": render_markdown, "html": render_html, "json": render_json}

# Words that appear nowhere else, so finding one in an export proves which entry leaked.
SHARED_WORDS = ("sharedtitlequill", "sharedbodymarlin")
MENTOR_PRIVATE = ("mentorprivatetitleheron", "mentorprivatebodyotter")
MENTEE_PRIVATE = ("menteeprivatetitlefalcon", "menteeprivatebodybadger")


@pytest.fixture
def pair(tmp_path, fast_kdf):
    path = tmp_path / "pair.rmpair"
    mentor, _ = PairService.create(
        path,
        role="mentor",
        name="Ada",
        passphrase=MENTOR_PASS,
        programme_start=date(2026, 1, 5),
        kdf=fast_kdf,
        agendas={1: [("Ground rules", 10)]},
    )
    mentor.join(role="mentee", name="Bo", passphrase=MENTEE_PASS, kdf=fast_kdf)
    mentor.close()
    opened: list[PairService] = []

    def unlock(passphrase: str) -> PairService:
        while opened:
            opened.pop().close()
        service = PairService.unlock(path, passphrase)
        opened.append(service)
        return service

    yield unlock
    while opened:
        opened.pop().close()


@pytest.fixture
def seeded(pair):
    """Shared and private entries by both people, a goal with private evidence, check-ins."""
    mentee = pair(MENTEE_PASS)
    goal = mentee.add_goal("goal text", baseline_score=2)
    mentee.score_goal(goal.id, 3, point="midway")
    mentee_private = mentee.add_entry(
        kind="reflection", title=MENTEE_PRIVATE[0], body=MENTEE_PRIVATE[1], meeting=1,
        race_tags=["compassion"], private=True, goal_id=goal.id,
    )
    mentee.record_checkin(1, {"heard": 2})
    mentee.set_share_checkins(False)
    mentor = pair(MENTOR_PASS)
    mentor_private = mentor.add_entry(
        kind="reflection", title=MENTOR_PRIVATE[0], body=MENTOR_PRIVATE[1], meeting=1,
        race_tags=["resistance"], private=True, goal_id=goal.id,
    )
    shared = mentor.add_entry(
        kind="talking-point", title=SHARED_WORDS[0], body=SHARED_WORDS[1], meeting=1,
        race_tags=["resistance"], private=False, goal_id=goal.id,
    )
    mentor.add_action("read the report", due_meeting=2)
    mentor.record_checkin(1, {"heard": 4})
    mentor.set_share_checkins(True)
    return {"goal": goal, "shared": shared, "mentor_private": mentor_private, "mentee_private": mentee_private}


def _all_formats(service, include_private):
    doc = build_export(service, include_private=include_private, content=PACK)
    return doc, {name: render(doc) for name, render in RENDERERS.items()}


# -- who sees what --------------------------------------------------------------------------


@pytest.mark.parametrize("passphrase", [MENTOR_PASS, MENTEE_PASS])
def test_the_default_export_holds_no_private_text_of_either_person(pair, seeded, passphrase):
    service = pair(passphrase)
    doc, outputs = _all_formats(service, include_private=False)
    assert [e.id for e in doc.entries] == [seeded["shared"].id]
    for name, text in outputs.items():
        for word in SHARED_WORDS:
            assert word in text, name
        for word in MENTOR_PRIVATE + MENTEE_PRIVATE:
            assert word not in text, f"{word} leaked into the {name} export"
        # Not even the ids: a shared export must not betray that private work exists.
        assert seeded["mentor_private"].id not in text
        assert seeded["mentee_private"].id not in text
    (goal,) = doc.goals
    assert goal.evidence == (seeded["shared"].id,)


def test_include_private_adds_the_exporters_own_and_never_the_partners(pair, seeded):
    for passphrase, own, theirs in (
        (MENTOR_PASS, MENTOR_PRIVATE, MENTEE_PRIVATE),
        (MENTEE_PASS, MENTEE_PRIVATE, MENTOR_PRIVATE),
    ):
        service = pair(passphrase)
        doc, outputs = _all_formats(service, include_private=True)
        assert all(e.author == service.role for e in doc.entries if e.private)
        for name, text in outputs.items():
            for word in own + SHARED_WORDS:
                assert word in text, f"{word} missing from the {name} export"
            for word in theirs:
                assert word not in text, f"{word} leaked into the {name} export"


def test_build_export_refuses_an_entry_that_is_not_the_exporters(pair, seeded, monkeypatch):
    service = pair(MENTOR_PASS)
    foreign = EntryView(**{**seeded["mentor_private"].__dict__, "author": "mentee"})
    monkeypatch.setattr(service, "entries", lambda **_: [foreign])
    with pytest.raises(ExportError):
        build_export(service, include_private=True, content=PACK)


def test_checkins_go_in_only_for_people_who_share_them(pair, seeded):
    mentor = pair(MENTOR_PASS)
    doc = build_export(mentor, include_private=False, content=PACK)
    assert [(c.person, c.rating) for c in doc.checkins] == [("mentor", 4)]
    mentee = pair(MENTEE_PASS)
    assert [(c.person, c.rating) for c in build_export(mentee, include_private=False, content=PACK).checkins] == [
        ("mentor", 4)
    ]
    with_own = build_export(mentee, include_private=True, content=PACK).checkins
    assert sorted((c.person, c.rating) for c in with_own) == [("mentee", 2), ("mentor", 4)]


# -- JSON -----------------------------------------------------------------------------------


def test_json_has_the_documented_structure(pair, seeded):
    mentor = pair(MENTOR_PASS)
    mentor.mark_held(1, date(2026, 1, 6))
    mentor.score_goal(seeded["goal"].id, 4, point="start")
    stamp = datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)
    data = json.loads(render_json(build_export(mentor, include_private=False, content=PACK, exported_at=stamp)))
    assert list(data) == [
        "format", "version", "exported_at", "exported_by", "includes_private",
        "pair", "meetings", "entries", "actions", "goals", "checkins",
    ]
    assert (data["format"], data["version"], data["exported_at"]) == ("rmpair-export", 1, "2026-03-01T10:00:00+00:00")
    assert data["pair"] == {
        "programme_start": "2026-01-05", "cadence_weeks": 4, "mentor": {"name": "Ada"}, "mentee": {"name": "Bo"},
    }
    first = data["meetings"][0]
    assert (first["number"], first["status"], first["held_date"]) == (1, "held", "2026-01-06")
    assert [(i["text"], i["done"]) for i in first["agenda"]] == [("Ground rules", False)]
    (entry,) = data["entries"]
    assert entry["id"] == seeded["shared"].id
    assert (entry["title"], entry["private"], entry["race_tags"]) == (SHARED_WORDS[0], False, ["resistance"])
    for moment in (entry["created_at"], entry["updated_at"], data["actions"][0]["created_at"]):
        assert datetime.fromisoformat(moment).tzinfo is not None
    assert data["goals"][0]["evidence"] == [seeded["shared"].id]
    # Her scores show him only where he has scored too: her midway waits for his.
    goal = data["goals"][0]
    assert [goal[k] for k in ("baseline_score", "midway_score", "final_score")] == [2, None, None]
    assert (goal["partner_scores"], goal["scores_hidden"], goal["looks_like"]) == ({"start": 4}, [["mentee", "midway"]], [])
    assert data["checkins"] == [
        {"meeting": 1, "person": "mentor", "statement_id": "heard", "statement": "I felt listened to.", "rating": 4}
    ]


def test_json_keeps_every_character_and_writes_control_characters_escaped(pair):
    mentor = pair(MENTOR_PASS)
    body = "red \x1b[31m \u202eevil 👩🏽‍💻 e\u0301"
    mentor.add_entry(kind="note", body=body, private=False)
    text = render_json(build_export(mentor, include_private=False, content=PACK))
    assert "\x1b" not in text
    assert json.loads(text)["entries"][0]["body"] == body


# -- HTML ------------------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[x](javascript:alert(3))",
    "[y](JaVaScRiPt:alert(4))",
    "[z](&#106;avascript:alert(5))",
    "<javascript:alert(6)>",
    "[bold]rich[/]",
    "\x1b[31mred\x1b[0m",
    "\u202eevil\u202c",
    "e\u0301\u0301 combining",
    "👩🏽‍💻 emoji",
    '" onmouseover="alert(7)',
]
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr"}


class Recorder(HTMLParser):
    """Every start tag with its attributes, all text, and whether the tags nest properly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def _parse(page: str) -> Recorder:
    recorder = Recorder()
    recorder.feed(page)
    recorder.close()
    return recorder


def _hostile_pair(tmp_path, fast_kdf):
    text = " ".join(HOSTILE)
    service, _ = PairService.create(
        tmp_path / "hostile.rmpair", role="mentor", name="Zoë " + HOSTILE[0] + " 👩🏽‍💻",
        passphrase=MENTOR_PASS, kdf=fast_kdf, agendas={},
    )
    service.join(role="mentee", name='Bo <b onclick="x()">', passphrase=MENTEE_PASS, kdf=fast_kdf)
    for item in HOSTILE:
        service.add_entry(kind="note", title=item, body=f"{item}\n\n- {item}\n\n> {item}", meeting=1, private=False)
    service.add_entry(kind="note", title="tags", body="![pic](http://example.com/a.png) ![d](data:image/png;base64,AA)",
                      meeting=2, race_tags=["resistance"], private=False)
    service.add_entry(
        kind="note", title="heading", body="# Big\n\n[ok](https://example.org/)", meeting=2, private=False
    )
    service.add_action(text, due_meeting=1)
    service.add_goal(text)
    service.add_agenda_item(1, text)
    return service


def test_html_escapes_everything_the_pair_wrote_and_stays_well_formed(tmp_path, fast_kdf):
    service = _hostile_pair(tmp_path, fast_kdf)
    try:
        page = render_html(build_export(service, include_private=False, content=PACK))
    finally:
        service.close()
    parsed = _parse(page)
    assert parsed.problems == []
    assert parsed.open == []
    names = [tag for tag, _ in parsed.tags]
    assert "script" not in names
    for forbidden in ("img", "iframe", "object", "embed", "link", "base", "form", "b", "svg"):
        assert forbidden not in names, forbidden
    assert names.count("style") == 1
    for tag, attrs in parsed.tags:
        for attr, value in attrs:
            assert not attr.startswith("on"), f"<{tag} {attr}>"
            if attr in ("href", "src", "action", "formaction"):
                squeezed = "".join((value or "").split()).lower()
                assert not squeezed.startswith(("javascript:", "vbscript:", "data:")), f"<{tag} {attr}={value}>"
    # Links that were meant to work still do, and carry no referrer.
    links = [dict(attrs) for tag, attrs in parsed.tags if tag == "a" and dict(attrs).get("href", "").startswith("http")]
    assert {link["href"] for link in links} == {"https://example.org/", "http://example.com/a.png"}
    assert all("noreferrer" in link["rel"] for link in links)
    # A body's "# Big" sits below the entry's own heading.
    assert "h1" in names and names.count("h1") == 1


def test_html_text_round_trips(tmp_path, fast_kdf):
    service = _hostile_pair(tmp_path, fast_kdf)
    try:
        page = render_html(build_export(service, include_private=False, content=PACK))
    finally:
        service.close()
    text = "".join(_parse(page).text)
    for item in HOSTILE:
        assert visible_text(item) in text, item
    assert "Zoë <script>alert(1)</script> 👩🏽‍💻" in text
    assert 'Bo <b onclick="x()">' in text
    assert "\x1b" not in page  # a terminal escape is shown, never passed on
    assert "␛[31mred" in text


def test_html_is_self_contained_and_prints(pair, seeded):
    page = render_html(build_export(pair(MENTOR_PASS), include_private=False, content=PACK))
    assert "@media print" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    for tag, attrs in _parse(page).tags:
        for attr, value in attrs:
            if attr in ("src", "href") and tag != "a":
                pytest.fail(f"<{tag} {attr}={value}> loads something")
    assert "url(" not in page and "@import" not in page


def test_markdown_keeps_bodies_but_escapes_one_line_fields_and_control_characters(pair):
    mentor = pair(MENTOR_PASS)
    mentor.add_entry(kind="note", title="# not a heading \x1b[31m", body="**bold** stays\n\n- a list", private=False)
    text = render_markdown(build_export(mentor, include_private=False, content=PACK))
    assert "#### \\# not a heading ␛\\[31m" in text
    assert "**bold** stays\n\n- a list" in text
    assert "\x1b" not in text


# -- writing -----------------------------------------------------------------------------------


def test_write_export_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "export.md"
    out.write_text("theirs", encoding="utf-8")
    with pytest.raises(ExportFileExists) as caught:
        write_export("mine", out, force=False)
    assert "already exists" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert out.read_text(encoding="utf-8") == "theirs"
    write_export("mine", out, force=True)
    assert out.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.md"]


def test_write_export_creates_only_the_file_asked_for_readable_by_its_owner(tmp_path):
    out = tmp_path / "export.html"
    write_export("<p>hi</p>", out, force=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.html"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    out.chmod(0o644)
    write_export("<p>again</p>", out, force=True)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_write_export_never_creates_a_missing_folder(tmp_path):
    out = tmp_path / "missing" / "export.md"
    with pytest.raises(ExportFolderMissing) as caught:
        write_export("x", out, force=True)
    assert "does not exist" in str(caught.value)
    assert not (tmp_path / "missing").exists()


def test_write_export_refuses_a_folder_as_the_file(tmp_path):
    with pytest.raises(ExportError):
        write_export("x", tmp_path, force=True)


def test_write_export_leaves_nothing_behind_when_it_fails(tmp_path, monkeypatch):
    def broken(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(ExportError) as caught:
        write_export("x", tmp_path / "export.json", force=True)
    assert "No space left" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_without_hard_links_it_still_refuses_to_overwrite(tmp_path, monkeypatch):
    def no_links(*_args, **_kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    out = tmp_path / "export.md"
    write_export("first", out, force=False)
    assert out.read_text(encoding="utf-8") == "first"
    with pytest.raises(ExportFileExists):
        write_export("second", out, force=False)
    assert out.read_text(encoding="utf-8") == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.md"]


def test_the_warning_says_plainly_that_the_file_is_not_encrypted():
    assert "NOT be encrypted" in UNENCRYPTED_WARNING
    assert "\n" not in UNENCRYPTED_WARNING


def test_format_follows_the_file_name_unless_given():
    assert export.format_for_path("a.HTML") == "html"
    assert export.format_for_path("a.json") == "json"
    assert export.format_for_path("a.md") == "markdown"
    assert export.format_for_path("notes.txt") == "markdown"
    with pytest.raises(ExportError):
        export.render(None, "pdf")  # type: ignore[arg-type]
