"""``rmpair checkin N``: the after-meeting check-in. Each person rates the programme's
statements from 1 (strongly disagree) to 5 (strongly agree); a partner's ratings show only
if they share them, as in the app.
"""

from __future__ import annotations

import argparse

from rmpair.cli.arguments import meeting_number
from rmpair.cli.session import reading_pair, unlocked
from rmpair.cli.words import RATING_WORDS, rating_words
from rmpair.core.errors import RmpairError


def _rating(value: str) -> tuple[str, int]:
    statement, equals, score = value.partition("=")
    if not equals or not statement.strip() or score.strip() not in {"1", "2", "3", "4", "5"}:
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a rating; write the statement's number, =, and a score from 1 to 5, as in 2=4"
        )
    return statement.strip(), int(score)


def register(subparsers: argparse._SubParsersAction) -> None:
    from rmpair.cli import add_common_options, add_json_option

    scale = ", ".join(f"{n} {words}" for n, words in RATING_WORDS.items())
    checkin = subparsers.add_parser(
        "checkin",
        description=(
            f"With only a meeting number, print the check-in statements, numbered, with your ratings and your "
            f"partner's if they share them. --rate K=SCORE rates statement K ({scale})."
        ),
    )
    checkin.add_argument("number", type=meeting_number, metavar="N", help="the meeting, 1 to 6")
    checkin.add_argument(
        "--rate", type=_rating, nargs="+", metavar="K=SCORE",
        help="rate statement K (its number, or its id) from 1 to 5; several at once, as in --rate 1=4 2=5",
    )
    sharing = checkin.add_mutually_exclusive_group()
    sharing.add_argument(
        "--private", dest="share", action="store_false", default=None,
        help="keep all your check-in ratings to yourself from now on (every meeting's)",
    )
    sharing.add_argument(
        "--shared", dest="share", action="store_true", help="let your partner see all your check-in ratings"
    )
    add_json_option(checkin)
    checkin.set_defaults(handler=run_checkin)
    add_common_options(checkin)


def _statements(args: argparse.Namespace) -> list:
    from rmpair.cli import programme_content

    return list(programme_content(args).checkin_statements)


def _statement_id(key: str, statements: list, role: str) -> str:
    """The id of one of ``role``'s own statements, from its number among them or its id."""
    mine = [s for s in statements if s.fits(role)]
    if key.isdigit():
        number = int(key)
        if not 1 <= number <= len(mine):
            raise RmpairError(f"There is no check-in statement {number}; yours are numbered 1 to {len(mine)}.")
        return mine[number - 1].id
    if any(s.id == key for s in mine):
        return key
    if any(s.id == key for s in statements):
        raise RmpairError(f"'{key}' is a statement for your partner to rate, not you. 'rmpair checkin N' lists yours.")
    raise RmpairError(f"There is no check-in statement '{key}'. 'rmpair checkin N' lists them, numbered.")


def run_checkin(args: argparse.Namespace) -> int:
    from rmpair.cli import CommandLineUsage

    statements = _statements(args)
    if args.json and (args.rate or args.share is not None):
        raise CommandLineUsage("--json prints the check-in; it does not go with --rate, --private or --shared.")
    if not args.rate and args.share is None:
        return _show(args, statements)
    with unlocked(args, write=True) as service:
        # Each role rates its own statements, numbered as 'rmpair checkin N' lists them to that person.
        ratings = {_statement_id(key, statements, service.role): score for key, score in args.rate or ()}
        if args.share is not None and args.share != service.me.share_checkins:
            service.set_share_checkins(args.share)
        if ratings:
            service.record_checkin(args.number, ratings)
        partner = service.partner
        sharing = service.me.share_checkins
    texts = {s.id: s.text for s in statements}
    for statement_id, score in ratings.items():
        print(f"Meeting {args.number}: you rated '{texts[statement_id]}' {rating_words(score)}.")
    who = partner.name if partner else "Your partner, once they join,"
    if sharing:
        print(f"{who} can see your ratings." if partner else f"{who} will see your ratings.")
    else:
        print("Your ratings are private: only you can see them.")
    return 0


def _show(args: argparse.Namespace, statements: list) -> int:
    from rmpair.reports.progress import statement_order

    with reading_pair(args) as reader:
        me, partner = reader.me, reader.partner
        seen = reader.checkins(args.number)
    theirs = partner.role if partner else None
    mine = [s for s in statements if s.fits(me.role)]
    # A statement only the partner is asked follows yours, so the numbers you rate by stay 1, 2, 3...
    partners_only = [s for s in statements if theirs is not None and s.fits(theirs) and not s.fits(me.role)]
    order = statement_order([*mine, *partners_only], seen)
    numbers = {s.id: number for number, s in enumerate(mine, start=1)}
    texts = {s.id: s.text for s in statements}
    asked_of_partner = {s.id for s in statements if theirs is not None and s.fits(theirs)}
    ratings = {(c.person, c.statement_id): c.rating for c in seen}
    if args.json:
        from rmpair.cli.json_output import CHECKIN, CHECKIN_STATEMENT, emit

        emit(CHECKIN.make(
            meeting=args.number, you=me.role, you_share=me.share_checkins, partner=theirs,
            partner_shares=partner.share_checkins if partner else None,
            statements=[
                CHECKIN_STATEMENT.make(
                    number=numbers.get(statement_id), id=statement_id, text=texts.get(statement_id, statement_id),
                    yours=ratings.get((me.role, statement_id)), partners=ratings.get((theirs, statement_id)),
                )
                for statement_id in order
            ],
        ))
        return 0
    print(f"Check-in after meeting {args.number}: 1 is strongly disagree, 5 strongly agree.")
    print("Your ratings are shared with your partner." if me.share_checkins else "Your ratings are private: only you see them.")
    partner_asks = {s.id for s in partners_only}
    for statement_id in order:
        number, text = numbers.get(statement_id), texts.get(statement_id, statement_id)
        if number:
            print(f"{number}. {text}")
        else:
            print(f"-  {text} ({f'for {partner.name} to rate' if statement_id in partner_asks else 'no longer asked'})")
        rated_by_me = number or (me.role, statement_id) in ratings
        parts = [f"You: {rating_words(ratings.get((me.role, statement_id)))}."] if rated_by_me else []
        if partner is not None and (statement_id in asked_of_partner or (theirs, statement_id) in ratings):
            if not partner.share_checkins:
                parts.append(f"{partner.name} keeps their ratings private.")
            else:
                parts.append(f"{partner.name}: {rating_words(ratings.get((theirs, statement_id)))}.")
        if parts:
            print("   " + " ".join(parts))
    print(f"Rate with: rmpair checkin {args.number} --rate 1=4 2=5 ...")
    return 0
