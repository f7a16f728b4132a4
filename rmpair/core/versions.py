"""Which write has seen which: dots and version vectors, never wall clocks.

Every write to the vault is stamped with a *dot*: the id of the replica that made it (one
person on one laptop) and that replica's next change number. A *version vector* maps
replica ids to the highest change number seen from each; it says, for one record, every
write that record has taken in (kept or replaced). Two writes are ordered only when one
replica had seen the other's; otherwise they are concurrent, and neither may silently win.
Wall-clock times stay on the records as labels for people to read, and decide nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple


class Dot(NamedTuple):
    """One write: the replica that made it and its change number there (from 1)."""

    replica: str
    counter: int

    def order_key(self) -> tuple[int, str]:
        """A total order for choosing deterministically among concurrent writes: both
        laptops must pick the same one, and it must not depend on a clock."""
        return (self.counter, self.replica)


# The stamp of everything written before versions were kept: seen by every replica.
ORIGIN = Dot("", 0)

Vector = Mapping[str, int]


def covers(vector: Vector, dot: Dot) -> bool:
    """Whether a record (or replica) with this vector has seen the write ``dot``."""
    return dot.counter <= vector.get(dot.replica, 0)


def join(*vectors: Vector) -> dict[str, int]:
    """Everything any of the vectors has seen."""
    joined: dict[str, int] = {}
    for vector in vectors:
        for replica, counter in vector.items():
            if counter > joined.get(replica, 0):
                joined[replica] = counter
    return joined


def dominates(bigger: Vector, smaller: Vector) -> bool:
    """Whether ``bigger`` has seen everything ``smaller`` has."""
    return all(counter <= bigger.get(replica, 0) for replica, counter in smaller.items())


def with_dot(vector: Vector, dot: Dot) -> dict[str, int]:
    """The vector after taking in one more write."""
    return join(vector, {dot.replica: dot.counter})


def compact(vector: Vector) -> dict[str, int]:
    """The vector without zero entries, in a stable order (so equal vectors store equally)."""
    return {replica: vector[replica] for replica in sorted(vector) if vector[replica] > 0}


def vector_of(dots: Iterable[Dot]) -> dict[str, int]:
    return join(*({dot.replica: dot.counter} for dot in dots))
