"""A meeting from the command line: its agenda (numbered, ticked, added to, reworded,
removed, a talking point put on it), the check-in (shown, rated, kept private), the
meetings as JSON and as an iCalendar file with nothing the pair wrote in it."""

from __future__ import annotations

import json
from datetime import date

import pytest
from cli_testkit import MENTEE_PASS, MENTOR_PASS, folder_snapshot


def _agenda(cli_main, vault, number: int = 1, passphrase: str = MENTOR_PASS) -> list[dict]:
    return json.loads(cli_main(vault, "agenda", str(number), "--json", stdin=[passphrase]).ok().stdout)["items"]


def test_the_agenda_numbered_ticked_added_reworded_and_removed(fast_pair, cli_main) -> None:
    vault = fast_pair.vault
    empty = cli_main(vault, "agenda", "1", stdin=[MENTOR_PASS]).ok()
    assert "Agenda: 0 of 0 done" in empty.stdout and "rmpair agenda 1 --add TEXT" in empty.stdout
    cli_main(vault, "agenda", "1", "--add", "Introductions", "--minutes", "10", stdin=[MENTOR_PASS]).ok()
    cli_main(vault, "agenda", "1", "--add", "Ground rules", stdin=[MENTEE_PASS]).ok()
    cli_main(vault, "agenda", "1", "--done", "2", stdin=[MENTOR_PASS]).ok()
    shown = cli_main(vault, "agenda", "1", stdin=[MENTEE_PASS]).ok().stdout
    assert "1. to do: Introductions (10 minutes)" in shown and "2. done: Ground rules" in shown
    assert "Agenda: 1 of 2 done" in shown

    cli_main(vault, "agenda", "1", "--undone", "2", stdin=[MENTEE_PASS]).ok()
    cli_main(vault, "agenda", "1", "--change", "1", "Introductions, briefly", stdin=[MENTOR_PASS]).ok()
    items = _agenda(cli_main, vault)
    assert [(i["number"], i["text"], i["minutes"], i["done"]) for i in items] == [
        (1, "Introductions, briefly", 10, False), (2, "Ground rules", None, False),
    ]

    before = folder_snapshot(vault.parent)
    asked = cli_main(vault, "agenda", "1", "--remove", "1", stdin=[MENTOR_PASS])
    assert "Add --yes" in asked.problem_line()
    assert folder_snapshot(vault.parent) == before
    cli_main(vault, "agenda", "1", "--remove", "1", "--yes", stdin=[MENTOR_PASS]).ok()
    assert [i["text"] for i in _agenda(cli_main, vault)] == ["Ground rules"]


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("--done", "5"), 1, "has 1 item, so there is no item 5"),
        (("--done", "0"), 2, "not a number from the list"),
        (("--change", "x", "words"), 2, "'x' is not a number"),
        (("--minutes", "5"), 2, "--minutes goes with --add or --change"),
        (("--add", "Later", "--minutes", "lots"), 2, "not a number of minutes"),
    ],
)
def test_a_wrong_agenda_change_is_one_line(fast_pair, cli_main, args, code, words) -> None:
    vault = fast_pair.vault
    cli_main(vault, "agenda", "1", "--add", "Only item", stdin=[MENTOR_PASS]).ok()
    result = cli_main(vault, "agenda", "1", *args, stdin=[MENTOR_PASS])
    assert result.code == code and words in result.stderr and len(result.stderr.splitlines()) == 1


def test_putting_a_talking_point_on_the_agenda_shares_it(fast_pair, cli_main) -> None:
    vault = fast_pair.vault
    entries = json.loads(cli_main(vault, "list", "--json", stdin=[MENTOR_PASS]).ok().stdout)["entries"]
    private = next(e for e in entries if e["title"] == fast_pair.mentor_private_title)
    put = cli_main(vault, "agenda", "2", "--put", private["id"][:8], stdin=[MENTOR_PASS]).ok()
    assert "shared with Bo" in put.stdout
    assert [i["text"] for i in _agenda(cli_main, vault, 2, MENTEE_PASS)] == [fast_pair.mentor_private_title]
    seen = json.loads(cli_main(vault, "list", "--json", stdin=[MENTEE_PASS]).ok().stdout)["entries"]
    assert any(e["title"] == fast_pair.mentor_private_title and e["on_agenda"] for e in seen)


def test_the_check_in_shown_rated_and_kept_private(fast_pair, cli_main) -> None:
    vault = fast_pair.vault
    shown = cli_main(vault, "checkin", "1", stdin=[MENTOR_PASS]).ok().stdout
    # Ratings are private until their rater shares them: nobody shares yet.
    assert "Your ratings are private: only you see them." in shown
    assert "1. I felt safe to speak honestly." in shown and "You: not rated. Bo keeps their ratings private." in shown
    cli_main(vault, "checkin", "1", "--rate", "1=4", "listened-to=5", "--shared", stdin=[MENTOR_PASS]).ok()
    cli_main(vault, "checkin", "1", "--rate", "1=2", "--private", stdin=[MENTEE_PASS]).ok()

    mentor = json.loads(cli_main(vault, "checkin", "1", "--json", stdin=[MENTOR_PASS]).ok().stdout)
    assert (mentor["you"], mentor["you_share"], mentor["partner_shares"]) == ("mentor", True, False)
    rows = {s["id"]: (s["yours"], s["partners"]) for s in mentor["statements"]}
    assert rows["safe-to-be-honest"] == (4, None)  # the mentee's 2 is kept private
    assert rows["listened-to"] == (5, None)
    text = cli_main(vault, "checkin", "1", stdin=[MENTOR_PASS]).ok().stdout
    assert "You: 4 of 5, agree. Bo keeps their ratings private." in text

    mentee = json.loads(cli_main(vault, "checkin", "1", "--json", stdin=[MENTEE_PASS]).ok().stdout)
    rows = {s["id"]: (s["yours"], s["partners"]) for s in mentee["statements"]}
    assert rows["safe-to-be-honest"] == (2, 4)

    cli_main(vault, "checkin", "1", "--shared", stdin=[MENTEE_PASS]).ok()
    mentor = json.loads(cli_main(vault, "checkin", "1", "--json", stdin=[MENTOR_PASS]).ok().stdout)
    assert {s["id"]: s["partners"] for s in mentor["statements"]}["safe-to-be-honest"] == 2


def test_each_person_rates_their_own_statements_by_their_own_numbers(fast_pair, cli_main) -> None:
    vault = fast_pair.vault
    mentor = json.loads(cli_main(vault, "checkin", "1", "--json", stdin=[MENTOR_PASS]).ok().stdout)
    numbered = [s["id"] for s in mentor["statements"] if s["number"] is not None]
    assert "worth-what-it-took" in numbered and "know-next-step" not in numbered
    assert [s["number"] for s in mentor["statements"]][: len(numbered)] == list(range(1, len(numbered) + 1))
    text = cli_main(vault, "checkin", "1", stdin=[MENTOR_PASS]).ok().stdout
    assert "-  I know what I will do differently before we next meet. (for Bo to rate)" in text

    refused = cli_main(vault, "checkin", "1", "--rate", "know-next-step=4", stdin=[MENTOR_PASS])
    assert refused.code == 1 and "for your partner to rate, not you" in refused.problem_line()
    last = len(numbered)
    cli_main(vault, "checkin", "1", "--rate", f"{last}=5", stdin=[MENTOR_PASS]).ok()
    mentor = json.loads(cli_main(vault, "checkin", "1", "--json", stdin=[MENTOR_PASS]).ok().stdout)
    assert {s["id"]: s["yours"] for s in mentor["statements"]}[numbered[-1]] == 5


@pytest.mark.parametrize(("rating", "code"), [("6=4", 1), ("1=9", 2), ("nothing", 2), ("no-such-statement=3", 1)])
def test_a_wrong_rating_is_one_line_and_saves_nothing(fast_pair, cli_main, rating, code) -> None:
    before = folder_snapshot(fast_pair.vault.parent)
    result = cli_main(fast_pair.vault, "checkin", "1", "--rate", rating, stdin=[MENTOR_PASS])
    assert result.code == code and len(result.stderr.splitlines()) == 1, result.output
    assert folder_snapshot(fast_pair.vault.parent) == before


def test_meetings_held_on_a_date_and_planned_again(fast_pair, cli_main) -> None:
    vault = fast_pair.vault
    cli_main(vault, "meeting", "1", "--held", "2026-01-07", stdin=[MENTOR_PASS]).ok()
    cli_main(vault, "meeting", "2", "--held", stdin=[MENTOR_PASS]).ok()
    meetings = json.loads(cli_main(vault, "meetings", "--json", stdin=[MENTEE_PASS]).ok().stdout)["meetings"]
    assert (meetings[0]["status"], meetings[0]["held_date"]) == ("held", "2026-01-07")
    assert meetings[1]["held_date"] == date.today().isoformat()
    assert [m["next"] for m in meetings] == [False, False, True, False, False, False]
    cli_main(vault, "meeting", "2", "--not-held", stdin=[MENTOR_PASS]).ok()
    meetings = json.loads(cli_main(vault, "meetings", "--json", stdin=[MENTOR_PASS]).ok().stdout)["meetings"]
    assert (meetings[1]["status"], meetings[1]["held_date"], meetings[1]["next"]) == ("planned", None, True)


def test_the_calendar_file_holds_six_dated_meetings_and_nothing_the_pair_wrote(fast_pair, cli_main, tmp_path) -> None:
    from icalendar import Calendar

    vault = fast_pair.vault
    secret_agenda = "agendasecret-rota-complaint"
    cli_main(vault, "agenda", "1", "--add", secret_agenda, stdin=[MENTOR_PASS]).ok()
    cli_main(vault, "meeting", "1", "--held", "2026-01-07", stdin=[MENTOR_PASS]).ok()
    out = tmp_path / "meetings.ics"
    cli_main(vault, "meetings", "--ics", "--out", str(out), stdin=[MENTOR_PASS]).ok()
    raw = out.read_bytes()
    calendar = Calendar.from_ical(raw)
    events = calendar.walk("VEVENT")
    meetings = json.loads(cli_main(vault, "meetings", "--json", stdin=[MENTOR_PASS]).ok().stdout)["meetings"]
    expected = [m["held_date"] or m["planned_date"] for m in meetings]
    assert [e.decoded("dtstart").isoformat() for e in events] == expected
    assert len(events) == 6 and len({str(e["uid"]) for e in events}) == 6
    text = raw.decode("utf-8")
    for word in (*fast_pair.mentor_titles, "only mine", "for both of us", "learned", secret_agenda, "Ada", "Bo"):
        assert word not in text, word
    assert out.stat().st_mode & 0o077 == 0

    # Written again after a date changes, each event keeps its UID, so a calendar moves it.
    cli_main(vault, "meeting", "3", "--date", "2026-03-16", stdin=[MENTOR_PASS]).ok()
    again = cli_main(vault, "meetings", "--ics", "--out", "-", stdin=[MENTOR_PASS]).ok()
    moved = Calendar.from_ical(again.stdout.encode("utf-8")).walk("VEVENT")
    assert [str(e["uid"]) for e in moved] == [str(e["uid"]) for e in events]
    assert moved[2].decoded("dtstart") == date(2026, 3, 16)
    assert "Wrote 6 meetings to standard output" in again.stderr

    refused = cli_main(vault, "meetings", "--ics", "--out", str(out), stdin=[MENTOR_PASS])
    assert "--force" in refused.problem_line()
    usage = cli_main(vault, "meetings", "--ics", stdin=[MENTOR_PASS])
    assert usage.code == 2 and "--out" in usage.stderr
