"""``rmpair help [TOPIC | COMMAND]``: the ideas behind rmpair, in plain words, and any
command's own help.

Topics are whole paragraphs meant to be read from top to bottom, by a person or a screen
reader. RACE takes what each category means from the programme's content, so a
programme's own words show here as they do in the app; the guidance pages (disclosure and
support) and the glossary are content too, and ``rmpair.content.guidance`` gives their text
to this command and to the app alike.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from rmpair.cli.words import flowed

PRIVACY = """\
Everything lives in one encrypted file on this computer, the vault. Nothing is sent anywhere. \
Without a passphrase the file shows nothing: not titles, not names, not dates, not even how many \
entries there are.

Each of you has your own passphrase, and it alone says who is unlocking. Entries are private or \
shared. Talking points, observations and reflections start private; notes start shared. A private \
entry is sealed with a key only your passphrase opens: your partner opens the same vault but cannot \
read it. You share an entry when you choose to: rmpair share ID. You can make a shared entry you \
wrote private again (rmpair unshare ID), but your partner may already have read it.

What your partner's passphrase shows of your private entries: how many there are, each one's size \
rounded up to a bucket, and their order; not their words, their dates or their exact length. \
Check-in ratings are private until you choose to share them (rmpair checkin N --shared), and sealed \
with your key until then; rmpair checkin N --private stops sharing them.

Exports (rmpair export) are the one thing written unencrypted, and only when you ask. Text you \
write with --edit is on disk only while your editor is open, in a private folder in memory where \
there is one, and removed afterwards. Text typed on the command line stays in your shell's history: \
use --edit, or --file - to read it from standard input, for anything you would not want there. \
SECURITY.md has the whole threat model."""

REVIEW = """\
Review together is the two of you at one laptop, looking at how the programme is going, with \
nothing private on the screen. In the app, press v on the home screen, or unlock with \
"Unlock for review together" (Ctrl+T); leaving asks for a passphrase again. Once review \
together is chosen on the unlock screen, Enter keeps meaning it; unlocking alone then takes \
Ctrl+O or a click on Unlock, never a stray Tab and Enter.

From the command line: rmpair progress --review prints the progress view in review-together \
terms. Only what is shared is counted or shown: the six meetings, RACE coverage of shared \
writing, actions, check-in ratings of whoever shares them, and both people's goals with their \
shared evidence (a goal's scores once both of you have given yours). Nothing private of either of you is in it, so it can be read aloud together. \
rmpair agenda N and rmpair checkin N show a meeting's agenda and check-in the same way to both \
of you, except your own ratings, which only you see if you keep them private."""

RACE_INTRO = """\
rmpair sorts its prompts into categories drawn from the RACE model of reverse mentoring, as one \
of its source texts describes it: the mentor's acts of Resistance (naming and challenging what \
shuts people out) aim to inspire the mentee's acts of Compassion, Empowerment and Solidarity. \
Those four do not spell RACE: the model as Ali Raza and Kiki Onyesoh published it reads \
Resistance, Action, Compassion, Empowerment. Action (commitments and reporting back on them) \
ships as an optional pack that a programme switches on in its programme.toml; prompts/SOURCES.md \
has the references. Entries carry RACE tags (--race resistance,compassion), prompts are \
grouped by category (rmpair prompts list --category resistance), and the progress view counts \
which categories shared writing has touched at each meeting (rmpair progress)."""

RECOVERY = """\
When each of you joins, rmpair shows a recovery code, once. Keep it away from the laptop. If you \
forget your passphrase, rmpair recover asks for the recovery code and sets a new passphrase; the \
recovery code keeps working. Without the passphrase or the recovery code, nobody can get the data \
back: not your partner, not your programme lead, not rmpair.

rmpair passwd changes your passphrase. After a change, the backups beside the vault take the new \
passphrase too, so the old one opens nothing here.

Every change is saved at once; the last three versions are kept as encrypted backups beside the \
vault. rmpair check says whether the vault and each backup open and are whole; \
rmpair restore --backup N puts a good backup back (the file it replaces is kept). rmpair where \
prints where all of these files are."""

EXCHANGE = """\
Usually each of you has your own laptop. rmpair keeps one story on both with no server and no \
account: files you carry between them (a USB stick, e-mail, a chat's file share).

To start: on the laptop that has the vault, the person who will use the other laptop runs \
rmpair pair invite --out invite.rmpair and types their passphrase. rmpair prints a pairing code \
once: pass it another way than the file. On the other laptop: rmpair pair accept invite.rmpair, \
then the code and the same passphrase.

After writing: rmpair bundle export --out bundle.rmpair, and on the other laptop \
rmpair bundle import bundle.rmpair, which shows what will change and asks first (--dry-run only \
shows; --yes applies without asking). A bundle carries everything, so a lost one costs nothing.

Private entries travel sealed: the other laptop keeps them without being able to read them. If \
both laptops changed the same part of something, both versions stay until you choose: \
rmpair conflicts lists them, rmpair conflicts show ID shows both, and \
rmpair conflicts resolve ID --keep mine, theirs or both settles one."""

EDITING = """\
Long text is best not typed on the command line, where it stays in your shell's history. Two \
ways keep it out:

--edit opens your own editor: $VISUAL, else $EDITOR (for example: export EDITOR=nano). The draft \
is a file in a folder only you can open, in memory-backed storage where there is some, and it is \
removed when the editor closes, whether you saved, the editor failed, or rmpair was stopped. \
Save and close the editor to keep what you wrote; leave it empty to keep nothing. While the \
editor is open rmpair holds the vault for writing, so nothing you write can be lost to \
another change: the app cannot open it until you close the editor.

With --template ID (rmpair templates list) the editor opens a form: the template's headings, \
with its questions in comment lines that are removed when you save. Write under each heading; \
tick options by putting an x between the brackets. The entry is the same as one written in the \
app. With --prompt ID (rmpair prompts list) a talking point opens with the prompt quoted.

--file - reads the text from standard input, after the passphrase lines, until the end of input."""

EXIT_CODES = """\
0: done. 1: a problem rmpair explains in one line on standard error (a wrong passphrase, an id \
that does not exist, nothing to ask for --yes). 2: the command was typed wrong (an unknown \
option, text missing, two ways of giving text). 130: stopped, by Ctrl+C or a signal; nothing \
was half-written."""


def _race(args: argparse.Namespace) -> str:
    from rmpair.cli import programme_content

    pack = programme_content(args)
    parts = [RACE_INTRO]
    for category in sorted(pack.categories, key=lambda c: c.order):
        parts.append(f"{category.name} ({category.id}), for the mentor: {flowed(category.mentor_description)}")
        parts.append(f"{category.name}, for the mentee: {flowed(category.mentee_description)}")
    return "\n\n".join(parts)


def _json(args: argparse.Namespace) -> str:
    from rmpair.cli.json_output import documentation

    return documentation()


TOPICS: dict[str, tuple[str, Callable[[argparse.Namespace], str]]] = {
    "privacy": ("who can read what, and what is encrypted", lambda args: PRIVACY),
    "review": ("review together: the progress with nothing private in it", lambda args: REVIEW),
    "race": ("the categories prompts are sorted into, and where they come from", _race),
    "recovery": ("recovery codes, backups, check and restore", lambda args: RECOVERY),
    "exchange": ("two laptops: invites, bundles and conflicts", lambda args: EXCHANGE),
    "editing": ("writing long text: --edit, templates, --file -", lambda args: EDITING),
    "json": ("the shape of every command's --json output", _json),
    "exit-codes": ("what rmpair's exit codes mean", lambda args: EXIT_CODES),
}
ALIASES = {"review-together": "review", "together": "review", "recover": "recovery", "two-laptops": "exchange",
           "bundles": "exchange", "edit": "editing", "exit": "exit-codes"}


def _content_topics(args: argparse.Namespace) -> tuple[object, list[tuple[str, str]]]:
    """The programme's own pages (its guides, then the glossary) and the content they come from."""
    from rmpair.cli import programme_content
    from rmpair.content.guidance import help_topics

    pack = programme_content(args)
    return pack, help_topics(pack)


def register(subparsers: argparse._SubParsersAction) -> None:
    from rmpair.cli import add_common_options

    topics = ", ".join(TOPICS)
    helper = subparsers.add_parser(
        "help",
        description=(
            f"rmpair help TOPIC explains an idea: {topics}, or one of the programme's pages (disclosure, "
            "glossary). rmpair help COMMAND is rmpair COMMAND --help."
        ),
    )
    helper.add_argument("topic", nargs="*", metavar="TOPIC", help=f"one of {topics}, or a command's name")
    helper.set_defaults(handler=run_help)
    add_common_options(helper)


def run_help(args: argparse.Namespace) -> int:
    from rmpair.cli import CommandLineUsage, build_parser

    asked = "-".join(word.lower() for word in args.topic)
    asked = ALIASES.get(asked, asked)
    if asked in TOPICS:  # before the programme's pages are read: 'race' reads the content itself
        print(TOPICS[asked][1](args))
        return 0
    pack, pages = _content_topics(args)
    if not asked:
        print("rmpair help TOPIC explains one of these ideas:")
        width = max(len(name) for name in [*TOPICS, *(name for name, _ in pages)])
        for name, (summary, _) in TOPICS.items():
            print(f"  {name.ljust(width)}  {summary}")
        print("and the programme's own pages:")
        for name, title in pages:
            print(f"  {name.ljust(width)}  {title}")
        print("rmpair --help lists the commands; rmpair help COMMAND (or rmpair COMMAND --help) explains one.")
        return 0
    if asked in {name for name, _ in pages}:
        from rmpair.content.guidance import help_text

        print(help_text(pack, asked))
        return 0
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found = commands.choices.get(args.topic[0])
    for word in args.topic[1:]:
        inner = next((a for a in found._actions if isinstance(a, argparse._SubParsersAction)), None) if found else None
        found = inner.choices.get(word) if inner else None
    if found is None:
        known = ", ".join([*TOPICS, *(name for name, _ in pages)])
        raise CommandLineUsage(f"There is no help topic or command '{' '.join(args.topic)}'; the topics are {known}.")
    found.print_help()
    return 0
