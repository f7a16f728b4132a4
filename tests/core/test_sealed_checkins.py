"""Check-in ratings are sealed with their rater's personal key; the clear rows exist only
while the rater shares them, and a vault from before is sealed at each rater's next unlock."""

from __future__ import annotations

import itertools

import pytest

from rmpair.core import crypto
from rmpair.core.sealed_checkins import (
    Rating,
    SealedRatings,
    merge_copies,
    open_ratings,
    seal_ratings,
    stored_copies,
)
from rmpair.core.service import PairService
from rmpair.core.versions import Dot
from tests.conftest import MENTEE_PASS, MENTOR_PASS


def _rows(service: PairService, sql: str, parameters: tuple = ()) -> list[tuple]:
    return service.exchange(lambda connection, _keys: connection.execute(sql, parameters).fetchall(), write=False)


def _ratings(service: PairService) -> set[tuple[int, str, str, int]]:
    return {(c.meeting, c.person, c.statement_id, c.rating) for c in service.checkins()}


def test_ratings_are_private_by_default_and_sealed(pair):
    mentor = pair(MENTOR_PASS)
    assert not mentor.me.share_checkins and not mentor.partner.share_checkins
    mentor.record_checkin(2, {"safe": 2, "worth-it": 4})
    assert _ratings(mentor) == {(2, "mentor", "safe", 2), (2, "mentor", "worth-it", 4)}
    assert _rows(mentor, "SELECT * FROM checkin") == []
    [(meeting, person, blob)] = _rows(mentor, "SELECT meeting, person, sealed FROM sealed_checkin")
    assert (meeting, person, len(blob)) == (2, "mentor", 1024)  # padded to its bucket

    mentee = pair(MENTEE_PASS)
    assert mentee.checkins() == []
    assert mentee.partner.share_checkins is False
    # The mentee's own key does not open the mentor's seal: only the clear vector shows.
    key = crypto.SealingKey(mentee._vault.personal_key)
    assert open_ratings(key, 2, "mentor", bytes(blob), {}) is None


def test_sharing_shows_every_rating_and_stopping_takes_them_out(pair):
    mentee = pair(MENTEE_PASS)
    mentee.record_checkin(1, {"learned": 5})
    mentee.set_share_checkins(True)
    mentee.record_checkin(2, {"learned": 3, "next-step": 4})  # written while sharing
    mentor = pair(MENTOR_PASS)
    assert _ratings(mentor) == {(1, "mentee", "learned", 5), (2, "mentee", "learned", 3), (2, "mentee", "next-step", 4)}

    mentee = pair(MENTEE_PASS)
    mentee.set_share_checkins(False)
    assert _rows(mentee, "SELECT * FROM checkin") == []
    assert len(_ratings(mentee)) == 3  # still hers, from her seal
    assert pair(MENTOR_PASS).checkins() == []


def test_review_together_never_shows_an_unshared_rating(pair):
    mentor = pair(MENTOR_PASS)
    mentor.record_checkin(1, {"safe": 1})
    mentee = pair(MENTEE_PASS)
    mentee.record_checkin(1, {"safe": 5})
    mentee.set_share_checkins(True)
    mentee.review_mode = True
    assert _ratings(mentee) == {(1, "mentee", "safe", 5)}
    mentor = pair(MENTOR_PASS)
    mentor.review_mode = True  # his own are private: not even he sees them with her beside him
    assert _ratings(mentor) == {(1, "mentee", "safe", 5)}


def test_rating_again_replaces_and_the_same_rating_writes_nothing(pair):
    mentor = pair(MENTOR_PASS)
    mentor.record_checkin(1, {"safe": 2})
    mentor.record_checkin(1, {"safe": 4})
    assert _ratings(mentor) == {(1, "mentor", "safe", 4)}
    before = mentor.revision
    mentor.record_checkin(1, {"safe": 4})
    assert mentor.revision == before
    assert len(_rows(mentor, "SELECT * FROM sealed_checkin")) == 1


def _make_legacy(service: PairService, *, mentee_shares: bool) -> None:
    """Turn the vault back into one an rmpair before sealed ratings wrote: ratings in the
    clear only, schema 5 without the sealed table (the migration adds it back)."""

    def rewrite(connection, _keys):
        with connection:
            connection.execute("DROP TABLE sealed_checkin")
            for person, statement, rating in (("mentor", "safe", 2), ("mentee", "safe", 5), ("mentee", "heard", 1)):
                connection.execute(
                    "INSERT INTO checkin (id, meeting, person, statement_id, rating, updated_at) "
                    "VALUES (?, 1, ?, ?, ?, '2025-01-01 00:00:00.000000')",
                    (f"{person}{statement}", person, statement, rating),
                )
            connection.execute("UPDATE person SET share_checkins = ?", (int(mentee_shares),))
            connection.execute("UPDATE person SET share_checkins = 1 WHERE role = 'mentor'")
            connection.execute("DROP TABLE goal_score")
            connection.execute("ALTER TABLE goal DROP COLUMN looks_like")
            connection.execute("PRAGMA user_version = 5")

    service.exchange(rewrite, write=True)


def test_a_vault_from_before_is_sealed_at_each_raters_next_unlock(pair, vault_path):
    _make_legacy(pair(MENTOR_PASS), mentee_shares=False)
    # The mentor's own unlock seals his (he shares, so his clear row stays too); hers stay
    # in the clear until she unlocks, and he still cannot see them.
    mentor = pair(MENTOR_PASS)
    assert _ratings(mentor) == {(1, "mentor", "safe", 2)}
    assert set(stored_copies(mentor._db.connection)) == {(1, "mentor")}
    assert {r[0] for r in _rows(mentor, "SELECT person FROM checkin")} == {"mentor", "mentee"}
    mentor.close()

    # Read-only, she sees her own ratings, but only a writable unlock may seal them.
    reader = PairService.unlock(vault_path, MENTEE_PASS, write=False)
    try:
        assert _ratings(reader) >= {(1, "mentee", "safe", 5), (1, "mentee", "heard", 1)}
    finally:
        reader.close()
    mentee = pair(MENTEE_PASS)
    assert set(stored_copies(mentee._db.connection)) == {(1, "mentor"), (1, "mentee")}
    assert {r[0] for r in _rows(mentee, "SELECT person FROM checkin")} == {"mentor"}
    assert _ratings(mentee) == {(1, "mentee", "safe", 5), (1, "mentee", "heard", 1), (1, "mentor", "safe", 2)}
    mentee.close()
    mentor = pair(MENTOR_PASS)
    assert _ratings(mentor) == {(1, "mentor", "safe", 2)}


def test_a_rater_who_shares_keeps_their_clear_rows_when_sealed(pair):
    _make_legacy(pair(MENTOR_PASS), mentee_shares=True)
    mentee = pair(MENTEE_PASS)
    assert (1, "mentee") in stored_copies(mentee._db.connection)
    assert sorted(r[0] for r in _rows(mentee, "SELECT statement_id FROM checkin WHERE person = 'mentee'")) == [
        "heard", "safe",
    ]
    mentee.set_share_checkins(False)
    assert _ratings(pair(MENTOR_PASS)) == {(1, "mentor", "safe", 2)}


def test_a_sealed_copy_is_bound_to_its_meeting_and_rater(pair):
    mentor = pair(MENTOR_PASS)
    key = crypto.SealingKey(mentor._vault.personal_key)
    ratings = SealedRatings({"safe": (Rating(3, Dot("r", 1)),)}, {"r": 1})
    blob = seal_ratings(key, 1, "mentor", ratings)
    assert open_ratings(key, 1, "mentor", blob, {"r": 1}).values() == {"safe": 3}
    assert open_ratings(key, 2, "mentor", blob, {"r": 1}) is None
    assert open_ratings(key, 1, "mentee", blob, {"r": 1}) is None


# -- merging copies, by the rater ------------------------------------------------------------


def _copy(vector: dict[str, int], **ratings: tuple[int, Dot]) -> SealedRatings:
    return SealedRatings({s: (Rating(v, d),) for s, (v, d) in ratings.items()}, vector)


def test_a_copy_that_had_seen_another_replaces_its_ratings():
    a1, b1 = Dot("a", 1), Dot("b", 1)
    older = _copy({"a": 1}, safe=(2, a1))
    newer = _copy({"a": 1, "b": 1}, safe=(4, b1))
    assert merge_copies([older, newer]).values() == {"safe": 4}
    assert merge_copies([newer, older]).ratings == merge_copies([older, newer]).ratings


def test_concurrent_ratings_both_stand_and_any_order_merges_alike():
    a1, b1, b2 = Dot("a", 1), Dot("b", 1), Dot("b", 2)
    copies = [
        _copy({"a": 1}, safe=(2, a1)),
        _copy({"b": 1}, safe=(5, b1)),
        _copy({"b": 2}, safe=(5, b1), heard=(3, b2)),
    ]
    results = {repr(sorted(merge_copies(list(order)).ratings.items())) for order in itertools.permutations(copies)}
    assert len(results) == 1
    merged = merge_copies(copies)
    assert [r.value for r in merged.ratings["safe"]] == [5, 2]  # a conflict, latest write first
    assert merged.values()["heard"] == 3 and merged.vector == {"a": 1, "b": 2}
    # Rating the statement again, having seen both, settles it.
    settled = merged.rated({"safe": 4}, lambda: Dot("a", 2))
    assert settled.ratings["safe"] == (Rating(4, Dot("a", 2)),)
    assert merged.rated({"heard": 3}, lambda: pytest.fail("no write needed")) is None
