"""Check-in ratings between two laptops: sealed copies travel, clear rows follow the rater's
choice to share on both laptops alike, and concurrent ratings are the rater's to settle."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rmpair.core.crypto import KdfParams
from rmpair.core.errors import UsageError
from rmpair.core.service import PairService
from rmpair.exchange import bundles, invite
from rmpair.exchange.conflicts import find_conflict, list_conflicts, resolve

FAST = KdfParams(memory_kib=1024, iterations=1)
PASS = {"mentor": "mentor passphrase", "mentee": "mentee passphrase"}


class Laptops:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.paths = {"A": folder / "A.rmpair", "B": folder / "B.rmpair"}
        mentor, _ = PairService.create(self.paths["A"], role="mentor", name="Ada", passphrase=PASS["mentor"],
                                       kdf=FAST, programme_start=date(2026, 1, 5))
        mentor.join(role="mentee", name="Bo", passphrase=PASS["mentee"], kdf=FAST)
        mentor.close()
        mentee = self.open("A", "mentee")
        made = invite.make_invite(mentee, folder / "invite", kdf=FAST)
        mentee.close()
        opened = invite.open_invite((folder / "invite").read_bytes(), made.code)
        invite.accept_invite(opened, self.paths["B"], PASS["mentee"]).close()

    def open(self, laptop: str, role: str) -> PairService:
        return PairService.unlock(self.paths[laptop], PASS[role])

    def do(self, laptop: str, role: str, work):
        service = self.open(laptop, role)
        try:
            return work(service)
        finally:
            service.close()

    def carry(self, source: str, target: str, role: str = "mentor") -> list[tuple[str, str]]:
        path = self.folder / f"bundle-{source}"
        self.do(source, role, lambda s: bundles.export_bundle(s, path))

        def take_in(service):
            incoming = bundles.open_bundle(service, path.read_bytes())
            try:
                return bundles.apply_import(service, incoming)
            finally:
                incoming.close()

        plan = self.do(target, role, take_in)
        return [(change.kind, change.what) for change in plan.changes]

    def both_ways(self, role: str = "mentor") -> None:
        self.carry("A", "B", role)
        self.carry("B", "A", role)

    def clear_rows(self, laptop: str) -> list[tuple]:
        return self.do(laptop, "mentor", lambda s: s.exchange(
            lambda c, _k: c.execute("SELECT meeting, person, statement_id, rating FROM checkin ORDER BY 1, 2, 3").fetchall(),
            write=False))


def ratings(service: PairService) -> set[tuple[int, str, str, int]]:
    return {(c.meeting, c.person, c.statement_id, c.rating) for c in service.checkins()}


@pytest.fixture
def laptops(tmp_path) -> Laptops:
    return Laptops(tmp_path)


def test_private_ratings_travel_sealed_and_only_their_rater_reads_them(laptops):
    laptops.do("B", "mentee", lambda s: s.record_checkin(1, {"safe": 2}))
    changes = laptops.carry("B", "A")
    assert ("new", "your partner's check-in ratings, meeting 1 (sealed: you cannot read them)") in changes
    assert laptops.clear_rows("A") == []
    assert laptops.do("A", "mentor", ratings) == set()
    assert laptops.do("A", "mentee", ratings) == {(1, "mentee", "safe", 2)}


def rate_and_share(service: PairService) -> None:
    service.record_checkin(1, {"safe": 4})
    service.set_share_checkins(True)


def test_sharing_shows_on_the_other_laptop_and_stopping_removes_them_on_both(laptops):
    laptops.do("A", "mentee", rate_and_share)
    laptops.carry("A", "B")
    assert laptops.do("B", "mentor", ratings) == {(1, "mentee", "safe", 4)}
    assert laptops.clear_rows("B") == [(1, "mentee", "safe", 4)]

    laptops.do("B", "mentee", lambda s: s.set_share_checkins(False))
    assert laptops.clear_rows("B") == []
    changes = laptops.carry("B", "A")
    assert ("removed", "check-in rating, meeting 1") in changes
    assert laptops.clear_rows("A") == []
    assert laptops.do("A", "mentor", ratings) == set()
    assert laptops.do("A", "mentee", ratings) == {(1, "mentee", "safe", 4)}


def test_stopping_sharing_wins_over_sharing_meanwhile_on_the_other_laptop(laptops):
    laptops.do("A", "mentee", rate_and_share)
    laptops.carry("A", "B")
    laptops.do("A", "mentee", lambda s: s.set_share_checkins(False))

    def off_and_on(service):  # on B, unaware of A: off, then on again with a new rating
        service.set_share_checkins(False)
        service.record_checkin(2, {"safe": 1})
        service.set_share_checkins(True)

    laptops.do("B", "mentee", off_and_on)
    laptops.both_ways()
    for laptop in ("A", "B"):
        assert laptops.do(laptop, "mentee", lambda s: s.me.share_checkins) is False
        assert laptops.clear_rows(laptop) == []
        assert laptops.do(laptop, "mentor", ratings) == set()
        assert laptops.do(laptop, "mentee", list_conflicts) == []
    assert laptops.do("A", "mentee", ratings) == {(1, "mentee", "safe", 4), (2, "mentee", "safe", 1)}


def test_concurrent_ratings_are_the_raters_to_settle_on_either_laptop(laptops):
    laptops.do("A", "mentee", lambda s: s.record_checkin(3, {"worth-it": 2}))
    laptops.do("B", "mentee", lambda s: s.record_checkin(3, {"worth-it": 5}))
    laptops.carry("A", "B", role="mentee")  # she imports: her copies merge into one, in conflict
    [conflict] = laptops.do("B", "mentee", list_conflicts)
    assert {v.value for v in conflict.fields["rating"]} == {2, 5}
    assert laptops.do("B", "mentor", list_conflicts) == []  # his partner's rating is not his to see

    def keep_theirs(service):
        return resolve(service, find_conflict(service, conflict.ref), "theirs")

    assert "Kept theirs" in laptops.do("B", "mentee", keep_theirs)
    laptops.carry("B", "A")
    for laptop in ("A", "B"):
        assert laptops.do(laptop, "mentee", list_conflicts) == []
        assert laptops.do(laptop, "mentee", ratings) == {(3, "mentee", "worth-it", 2)}


def test_only_the_rater_can_settle_their_rating(laptops):
    service = laptops.open("A", "mentor")
    try:
        with pytest.raises(UsageError, match="only the mentee"):
            service.settle_conflict("checkin", "1|mentee|safe", {"rating": 3})
    finally:
        service.close()
