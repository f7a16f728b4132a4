"""The words the app shell shows (set-up, unlock, home, meetings, help, settings), in one place.

Plain English for someone who has never used a terminal app: say what happens, who can
read what, and what to do next. No jargon ("vault" is explained the first time it appears).
The writing screens keep their words in ``rmpair.tui.widgets.entry_words``.

It is long because it is all of the shell's words, and that is its one concept: whoever
reviews the app's wording (its tone, its honesty about who can read what) reads one file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rmpair.core.visible_text import visible

APP_TITLE = "rmpair"

# -- who can read what -----------------------------------------------------------------

PRIVATE_SYMBOL = "🔒"
SHARED_SYMBOL = "👥"


def visibility(private: bool) -> str:
    """"🔒 private" or "👥 shared": a symbol and a word, so privacy never depends on colour.

    Every screen says it this way (the writing screens as ``entry_words.privacy_words``).
    """
    return f"{PRIVATE_SYMBOL} private" if private else f"{SHARED_SYMBOL} shared"


ROLE_NAMES = {"mentor": "mentor", "mentee": "mentee"}
KIND_NAMES = {
    "talking-point": "Talking point",
    "reflection": "Reflection",
    "observation": "Observation",
    "note": "Note",
}


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind.replace("-", " ").capitalize())


def other_role(role: str) -> str:
    return "mentee" if role == "mentor" else "mentor"


def long_date(day: date | None) -> str:
    return day.strftime("%a %d %b %Y") if day else "no date yet"


def short_date(day: date | None) -> str:
    return day.strftime("%d %b %Y") if day else "no date"


# -- set-up ----------------------------------------------------------------------------


def setup_intro(path: Path) -> str:
    return (
        "[b]Welcome to rmpair.[/b] It keeps your reverse-mentoring pair's notes: the six "
        "meetings and their agendas, talking points, observations, reflections, actions "
        "and check-ins.\n\n"
        f"Everything is kept in one encrypted file (the [i]vault[/i]) on this computer:\n"
        f"  {path}\n\n"
        "[b]Who can read what.[/b] You each have your own passphrase. Anything you keep "
        f"[b]{visibility(True)}[/b] only you can read; your partner cannot, even with "
        f"the file. Anything [b]{visibility(False)}[/b] you can both read. Talking points, "
        "observations and reflections start private; you choose what to share. "
        "Nothing is sent anywhere: nothing leaves this laptop."
    )


SETUP_TITLE = "Set up your pair"
SETUP_YOU = "About you"
NAME_LABEL = "Your name (a first name is enough)"
ROLE_LABEL = "In this pair you are the"
ROLE_MENTOR = "Mentor: I share my lived experience"
ROLE_MENTEE = "Mentee: I am the senior leader learning"
PASSPHRASE_LABEL = "Choose a passphrase"
PASSPHRASE_AGAIN_LABEL = "Type it again"
START_LABEL = "First meeting (YYYY-MM-DD)"
CADENCE_LABEL = "Weeks between meetings"
CREATE_BUTTON = "Create the vault"
CREATING = "Creating the vault and protecting it with your passphrase…"
CREATE_STOPPED = "Something unexpected stopped the vault being created ({error}). Try again."

PASSPHRASE_TIP = (
    "Tip: three or four unrelated words of your own (not these: [i]kettle orbit velvet "
    "tram[/i]) make a passphrase that is strong and easy to remember."
)


def recovery_code_intro(name: str) -> str:
    return (
        f"[b]{name}'s recovery code.[/b] If {name} ever forgets the passphrase, this code "
        "is the only way back in. It is shown [b]once[/b], now.\n\n"
        "Write it on paper and keep it somewhere safe, away from this laptop."
    )


RECOVERY_CONFIRM = "I have written the recovery code down and kept it safe"
RECOVERY_CONTINUE = "Continue"
RECOVERY_TICK_FIRST = "Tick the box above once the code is written down and kept safe; then Continue."
LOCK_AFTER_THE_CODE = (
    "Not locked: the recovery code is shown only this once. Write it down, tick the box and "
    "Continue; then lock."
)

PARTNER_OFFER_TITLE = "Add your partner now?"


def partner_offer(partner_role: str) -> str:
    return (
        f"Your {partner_role} needs a passphrase of their own. If they are with you, hand "
        "them the keyboard now. If not, choose [b]Later[/b]: you will find "
        "[b]Add partner[/b] on the home screen."
    )


PARTNER_NOW = "Add them now"
PARTNER_LATER = "Later"


def partner_heading(partner_role: str) -> str:
    return f"Add your {partner_role}"


def partner_intro(partner_role: str) -> str:
    return (
        f"[b]Hand the keyboard to your {partner_role}.[/b] They type their own name and a "
        "passphrase only they know. Their private entries will be readable only with it."
    )


PARTNER_NAME_LABEL = "Their name"
PARTNER_PASSPHRASE_LABEL = "Their passphrase"
PARTNER_ADD_BUTTON = "Add partner"
PARTNER_ADDING = "Adding your partner…"
PARTNER_STOPPED = "Something unexpected stopped your partner being added ({error}). Try again."
PARTNER_ALREADY = "Both of you are already in this vault; a pair is two."

# -- passphrase checks (the service has the last word) ------------------------------------

PASSPHRASES_DIFFER = "The two passphrases are not the same; type them again."
NAME_MISSING = "Type a name; a first name is enough."
START_INVALID = "Type the first meeting's date as YYYY-MM-DD, for example 2025-03-04."
CADENCE_INVALID = "Type the weeks between meetings as a number from 1 to 26."
ROLE_MISSING = "Choose whether you are the mentor or the mentee."

# -- unlock ----------------------------------------------------------------------------


def unlock_intro(path: Path) -> str:
    return f"Type your passphrase to open the pair's vault.\n[i]{path}[/i]"


UNLOCK_TITLE = "Unlock"
UNLOCK_LABEL = "Your passphrase"
UNLOCK_BUTTON = "Unlock"
UNLOCK_ALONE_KEY = "Unlock alone"
UNLOCKING = "Checking your passphrase…"
UNLOCK_STOPPED = (
    "Something unexpected stopped the vault opening ({error}). Try again; "
    "if it happens again, run 'rmpair check'."
)
FORGOT_BUTTON = "Forgot passphrase? Use recovery code"
EMPTY_PASSPHRASE = "Type your passphrase first."


def demo_hint(passphrases: dict[str, str]) -> str:
    lines = ["[b]This is the demo vault[/b], filled with made-up examples. Try either passphrase:"]
    for role, passphrase in passphrases.items():
        lines.append(f"  Demo {role.capitalize()}: [b]{passphrase}[/b]")
    return "\n".join(lines)


# -- recover ---------------------------------------------------------------------------

RECOVER_TITLE = "Use your recovery code"
RECOVER_INTRO = (
    "Type the recovery code you wrote down when you joined (the dashes are optional), "
    "then choose a new passphrase. Your entries stay as they are."
)
RECOVER_CODE_LABEL = "Recovery code"
RECOVER_NEW_LABEL = "New passphrase"
RECOVER_BUTTON = "Set new passphrase and open"
RECOVERING = "Checking the recovery code…"
RECOVER_STOPPED = "Something unexpected stopped the recovery ({error}). Try again."
RECOVER_CODE_MISSING = "Type your recovery code first."
RECOVERED = "Your new passphrase is set. Use it from now on; your recovery code still works."

# -- home ------------------------------------------------------------------------------

HOME_MENU_TITLE = "What would you like to do?"
HOME_MEETINGS_TITLE = "Your six meetings"
HOME_ACTIONS_TITLE = "Open actions"
HOME_COVERAGE_TITLE = "RACE coverage so far"
HOME_TODO_TITLE = "What needs doing"
NOTHING_TO_DO = "Nothing needs doing right now."
NO_OPEN_ACTIONS = "No open actions."
ALL_HELD = "All six meetings are held. Well done, both of you."


def greeting(name: str, role: str, partner: str | None) -> str:
    with_whom = f" with {partner}" if partner else " (your partner has not joined yet)"
    return f"{name}, {role}{with_whom}"


# -- meetings --------------------------------------------------------------------------

STATUS_HELD = "✓ held"
STATUS_NEXT = "▶ next"
STATUS_PLANNED = "· planned"
STATUS_CANCELLED = "✗ cancelled"

AGENDA_SHARED_NOTE = f"{SHARED_SYMBOL} The agenda is shared: you both see it and can tick items."
ACTIONS_SHARED_NOTE = f"{SHARED_SYMBOL} Actions are shared: you both see them."
ENTRIES_NOTE = (
    f"Your own {visibility(True)} entries and everything {visibility(False)}. "
    "Your partner's private entries are never shown."
)
ENTRIES_NOTE_TOGETHER = f"Everything {visibility(False)} for this meeting, by either of you."
"""In review together: nothing private is on screen, so the note does not speak of it."""
WRITING_TOGETHER = " (shared with you both)"
"""After home's writing choices in review together, where all writing is shared."""
CHECKIN_NOTE = (
    "After the meeting, rate each statement from 1 (strongly disagree) to 5 (strongly agree). "
    "Press a number on a highlighted row; it is saved at once."
)


def checkin_rated(statement: str, rating: int, moved_on: bool) -> str:
    then = " The highlight moved to the next statement." if moved_on else " That was the last statement."
    return f"Saved: {rating} of 5 for “{statement.rstrip('.')}”.{then}"

NO_CHECKIN_STATEMENTS = "The programme content has no check-in statements."
def debrief_nudge(words: str) -> str:
    return f"{words} Enter or d opens it."


NOT_YOUR_STATEMENT = "That statement is for your partner to rate; each of you has statements of your own."
YOUR_PARTNER = "your partner"
SHARE_RATINGS_QUESTION = "Share your check-in ratings?"


def share_ratings_body(partner_name: str) -> str:
    return (
        f"{partner_name} will see every rating you have given and every one you give, after every "
        "meeting, until you stop sharing (S again). What they have seen by then, they have seen. "
        "Keeping them private is always fine: honest ratings matter more than shared ones."
    )


def checkin_sharing(mine_shared: bool, partner_name: str | None, partner_shares: bool, review: bool) -> str:
    """Who sees whose check-in ratings, in plain words."""
    partner = partner_name or YOUR_PARTNER
    if mine_shared:
        mine = f"You share your ratings: {partner} sees them too. S stops sharing."
    else:
        mine = f"Your ratings are private: only you see them, not {partner}. S shares them."
    if review:
        mine = ("You share your ratings, so they show here." if mine_shared
                else "Your ratings are private, so they are hidden while you review together.")
    if partner_name is None:
        return mine
    theirs = (f"{partner_name} shares their ratings with you." if partner_shares
              else f"{partner_name} keeps their ratings private: you see none of them.")
    return f"{mine}\n{theirs}"
NO_ENTRIES = "Nothing written for this meeting yet."


def agenda_time(planned: int, length: int) -> str:
    """How the agenda's minutes sit in the meeting: slack is for what runs over."""
    if planned <= length:
        return f"Planned: {planned} of {length} minutes, {length - planned} to spare."
    return f"Planned: {planned} minutes, more than the {length} the meeting lasts: leave something out."


def meeting_heading(number: int, title: str | None) -> str:
    return f"Meeting {number} of 6" + (f": {title}" if title else "")


def meeting_when(status: str, planned: date | None, held: date | None) -> str:
    if status == "held":
        return f"Held on {long_date(held)}"
    if status == "cancelled":
        return "Cancelled"
    return f"Planned for {long_date(planned)}"


ADD_AGENDA_ITEM = "New agenda item"
EDIT_AGENDA_ITEM = "Change the agenda item"
REMOVE_AGENDA_ITEM = "Remove this agenda item?"
ADD_ACTION = "New action: what will be done?"
ACTION_OWNER = "Whose action is it?"
ACTION_DUE = "When is it due? (Enter takes the highlighted meeting)"
ACTION_DUE_NONE_LEFT = (
    "When is it due? All six meetings are held, so there is no next meeting to be due at: "
    "it will be due any time. (Enter adds it; Esc cancels.)"
)
ANY_TIME = "Any time (no meeting)"


def due_choice(number: int, planned: date | None, *, next_one: bool) -> str:
    """One meeting an action can be due at, as the add dialog lists it."""
    return f"Meeting {number}{' (the next)' if next_one else ''}, {long_date(planned)}"


def action_added(due: int | None, shown_here: int | None) -> str:
    """Said after an action is added, so one due elsewhere is not thought lost."""
    where = f"due at meeting {due}" if due else "due any time"
    if shown_here is not None and due != shown_here:
        return f"Action added, {where}: it is listed there and on home, not under this meeting."
    return f"Action added, {where}."
SET_DATE = "New date for this meeting (YYYY-MM-DD)"
CARRY_FORWARD = "Carry this action to which meeting? (a later one, 2 to 6)"
MARK_HELD_QUESTION = "Mark this meeting as held today?"
MARK_PLANNED_QUESTION = "Mark this meeting as not held yet?"
NOT_A_DATE = "That is not a date; type it as YYYY-MM-DD."
NOT_A_MEETING = "Type a meeting number from 1 to 6."

# -- lock, help, settings --------------------------------------------------------------

LOCKED = "rmpair locked itself after {minutes} idle. Type your passphrase to carry on."
LOCKED_BY_KEY = "Locked. Type your passphrase to carry on."
HELD_WHILE_LOCKED = (
    "Some changes could not be saved before locking. They are kept here, sealed: the person "
    "who made them gets them back after unlocking."
)

# -- changes that could not be saved -----------------------------------------------------

UNSAVED_QUIT_TITLE = "Not everything is saved yet"
UNSAVED_QUIT_INTRO = "Quitting now would lose these changes:"
UNSAVED_RETRY = "Try again"
UNSAVED_STAY = "Back to rmpair"
UNSAVED_DISCARD = "Discard and quit"
UNSAVED_DISCARD_KEY = "Discard for good"
UNSAVED_DISCARD_TITLE = "Discard these changes for good?"
UNSAVED_DISCARD_BODY = "They were never saved. Once rmpair quits, nobody can get them back."
UNSAVED_KEEP = "Keep them"
UNSAVED_HELD_BY_OTHER = (
    "Changes that could not be saved before rmpair locked, kept sealed until the person who "
    "made them unlocks"
)
PUT_BACK_TITLE = "Changes you made last time could not be saved"
PUT_BACK_INTRO = (
    "rmpair locked, or its window closed, before they could be saved. They were kept "
    "sealed, so nobody but you could read them. Put them back now? (From {when}.)"
)
PUT_BACK = "Put them back"
PUT_BACK_DISCARD = "Discard them"
PUT_BACK_DISCARD_TITLE = "Discard these changes for good?"
PUT_BACK_DISCARD_BODY = "They were never saved. Once discarded, nobody can get them back."
PUT_BACK_DONE = "Your changes are back and saved."
PUT_BACK_DISCARDED = "Those changes were discarded."


def unsaved_reason(problem: str | None) -> str:
    return f"Saving failed: {problem}" if problem else "Saving failed."


HELP_TITLE = "Keys and commands"
HELP_INTRO = (
    "Everything here is also in the command palette: press [b]Ctrl+P[/b] and type what you "
    "want. Press [b]Escape[/b] to close this help."
)
SETTINGS_TITLE = "Settings"
SETTINGS_THEME = "Colours"
SETTINGS_IDLE = "Lock after this many idle minutes"
SETTINGS_SAVED = "Settings saved."
SETTINGS_NOT_SAVED = "Could not save your settings ({reason}); they apply until you quit."
SETTINGS_NOTE = (
    "Settings are kept in your user folder and hold nothing private: only the colours and "
    "the idle time."
)


def unknown_theme(name: str, fallback: str) -> str:
    return f"There is no theme called '{visible(name)}'; using {fallback}."


def crash_message(kind: str) -> str:
    # Deliberately no details: an exception's text or a traceback's local variables could
    # hold a passphrase or entry text, and a terminal's scrollback is not private.
    return (
        f"rmpair stopped because of an unexpected problem ({kind}).\n"
        "Your vault is safe: everything saved before the problem is still there.\n"
        "Nothing you wrote is shown here, on purpose. Start rmpair again to carry on; if it "
        f"happens again, tell whoever looks after rmpair the word in brackets: {kind}."
    )


WRITING_NOT_READY = "That screen is not part of this version yet."


# Two laptops changed one field of it differently: a mark in words, not only a symbol.
CONFLICT_MARK = "⚠ two versions:"


def with_conflict_mark(title: str, conflicted: bool) -> str:
    return f"{CONFLICT_MARK} {title}" if conflicted else title


def idle_countdown(seconds: int, *, hiding: bool = False) -> str:
    """``hiding``: something on screen is shown only once (a new recovery code), so idle
    time hides the screen instead of locking, and the code is still there after a key."""
    after = f"{seconds} second{'s' if seconds != 1 else ''} because nothing has been typed"
    if hiding:
        return f"Hiding the screen in {after} (the recovery code is kept): press any key to stay."
    return f"Locking in {after}: press any key to stay."
