"""Commands for entries: add, list, show, search, edit, share, unshare, delete."""

from __future__ import annotations

import argparse
import sys

from rmpair.cli import CommandLineUsage
from rmpair.cli.arguments import NONE_WORDS, meeting_number, meeting_or_none, race_tags
from rmpair.cli.session import reading_entries, reading_pair, unlocked
from rmpair.cli.terminal_input import confirmed, text_source
from rmpair.cli.terminal_output import say
from rmpair.cli.words import kind_word, meeting_words, visibility_word, when
from rmpair.core.errors import RmpairError
from rmpair.core.views import EntryView
from rmpair.core.vocabulary import ENTRY_KINDS

TEXT_HELP = "the entry's text, Markdown (it stays in your shell's history: --edit or --file keep it out)"
FILE_HELP = "read the text from this file; - reads standard input, after the passphrase lines"
EDIT_HELP = (
    "write the text in your editor ($VISUAL, else $EDITOR), on a file in a private folder "
    "(in memory where there is one) that is removed afterwards"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    from rmpair.cli import add_common_options, add_json_option

    add = subparsers.add_parser(
        "add",
        description=(
            "Add an entry. Talking points, observations and reflections are private unless --shared; "
            "notes are shared unless --private. --template starts from a reflection or observation "
            "template, --prompt starts a talking point from a prompt, as the app does."
        ),
    )
    add.add_argument("--kind", choices=ENTRY_KINDS, help="what kind of entry (needed unless --template or --prompt says)")
    add.add_argument("--meeting", type=meeting_number, metavar="N", help="the meeting it belongs to, 1 to 6")
    add.add_argument("--race", metavar="TAGS", type=race_tags, default=[], help="RACE tags, comma-separated")
    visibility = add.add_mutually_exclusive_group()
    visibility.add_argument("--private", dest="private", action="store_true", default=None, help="only you can read it")
    visibility.add_argument("--shared", dest="private", action="store_false", help="your partner can read it too")
    add.add_argument("--title", help="its title (default: from the template or prompt; lists show the first line otherwise)")
    add.add_argument("text", nargs="?", help=TEXT_HELP)
    add.add_argument("--file", metavar="PATH", help=FILE_HELP)
    add.add_argument("--edit", action="store_true", help=EDIT_HELP)
    start = add.add_mutually_exclusive_group()
    start.add_argument(
        "--template", metavar="ID",
        help="start from a reflection or observation template ('rmpair templates list'): its form opens in the editor",
    )
    start.add_argument(
        "--prompt", metavar="ID", help="start a talking point from a prompt ('rmpair prompts list'), quoted at the top"
    )
    add.add_argument("--goal", metavar="ID", help="count it as evidence for this goal ('rmpair goal list')")
    add.set_defaults(handler=run_add)

    listing = subparsers.add_parser("list")
    listing.add_argument("--meeting", type=meeting_number, metavar="N", help="only entries for this meeting")
    listing.add_argument("--kind", choices=ENTRY_KINDS, help="only entries of this kind")
    add_json_option(listing)
    listing.set_defaults(handler=run_list)

    show = subparsers.add_parser("show")
    show.add_argument("id", help="the entry's id, or its first few characters")
    add_json_option(show)
    show.set_defaults(handler=run_show)

    search = subparsers.add_parser("search")
    search.add_argument("text", help="a word or phrase; case does not matter")
    add_json_option(search)
    search.set_defaults(handler=run_search)

    edit = subparsers.add_parser(
        "edit",
        description=(
            "Change one of your entries, or a shared one. Only what you give changes. "
            "Give new text as an argument, with --file, or write it with --edit (it opens with the current text)."
        ),
    )
    edit.add_argument("id", help="the entry's id, or its first few characters")
    edit.add_argument("text", nargs="?", help="its new text, Markdown")
    edit.add_argument("--file", metavar="PATH", help=FILE_HELP)
    edit.add_argument("--edit", action="store_true", help=EDIT_HELP)
    absent = argparse.SUPPRESS
    edit.add_argument("--title", default=absent, help="its new title")
    edit.add_argument("--race", metavar="TAGS", type=race_tags, default=absent,
                      help="its RACE tags, comma-separated ('' for none)")
    edit.add_argument("--meeting", type=meeting_or_none, metavar="N", default=absent,
                      help="the meeting it belongs to, or 'none'")
    edit.add_argument("--kind", choices=ENTRY_KINDS, default=absent, help="change what kind of entry it is")
    edit.add_argument("--goal", metavar="ID", default=absent, help="the goal it is evidence for, or 'none'")
    edit.set_defaults(handler=run_edit)

    share = subparsers.add_parser("share")
    share.add_argument("id", help="the entry's id, or its first few characters")
    share.set_defaults(handler=run_share)

    unshare = subparsers.add_parser("unshare")
    unshare.add_argument("id", help="the entry's id, or its first few characters")
    unshare.set_defaults(handler=run_unshare)

    delete = subparsers.add_parser("delete")
    delete.add_argument("id", help="the entry's id, or its first few characters")
    delete.add_argument("--yes", action="store_true", help="delete without asking (needed where there is no terminal)")
    delete.set_defaults(handler=run_delete)

    for parser in (add, listing, show, search, edit, share, unshare, delete):
        add_common_options(parser)


def entry_line(entry: EntryView) -> str:
    """One entry on one line, in words: id, kind, meeting, who can read it, author, tags, title."""
    tags = f"  RACE {', '.join(entry.race_tags)}" if entry.race_tags else ""
    agenda = "  on the agenda" if entry.on_agenda else ""
    return (
        f"{entry.short_id}  {kind_word(entry.kind)}  {meeting_words(entry.meeting)}  "
        f"{visibility_word(entry.private)}  by {entry.author}{tags}{agenda}  {entry.display_title}"
    )


def _print_entries(entries: list[EntryView], empty: str) -> None:
    if not entries:
        say(empty)
    for entry in entries:
        say(entry_line(entry))


def _emit_entries(entries: list[EntryView]) -> None:
    from rmpair.cli.json_output import emit, entry_json

    emit({"entries": [entry_json(entry) for entry in entries]})


# -- adding --------------------------------------------------------------------------------------


def _starting_form(args: argparse.Namespace):  # noqa: ANN202 - an EntryForm or None
    """The template or prompt the entry starts from, checked against --kind."""
    if args.template is None and args.prompt is None:
        return None
    from rmpair.cli import programme_content, template_form

    pack = programme_content(args)
    if args.prompt is not None:
        prompt = pack.prompt(args.prompt)
        if prompt is None:
            raise RmpairError(f"There is no prompt '{args.prompt}'. 'rmpair prompts list' shows them.")
        form = template_form.prompt_draft(prompt)
    else:
        reflection = pack.reflection_template(args.template)
        observation = pack.observation_template(args.template)
        if reflection is not None and observation is not None and args.kind in ("reflection", "observation"):
            reflection, observation = (reflection, None) if args.kind == "reflection" else (None, observation)
        if reflection is not None and observation is not None:
            raise CommandLineUsage(f"'{args.template}' is both a reflection and an observation template; add --kind.")
        if reflection is None and observation is None:
            raise RmpairError(f"There is no template '{args.template}'. 'rmpair templates list' shows them.")
        from rmpair.cli.templates_command import template_contacts

        form = (template_form.reflection_form(reflection, template_contacts(reflection, pack)) if reflection
                else template_form.observation_form(observation))
    if args.kind is not None and args.kind != form.kind:
        raise CommandLineUsage(
            f"--kind {args.kind} does not fit: '{form.template_id}' writes a {kind_word(form.kind)}."
        )
    return form


def _new_entry_words(kind: str, meeting: int | None, private: bool) -> str:
    where = f" for meeting {meeting}" if meeting else ""
    return f"A new {visibility_word(private)} {kind_word(kind)}{where}."


def _take_the_programmes_categories(service, args: argparse.Namespace) -> None:
    """The programme's categories are the tags an entry may carry (an optional pack such as
    Action adds one), as in the app."""
    from rmpair.cli import programme_content

    categories = programme_content(args).categories
    service.known_race_tags = tuple(c.id for c in categories) or service.known_race_tags


def run_add(args: argparse.Namespace) -> int:
    from rmpair.cli import template_form

    source = text_source(args.text, args.file, args.edit)
    form = _starting_form(args)
    kind = form.kind if form is not None else args.kind
    if kind is None:
        raise CommandLineUsage("Say what kind of entry with --kind, or start from --template or --prompt.")
    with unlocked(args, write=True) as service:
        from rmpair.core.service import PRIVATE_BY_DEFAULT

        if form is not None and form.roles and service.role not in form.roles:
            raise RmpairError(f"'{form.template_id}' is for the {' and '.join(form.roles)}, not the {service.role}.")
        private = args.private if args.private is not None else kind in PRIVATE_BY_DEFAULT
        if form is None:
            form = template_form.plain_text(kind, _new_entry_words(kind, args.meeting, private))
        written = form.read(source.read(form.text), from_editor=source.edit)
        if written.note:
            print(f"rmpair: note: {written.note}", file=sys.stderr)
        title = args.title if args.title is not None else written.title
        if written.empty and not (args.title or "").strip():  # a --title alone is a note worth keeping
            raise RmpairError("Nothing was written, so nothing was saved.")
        if written.race_tags or args.race:
            _take_the_programmes_categories(service, args)
        entry = service.add_entry(
            kind=kind,
            body=written.body,
            title=title,
            meeting=args.meeting,
            race_tags=[*written.race_tags, *args.race],
            private=args.private,
            template_id=form.template_id,
            goal_id=args.goal,
        )
        print(f"Added {kind_word(entry.kind)} {entry.short_id} ({visibility_word(entry.private)}).")
    return 0


# -- reading -------------------------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    with reading_entries(args) as service:
        entries = service.entries(meeting=args.meeting, kind=args.kind)
    if args.json:
        _emit_entries(entries)
    else:
        _print_entries(entries, "No entries yet." if args.meeting is None and args.kind is None else "No entries match.")
    return 0


def run_show(args: argparse.Namespace) -> int:
    with reading_pair(args) as service:
        entry = service.entry(args.id)
        goal = next((g for g in service.goals() if g.id == entry.goal_id), None)
    if args.json:
        from rmpair.cli.json_output import emit, entry_json, goal_json

        emit({"entry": entry_json(entry), "goal": goal_json(goal) if goal else None})
        return 0
    say(entry.display_title)
    say(entry_line(entry))
    print(f"written {when(entry.created_at)}, changed {when(entry.updated_at)}")
    if goal is not None:
        say(f"evidence for goal {goal.short_id}: {goal.text}")
    print()
    say(entry.body)
    return 0


def run_search(args: argparse.Namespace) -> int:
    with reading_entries(args) as service:
        found = service.search(args.text)
    if args.json:
        _emit_entries(found)
    else:
        _print_entries(found, f"Nothing you can see contains '{args.text}'.")
    return 0


# -- changing ------------------------------------------------------------------------------------


_CHANGE_OPTIONS = {"title": "title", "race": "race_tags", "meeting": "meeting", "kind": "kind", "goal": "goal_id"}


def _changes(args: argparse.Namespace) -> dict[str, object]:
    """The fields given (their options default to absent, so "--meeting none" is a change)."""
    changes = {field: getattr(args, option) for option, field in _CHANGE_OPTIONS.items() if hasattr(args, option)}
    if isinstance(changes.get("goal_id"), str) and changes["goal_id"].strip().lower() in NONE_WORDS:
        changes["goal_id"] = None
    return changes


def run_edit(args: argparse.Namespace) -> int:
    from rmpair.cli import template_form

    source = text_source(args.text, args.file, args.edit, required=False)
    changes = _changes(args)
    if source.missing and not changes:
        raise CommandLineUsage("Say what to change: new text (an argument, --file or --edit), --title, --race, --meeting, --kind or --goal.")
    with unlocked(args, write=True) as service:
        entry = service.entry(args.id)
        if entry.private and entry.author != service.role:
            raise RmpairError("That entry is not yours to change.")
        if not source.missing:
            words = f"Editing the {visibility_word(entry.private)} {kind_word(entry.kind)} '{entry.display_title}'."
            form = template_form.plain_text(entry.kind, words, entry.body)
            written = form.read(source.read(form.text), from_editor=source.edit)
            if written.empty:
                raise RmpairError(
                    f"The text came back empty, so nothing was changed. To remove the entry: rmpair delete {entry.short_id}"
                )
            changes["body"] = written.body
        if changes.get("race_tags"):
            _take_the_programmes_categories(service, args)
        updated = service.update_entry(entry.id, **changes)
    if updated == entry:
        say(f"Nothing changed in {kind_word(entry.kind)} {entry.short_id}: {entry.display_title}")
    else:
        say(f"Changed {visibility_word(updated.private)} {kind_word(updated.kind)} {updated.short_id}: {updated.display_title}")
    return 0


def run_share(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        entry = service.entry(args.id)
        if not entry.private:
            say(f"{kind_word(entry.kind).capitalize()} {entry.short_id} is already shared: {entry.display_title}")
            return 0
        service.share_entry(entry.id)
        partner = service.partner
    who = partner.name if partner else "Your partner, once they join,"
    say(f"Shared {kind_word(entry.kind)} {entry.short_id}: {who} can read it now. {entry.display_title}")
    return 0


def run_unshare(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        entry = service.entry(args.id)
        if entry.private:
            say(f"{kind_word(entry.kind).capitalize()} {entry.short_id} is already private: {entry.display_title}")
            return 0
        service.update_entry(entry.id, private=True)
    say(
        f"{kind_word(entry.kind).capitalize()} {entry.short_id} is private again: only you can read it from now on. "
        f"Your partner may already have read it. {entry.display_title}"
    )
    return 0


def run_delete(args: argparse.Namespace) -> int:
    with unlocked(args, write=True) as service:
        entry = service.entry(args.id)
        if entry.private and entry.author != service.role:
            raise RmpairError("That entry is not yours to delete.")
        what = f"the {visibility_word(entry.private)} {kind_word(entry.kind)} {entry.short_id} ({entry.display_title})"
        if not confirmed(
            f"Delete {what} for good?", yes=args.yes,
            refusal="Nothing was deleted: there is no terminal to ask. Add --yes to delete without asking.",
        ):
            print("Nothing was deleted.")
            return 0
        service.delete_entry(entry.id)
    say(f"Deleted {what}.")
    return 0
