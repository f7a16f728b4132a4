"""Two real laptops, random writes and bundles in any order: nobody's writing is lost.

A hypothesis state machine drives two vaults paired through an invite: both people write
on either laptop (entries made, edited, shared, made private, removed; actions, goals and
their scores, agenda ticks, check-ins shared and kept private, meeting dates), bundles go into a pool and are taken
in in any order, more than once; laptops are put back from backups; the clock jumps. It
checks, against its own record of who had seen what:

- a write is lost only where a later write that had seen it replaced it (or a restore
  dropped it before it ever left its laptop);
- taking in an old or the same bundle again changes nothing, byte for byte;
- after a last exchange both ways, both laptops hold the same state;
- no person's private text is ever readable outside its seal: not in a bundle's bytes, not
  in either laptop's decrypted database; and the check-in ratings of a person who does not
  share them are nowhere in the clear, nor shown to the other person.
"""

from __future__ import annotations

import itertools
import json
import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, precondition, rule

from rmpair.core import models
from rmpair.core.crypto import KdfParams
from rmpair.core.database import Database
from rmpair.core.service import PairService
from rmpair.exchange import bundles, invite

FAST = KdfParams(memory_kib=1024, iterations=1)
PASS = {"mentor": "mentor passphrase", "mentee": "mentee passphrase"}
LAPTOPS = ("A", "B")
ROLES = ("mentor", "mentee")
STATEMENTS = ("felt-heard", "worth-it")
_words = itertools.count()


def word(kind: str) -> str:
    """A unique word: any text the test finds again can be traced to the write that made it."""
    return f"{kind}{next(_words):05d}x"


@dataclass
class Write:
    """One write the test made: where, by whom, what it set, and what its laptop knew."""

    wid: int
    laptop: str
    role: str
    record: str  # the entry, action or goal id ("meeting 3", "agenda ..." for others)
    field: str
    value: object
    knew: frozenset[int]  # the writes this laptop held when it was made
    private_word: bool = False


@dataclass
class Laptop:
    path: Path
    knows: set[int] = field(default_factory=set)
    generations: list[frozenset[int]] = field(default_factory=list)  # knowledge at each save, newest last

    def saved(self) -> None:
        self.generations.append(frozenset(self.knows))


class TwoLaptops(RuleBasedStateMachine):
    pool = Bundle("pool")

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(_tmp_factory.mktemp("pair"))
        self.writes: list[Write] = []
        self.discarded: set[int] = set()
        self.shared_words: set[str] = set()
        self.private_words: dict[str, str] = {}  # word -> its author
        self.laptops = {name: Laptop(self.folder / f"{name}.rmpair") for name in LAPTOPS}
        a = self.laptops["A"]
        mentor, _ = PairService.create(a.path, role="mentor", name="Ada", passphrase=PASS["mentor"], kdf=FAST,
                                       programme_start=date(2026, 1, 5), agendas={1: [("Ground rules", 10)], 2: [("Check in", 5)]})
        mentor.join(role="mentee", name="Bo", passphrase=PASS["mentee"], kdf=FAST)
        mentor.close()
        mentee = PairService.unlock(a.path, PASS["mentee"])
        made = invite.make_invite(mentee, self.folder / "invite", kdf=FAST)
        mentee.close()
        opened = invite.open_invite((self.folder / "invite").read_bytes(), made.code)
        invite.accept_invite(opened, self.laptops["B"].path, PASS["mentee"]).close()
        self.records: dict[str, str] = {}  # id -> "entry" | "action" | "goal" | "agenda"
        with self._session("A", "mentor") as service:
            for meeting in service.meetings():
                for item in meeting.agenda:
                    self.records[item.id] = "agenda"
        self.bundles_taken: dict[str, int] = {"A": 0, "B": 0}

    # -- helpers -------------------------------------------------------------------------------

    class _Session:
        def __init__(self, machine: TwoLaptops, laptop: str, role: str) -> None:
            self.machine, self.laptop, self.role = machine, laptop, role

        def __enter__(self) -> PairService:
            self.service = PairService.unlock(self.machine.laptops[self.laptop].path, PASS[self.role])
            return self.service

        def __exit__(self, *exc: object) -> None:
            self.service.close()

    def _session(self, laptop: str, role: str) -> TwoLaptops._Session:
        return self._Session(self, laptop, role)

    def _record_write(
        self, laptop: str, role: str, record: str, name: str, value: object, *, private=False, saved=True
    ) -> None:
        """One write the laptop took; ``saved``: the save that wrote it is done (a write of
        several fields is one save, one generation)."""
        state = self.laptops[laptop]
        wid = len(self.writes)
        self.writes.append(Write(wid, laptop, role, record, name, value, frozenset(state.knows), private))
        state.knows.add(wid)
        if saved:
            state.saved()

    def _ids(self, kind: str, service: PairService) -> list[str]:
        if kind == "entry":
            return sorted(e.id for e in service.entries())
        if kind == "action":
            return sorted(a.id for a in service.actions())
        if kind == "goal":
            return sorted(g.id for g in service.goals())
        return sorted(item.id for m in service.meetings() for item in m.agenda)

    # -- writes ---------------------------------------------------------------------------------

    @rule(laptop=st.sampled_from(LAPTOPS), role=st.sampled_from(ROLES), private=st.booleans())
    def add_entry(self, laptop, role, private):
        title, body = word("title"), word("body")
        with self._session(laptop, role) as service:
            entry = service.add_entry(kind="note", title=title, body=body, meeting=1, private=private)
        (self.private_words if private else {}).update({title: role, body: role})
        if not private:
            self.shared_words.update({title, body})
        self.records[entry.id] = "entry"
        self._record_write(laptop, role, entry.id, "title", title, private=private, saved=False)
        self._record_write(laptop, role, entry.id, "body", body, private=private)

    @rule(laptop=st.sampled_from(LAPTOPS), role=st.sampled_from(ROLES), pick=st.integers(0, 50),
          which=st.sampled_from(("title", "body")))
    def edit_entry(self, laptop, role, pick, which):
        with self._session(laptop, role) as service:
            mine = [e for e in service.entries() if not e.private or e.author == role]
            if not mine:
                return
            entry = mine[pick % len(mine)]
            value = word(which)
            service.update_entry(entry.id, **{which: value})
        if entry.private:
            self.private_words[value] = role
        else:
            self.shared_words.add(value)
        self._record_write(laptop, role, entry.id, which, value, private=entry.private)

    @rule(laptop=st.sampled_from(LAPTOPS), role=st.sampled_from(ROLES), pick=st.integers(0, 50))
    def change_privacy(self, laptop, role, pick):
        with self._session(laptop, role) as service:
            mine = [e for e in service.entries() if e.author == role]
            if not mine:
                return
            entry = mine[pick % len(mine)]
            if entry.private:
                service.share_entry(entry.id)
                self.shared_words.update({entry.title, entry.body})
            else:
                service.update_entry(entry.id, private=True)
        self._record_write(laptop, role, entry.id, "private", not entry.private)

    @rule(laptop=st.sampled_from(LAPTOPS), role=st.sampled_from(ROLES), pick=st.integers(0, 50),
          kind=st.sampled_from(("entry", "action", "goal", "agenda")))
    def remove(self, laptop, role, pick, kind):
        with self._session(laptop, role) as service:
            ids = self._ids(kind, service)
            if kind == "entry":
                ids = [e.id for e in service.entries() if not e.private or e.author == role]
            if not ids:
                return
            record = ids[pick % len(ids)]
            {"entry": service.delete_entry, "action": lambda i: service.set_action_done(i, True) and None,
             "goal": service.delete_goal, "agenda": service.remove_agenda_item}[kind](record)
        if kind == "action":
            self._record_write(laptop, role, record, "done", True)
        else:
            self._record_write(laptop, role, record, "*removed*", None)

    @rule(laptop=st.sampled_from(LAPTOPS), role=st.sampled_from(ROLES))
    def add_action_and_goal(self, laptop, role):
        text, goal_text = word("action"), word("goal")
        with self._session(laptop, role) as service:
            action = service.add_action(text, owner=role, due_meeting=2)
            goal = service.add_goal(goal_text, baseline_score=2)
        self.shared_words.update({text, goal_text})
        self.records[action.id], self.records[goal.id] = "action", "goal"
        self._record_write(laptop, role, action.id, "text", text)
        self._record_write(laptop, role, goal.id, "text", goal_text)

    @rule(laptop=st.sampled_from(LAPTOPS), role=st.sampled_from(ROLES), pick=st.integers(0, 50),
          score=st.integers(1, 5), point=st.sampled_from(("start", "midway", "end")))
    def score_goal(self, laptop, role, pick, score, point):
        with self._session(laptop, role) as service:
            goals = service.goals()
            if not goals:
                return
            goal = goals[pick % len(goals)]
            service.score_goal(goal.id, score, point)
        self._record_write(laptop, role, goal.id, {"start": "baseline_score", "midway": "midway_score",
                                                   "end": "final_score"}[point], score)

    @rule(laptop=st.sampled_from(LAPTOPS), role=st.sampled_from(ROLES), pick=st.integers(0, 50), done=st.booleans())
    def tick_agenda(self, laptop, role, pick, done):
        with self._session(laptop, role) as service:
            items = [item for m in service.meetings() for item in m.agenda]
            if not items:
                return
            item = items[pick % len(items)]
            if item.done == done:
                return
            service.set_agenda_item_done(item.id, done)
        self._record_write(laptop, role, item.id, "done", done)

    @rule(laptop=st.sampled_from(LAPTOPS), role=st.sampled_from(ROLES), meeting=st.integers(1, 3),
          rating=st.integers(1, 5), statement=st.sampled_from(STATEMENTS))
    def check_in(self, laptop, role, meeting, rating, statement):
        with self._session(laptop, role) as service:
            before = {(c.meeting, c.statement_id): c.rating for c in service.checkins() if c.person == role}
            service.record_checkin(meeting, {statement: rating})
        if before.get((meeting, statement)) != rating:
            self._record_write(laptop, role, f"checkin {meeting} {role} {statement}", "rating", rating)

    @rule(laptop=st.sampled_from(LAPTOPS), role=st.sampled_from(ROLES), share=st.booleans())
    def share_checkins(self, laptop, role, share):
        with self._session(laptop, role) as service:
            if service.me.share_checkins == share:
                return
            service.set_share_checkins(share)
        self._record_write(laptop, role, f"person {role}", "share_checkins", share)

    @rule(laptop=st.sampled_from(LAPTOPS), role=st.sampled_from(ROLES), meeting=st.integers(1, 6),
          days=st.integers(0, 200))
    def set_date(self, laptop, role, meeting, days):
        planned = date(2026, 1, 5) + timedelta(days=days)
        with self._session(laptop, role) as service:
            if service.meeting(meeting).planned_date == planned:
                return
            service.set_meeting_date(meeting, planned)
        self._record_write(laptop, role, f"meeting {meeting}", "planned_date", planned.isoformat())

    @rule(hours=st.integers(-24 * 400, 24 * 400))
    def jump_clock(self, hours):
        """Wall clocks only label versions: a laptop whose clock runs years wrong changes nothing."""
        _CLOCK["offset"] += timedelta(hours=hours)

    # -- bundles --------------------------------------------------------------------------------

    @rule(target=pool, laptop=st.sampled_from(LAPTOPS), role=st.sampled_from(ROLES))
    def export(self, laptop, role):
        path = self.folder / f"bundle-{len(self.writes)}-{laptop}-{next(_words)}"
        with self._session(laptop, role) as service:
            bundles.export_bundle(service, path)
        self.laptops[laptop].saved()
        data = path.read_bytes()
        for secret in self.private_words:
            assert secret.encode() not in data
        return (laptop, data, frozenset(self.laptops[laptop].knows))

    @rule(bundle=pool, role=st.sampled_from(ROLES))
    def take_in(self, bundle, role):
        source, data, knew = bundle
        target = "B" if source == "A" else "A"
        path = self.laptops[target].path
        before = path.read_bytes()
        with self._session(target, role) as service:
            try:
                incoming = bundles.open_bundle(service, data)
            except bundles.BundleRefused:
                refused = True
            else:
                refused = False
                bundles.apply_import(service, incoming)
                incoming.close()
        if refused:
            assert path.read_bytes() == before, "a refused bundle changed the vault"
            return
        self.laptops[target].knows |= knew
        self.laptops[target].saved()

    @precondition(lambda self: any(len(l.generations) > 2 for l in self.laptops.values()))
    @rule(laptop=st.sampled_from(LAPTOPS), role=st.sampled_from(ROLES))
    def restore(self, laptop, role):
        state = self.laptops[laptop]
        if len(state.generations) < 2:
            return
        PairService.restore_backup(state.path, 1, PASS[role])
        restored = state.generations[-2]
        other = self.laptops["B" if laptop == "A" else "A"]
        self.discarded |= {w for w in state.knows - restored if w not in other.knows}
        state.knows = set(restored)
        state.generations = state.generations[:-1]
        state.saved()

    # -- invariants ------------------------------------------------------------------------------

    @invariant()
    def nothing_private_in_clear(self):
        for name, state in self.laptops.items():
            text = _clear_text(state.path)
            leaked = [w for w in self.private_words if w in text and w not in self.shared_words]
            assert not leaked, f"laptop {name} holds private words outside their seal: {leaked[:3]}"

    @invariant()
    def unshared_ratings_only_in_their_seal(self):
        for name, state in self.laptops.items():
            clear = _clear_ratings(state.path)
            for role in ROLES:
                if clear["sharing"][role]:
                    continue
                assert not clear["rows"][role], f"laptop {name} shows the {role}'s unshared ratings in the clear"
                partner = "mentee" if role == "mentor" else "mentor"
                assert not clear["seen_by"][partner], f"laptop {name} shows the {role}'s unshared ratings to the {partner}"

    def teardown(self):
        # The last exchange both ways, then every check that needs the settled state.
        for source, target in (("A", "B"), ("B", "A")):
            path = self.folder / f"final-{source}"
            with self._session(source, "mentor") as service:
                bundles.export_bundle(service, path)
            with self._session(target, "mentor") as service:
                incoming = bundles.open_bundle(service, path.read_bytes())
                bundles.apply_import(service, incoming)
                incoming.close()
            self.laptops[target].knows |= self.laptops[source].knows
        states = {name: _state(state.path) for name, state in self.laptops.items()}
        assert states["A"] == states["B"], _first_difference(states["A"], states["B"])
        self._check_nothing_lost(states["A"])

    def _check_nothing_lost(self, state: dict) -> None:
        texts = {role: _visible_words(self.laptops["A"].path, role) for role in ROLES}
        ratings = {role: _own_ratings(self.laptops["A"].path, role) for role in ROLES}
        for write in self.writes:
            if write.wid in self.discarded:
                continue
            if write.field == "rating":
                _, meeting, role, statement = write.record.split()
                if write.value in ratings[role].get((int(meeting), statement), ()):
                    continue
            elif write.field in ("private", "*removed*", "done", "planned_date", "share_checkins") or not isinstance(
                write.value, str
            ):
                continue
            elif write.value in texts[write.role]:
                continue
            replaced = any(
                later.record == write.record and later.field in (write.field, "*removed*")
                and write.wid in later.knew
                for later in self.writes
            ) or any(
                later.record == write.record and later.field == "private" and write.wid in later.knew
                and later.role != write.role
                for later in self.writes
            )
            assert replaced, f"write {write} was lost"


def _clear_text(path: Path) -> str:
    """Everything in a vault's decrypted database except the sealed blobs."""
    service = PairService.unlock(path, PASS["mentor"], write=False)
    try:
        image = service.image()
    finally:
        service.close()
    database = Database.from_image(image)
    try:
        parts = []
        for (table,) in database.connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            for row in database.connection.execute(f"SELECT * FROM {table}"):
                parts.extend(str(value) for value in row if not isinstance(value, bytes))
        return "\n".join(parts)
    finally:
        database.close()


def _clear_ratings(path: Path) -> dict:
    """Whose ratings a laptop's database holds in the clear, who shares them, and whose
    ratings each person's own unlock shows them."""
    seen_by = {}
    for role in ROLES:
        service = PairService.unlock(path, PASS[role], write=False)
        try:
            seen_by[role] = [c for c in service.checkins() if c.person != role]
            if role == "mentor":
                rows, sharing = service.exchange(lambda c, k: (
                    c.execute("SELECT person FROM checkin UNION ALL SELECT record_key FROM conflict "
                              "WHERE record_group = 'checkin'").fetchall(),
                    dict(c.execute("SELECT role, share_checkins FROM person").fetchall()),
                ), write=False)
        finally:
            service.close()
    return {
        "rows": {role: [r for (r,) in rows if role in r.split("|") or r == role] for role in ROLES},
        "sharing": {role: bool(sharing.get(role)) for role in ROLES},
        "seen_by": seen_by,
    }


def _own_ratings(path: Path, role: str) -> dict[tuple[int, str], set[int]]:
    """Every rating a person's seal holds, concurrent ones included, by (meeting, statement)."""
    service = PairService.unlock(path, PASS[role], write=False)
    try:
        return {
            (meeting, statement): {r.value for r in versions}
            for meeting, sealed in service.own_checkins().items()
            for statement, versions in sealed.ratings.items()
        }
    finally:
        service.close()


def _visible_words(path: Path, role: str) -> str:
    service = PairService.unlock(path, PASS[role], write=False)
    try:
        parts = [f"{e.title}\n{e.body}" for e in service.entries()]
        parts += [a.text for a in service.actions()] + [g.text for g in service.goals()]
        # Versions kept side by side in a conflict are not lost either.
        parts += [str(json.loads(value)) for (value,) in service.exchange(
            lambda c, k: c.execute("SELECT value FROM conflict").fetchall(), write=False)]
        return "\n".join(parts)
    finally:
        service.close()


_LOCAL_ONLY = {"laptop", "bundle_received", "replica", "sqlite_sequence"}


def _state(path: Path) -> dict:
    """A laptop's state for comparing two laptops: every table but this laptop's own
    bookkeeping, sealed blobs by their vectors (their bytes differ: fresh nonces)."""
    service = PairService.unlock(path, PASS["mentor"], write=False)
    try:
        image = service.image()
    finally:
        service.close()
    database = Database.from_image(image)
    try:
        state = {}
        for (table,) in database.connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            if table in _LOCAL_ONLY:
                continue
            names = [r[1] for r in database.connection.execute(f"PRAGMA table_info({table})")]
            rows = []
            for row in database.connection.execute(f"SELECT * FROM {table}"):
                record = dict(zip(names, row))
                if table in ("sealed_entry", "sealed_copy", "sealed_checkin"):
                    record.pop("sealed")
                    record.pop("updated_at", None)
                if table in ("meeting", "checkin"):
                    record.pop("id")
                rows.append(json.dumps(record, sort_keys=True, default=str))
            state[table] = sorted(rows)
        return state
    finally:
        database.close()


def _first_difference(a: dict, b: dict) -> str:
    for table in sorted(set(a) | set(b)):
        if a.get(table) != b.get(table):
            only_a = sorted(set(a.get(table, [])) - set(b.get(table, [])))[:2]
            only_b = sorted(set(b.get(table, [])) - set(a.get(table, [])))[:2]
            return f"{table} differs: A has {only_a}, B has {only_b}"
    return "same"


_tmp_factory: pytest.TempPathFactory
_CLOCK = {"offset": timedelta(0)}


@pytest.fixture(autouse=True)
def _machine_setup(tmp_path_factory, monkeypatch):
    global _tmp_factory
    _tmp_factory = tmp_path_factory
    # The clock the machine moves: the wall-clock labels the service writes.
    import importlib
    import pkgutil

    from rmpair.core import service as service_package

    real_now = models.now
    # Every part of the service that stamps times reads the clock through its own name.
    for part in pkgutil.iter_modules(service_package.__path__):
        module = importlib.import_module(f"rmpair.core.service.{part.name}")
        if hasattr(module, "now"):
            monkeypatch.setattr(module, "now", lambda: real_now() + _CLOCK["offset"])
    yield


# CI runs a fixed, quick sample; RMPAIR_MERGE_EXAMPLES=500 (say) explores far more, randomly.
_EXAMPLES = int(os.environ.get("RMPAIR_MERGE_EXAMPLES", "0"))
TwoLaptops.TestCase.settings = settings(
    max_examples=_EXAMPLES or 12,
    stateful_step_count=40 if _EXAMPLES else 25,
    deadline=None,
    derandomize=not _EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
test_two_laptops = TwoLaptops.TestCase
