"""Check-in ratings, sealed with the rater's key until they share."""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session

from rmpair.core import crypto
from rmpair.core.pair_reader import check_meeting
from rmpair.core.record_versions import stamp
from rmpair.core.sealed_checkins import NO_RATINGS, SealedRatings, own_ratings, publish, seal_ratings, write_copies
from rmpair.core.models import (
    new_id,
    now,
)
from rmpair.core.service.checks import (
    check_rating,
    stored_moment,
    raw_connection,
)
from rmpair.core.service.core import ServiceCore


class CheckinChanges(ServiceCore):
    """Check-in ratings, sealed with the rater's key until they share."""

    def record_checkin(self, meeting: int, ratings: Mapping[str, int]) -> None:
        """This person's ratings of the check-in statements after one meeting: sealed with
        their personal key, and shown in the clear too while they share them."""
        check_meeting(meeting)
        for rating in ratings.values():
            check_rating(rating)
        role = self.role
        key = crypto.SealingKey(self._vault.personal_key)
        sharing = self.me.share_checkins

        def write(session: Session) -> None:
            connection = raw_connection(session)
            current: SealedRatings = own_ratings(connection, key, role)[0].get(meeting, NO_RATINGS)
            updated = current.rated(ratings, stamp(session).dot)
            if updated is None:
                return
            write_copies(connection, meeting, role, [(seal_ratings(key, meeting, role, updated), updated.vector)])
            if sharing:
                publish(connection, meeting, role, updated, stored_moment(now()), new_id)

        self._change(write)
