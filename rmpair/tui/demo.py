"""A demo vault a visitor can open and explore, full of clearly made-up examples.

It lives in the system's temporary folder, never at a real vault's path, and its two
passphrases are printed on the unlock screen on purpose: nothing in it is real.
"""

from __future__ import annotations

import os
import stat
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from rmpair.core.errors import RmpairError

if TYPE_CHECKING:
    from rmpair.core.crypto import KdfParams

DEMO_DIRNAME = "rmpair-demo"
DEMO_FILENAME = "demo.rmpair"
DEMO_MENTOR_NAME = "Demo Mentor"
DEMO_MENTEE_NAME = "Demo Mentee"
# Shown on screen: these protect made-up content only.
DEMO_PASSPHRASES = {"mentor": "demo mentor", "mentee": "demo mentee"}


def demo_vault_path() -> Path:
    return Path(tempfile.gettempdir()) / DEMO_DIRNAME / DEMO_FILENAME


def ensure_demo_vault(
    path: Path | None = None,
    *,
    fresh: bool = False,
    kdf: KdfParams | None = None,
    today: date | None = None,
) -> Path:
    """The demo vault's path, creating and filling it first if it is missing (or ``fresh``)."""
    path = path or demo_vault_path()
    _check_demo_folder(path.parent)
    if fresh:
        _remove_demo_files(path)
    if path.is_symlink():
        raise RmpairError(
            f"The demo vault {path} is a symbolic link; the demo never follows one. "
            "Run 'rmpair demo --fresh' to start it again."
        )
    if not path.exists():
        seed_demo_vault(path, kdf=kdf, today=today)
    return path


def _check_demo_folder(folder: Path) -> None:
    """The demo's own folder, private to this person. It sits in the shared temporary
    folder, where anyone may have made that name first, as a folder of theirs or as a link
    into somebody's files: the demo writes, and removes files, only in a folder it owns."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError as error:
        raise RmpairError(f"Cannot make the demo folder {folder} ({error.strerror}).") from error
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise RmpairError(
            f"{folder} is not a folder of yours (it may be a link, or another person's), so the "
            "demo will not use it. Remove it, or set TMPDIR to another temporary folder."
        )
    if info.st_mode & 0o077:
        os.chmod(folder, 0o700)


def _remove_demo_files(path: Path) -> None:
    # Only the demo's own files, named after the demo vault: never a folder walk.
    for candidate in path.parent.glob(path.name + "*"):
        if candidate.is_symlink() or candidate.is_file():
            candidate.unlink()  # a link itself, never what it leads to


def seed_demo_vault(path: Path, *, kdf: KdfParams | None = None, today: date | None = None) -> None:
    from rmpair.content import load_content
    from rmpair.core.service import PairService

    today = today or date.today()
    # Meeting 1 was five weeks ago, so the demo shows one held meeting and a next one soon.
    start = today - timedelta(weeks=5)
    mentor, _code = PairService.create(
        path,
        role="mentor",
        name=DEMO_MENTOR_NAME,
        passphrase=DEMO_PASSPHRASES["mentor"],
        programme_start=start,
        cadence_weeks=6,
        kdf=kdf,
        agendas=load_content().agenda_templates(),
    )
    try:
        mentor.join(role="mentee", name=DEMO_MENTEE_NAME, passphrase=DEMO_PASSPHRASES["mentee"], kdf=kdf)
        _seed_as_mentor(mentor, start)
    finally:
        mentor.close()
    mentee = PairService.unlock(path, DEMO_PASSPHRASES["mentee"])
    try:
        _seed_as_mentee(mentee)
    finally:
        mentee.close()


def _seed_as_mentor(service, start: date) -> None:  # noqa: ANN001 - PairService, imported lazily
    first = service.meeting(1)
    for item in first.agenda[:5]:
        service.set_agenda_item_done(item.id)
    service.mark_held(1, start)
    service.add_entry(
        kind="note",
        title="(Demo) What we agreed at meeting 1",
        body="Made-up demo note. We meet every six weeks, keep what is said between us, "
        "and either of us can pause the pairing without blame.",
        meeting=1,
        private=False,
    )
    service.add_entry(
        kind="reflection",
        title="(Demo) After our first meeting",
        body="Made-up demo reflection, private to Demo Mentor. I was nervous about being "
        "honest with someone so senior; it went better than I feared.",
        meeting=1,
        private=True,
    )
    service.add_entry(
        kind="talking-point",
        title="(Demo) The interview panel that was all one background",
        body="Made-up demo talking point, private until Demo Mentor shares it.",
        meeting=2,
        race_tags=["resistance"],
        private=True,
    )
    service.add_entry(
        kind="talking-point",
        title="(Demo) Who gets asked to present to the board",
        body="Made-up demo talking point, shared with Demo Mentee.",
        meeting=2,
        race_tags=["empowerment"],
        private=False,
    )
    service.add_action("(Demo) Send Demo Mentee the article on everyday exclusion", owner="mentor", due_meeting=2)
    done = service.add_action("(Demo) Book the remaining five meetings", owner="mentor", due_meeting=1)
    service.set_action_done(done.id)
    # Each role rates its own statements; ratings stay private unless their rater shares.
    service.record_checkin(1, {"safe-to-be-honest": 4, "listened-to": 5, "shared-what-i-chose": 5})
    service.add_goal(
        "(Demo) Give a director feedback without rehearsing it for a week", baseline_score=2, owner="mentor",
        looks_like=["I avoid it", "", "I say it, with notes", "", "I say it plainly, there and then"],
    )


def _seed_as_mentee(service) -> None:  # noqa: ANN001 - PairService, imported lazily
    # Goals are set together at meeting 1 with a starting score; writing linked to one
    # shows as evidence in the progress view and on the goals screen.
    sponsor = service.add_goal(
        "(Demo) Sponsor two people from under-represented groups this year", baseline_score=1,
        looks_like=["I have not named anyone", "", "I have named one person in a room", "",
                    "Two people have been put forward, and I followed it through"],
    )
    meetings = service.add_goal("(Demo) Run my team meetings so that everyone is heard", baseline_score=2)
    service.add_entry(
        kind="reflection",
        title="(Demo) After meeting 1: I talk first and longest",
        body="Made-up demo reflection, shared with Demo Mentor. Looking back, I opened every "
        "item myself. Next time I will ask the quietest person first.",
        meeting=1,
        race_tags=["compassion"],
        private=False,
        goal_id=meetings.id,
    )
    service.add_entry(
        kind="reflection",
        title="(Demo) Who I have never put forward",
        body="Made-up demo reflection, private to Demo Mentee.",
        meeting=1,
        race_tags=["empowerment"],
        private=True,
        goal_id=sponsor.id,
    )
    service.add_entry(
        kind="observation",
        title="(Demo) Who spoke in the leadership meeting",
        body="Made-up demo observation, private to Demo Mentee: I counted who was "
        "interrupted, and it was mostly the same two people.",
        meeting=2,
        private=True,
    )
    service.add_action(
        "(Demo) Ask the recruitment team how panels are chosen", owner="mentee", due_meeting=2
    )
    service.record_checkin(1, {"safe-to-be-honest": 3, "listened-to": 4, "learned-something": 5})
    service.set_share_checkins(True)
