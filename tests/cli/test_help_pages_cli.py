"""``rmpair help disclosure`` and ``rmpair help glossary``: the programme's own pages on the
command line, with the contacts its programme file names, and said plainly where it names none."""

from __future__ import annotations


def _programme(tmp_path, body: str):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "programme.toml").write_text(body, encoding="utf-8")
    return pack


def test_help_lists_the_programmes_pages(cli_main, tmp_path) -> None:
    listed = cli_main(tmp_path / "v", "help").ok().stdout
    assert "  disclosure  When something serious is said" in listed
    assert "  glossary    Glossary:" in listed


def test_the_disclosure_page_shows_the_programmes_contacts(cli_main, tmp_path) -> None:
    pack = _programme(tmp_path, '[programme]\nname = "Kestrel Trust mentoring"\nlead = "Sam Okafor"\n'
                                'urgent_support = "0800 000 0000"\n')
    page = cli_main(tmp_path / "v", "help", "disclosure", "--prompts", str(pack)).ok().stdout
    assert "The mentor hears first." in page
    assert "Who to contact in Kestrel Trust mentoring:" in page
    assert "Programme lead: Sam Okafor" in page and "Urgent support: 0800 000 0000" in page
    # What the file leaves out is said, not left blank.
    assert "The mentors' peer group: not filled in" in page


def test_the_disclosure_page_says_when_no_contact_is_filled_in(cli_main, tmp_path) -> None:
    page = cli_main(tmp_path / "v", "help", "disclosure").ok().stdout
    assert "Your programme has not put its name in programme.toml yet." in page
    assert "Programme lead: not filled in" in page and "Urgent support: not filled in" in page


def test_the_glossary_explains_the_words(cli_main, tmp_path) -> None:
    page = cli_main(tmp_path / "v", "help", "glossary").ok().stdout
    assert "Reasonable adjustment: " in page and "Microaggression: " in page
    unknown = cli_main(tmp_path / "v", "help", "weather")
    assert unknown.code == 2 and "disclosure, glossary" in unknown.stderr


def test_the_mentor_debrief_on_the_command_line_ends_with_the_contacts(cli_main, tmp_path) -> None:
    pack = _programme(tmp_path, '[programme]\npeer_group = "First Tuesday of the month, 12:30, room 4"\n')
    shown = cli_main(tmp_path / "v", "templates", "show", "mentor-debrief", "--prompts", str(pack)).ok().stdout
    assert "The mentors' peer group: First Tuesday of the month, 12:30, room 4" in shown
    assert "Urgent support: not filled in" in shown
    form = cli_main(tmp_path / "v", "templates", "show", "mentor-debrief", "--form", "--prompts", str(pack)).ok().stdout
    assert "<!-- The mentors' peer group: First Tuesday of the month, 12:30, room 4 -->" in form
    # A template that does not show them stays as it was.
    gibbs = cli_main(tmp_path / "v", "templates", "show", "gibbs", "--prompts", str(pack)).ok().stdout
    assert "peer group" not in gibbs
