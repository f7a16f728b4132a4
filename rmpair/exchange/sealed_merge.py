"""Merging concurrent sealed copies of one private entry, by the one person who can open
them: its author. The payload inside a seal carries the dot of the write that last set each
field (``_v``) and any concurrent versions kept side by side (``_c``), so the author's
laptop merges field by field exactly as shared entries are merged."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rmpair.core.versions import Dot, ORIGIN, Vector, compact, join
from rmpair.exchange.merge import RecordState, Version, merge_states

VERSIONS_KEY = "_v"
CONFLICTS_KEY = "_c"
_NOT_FIELDS = (VERSIONS_KEY, CONFLICTS_KEY, "updated_at")


def payload_state(payload: Mapping[str, Any], vector: Vector) -> RecordState:
    dots = {name: Dot(str(pair[0]), int(pair[1])) for name, pair in payload.get(VERSIONS_KEY, {}).items()}
    others = payload.get(CONFLICTS_KEY, {})
    fields = {}
    for name, value in payload.items():
        if name in _NOT_FIELDS:
            continue
        dot = dots.get(name) or dots.get("*") or ORIGIN
        siblings = tuple(Version(v, Dot(str(r), int(c))) for v, r, c in others.get(name, ()))
        fields[name] = (Version(value, dot), *siblings)
    return RecordState(fields, dict(vector))


def state_payload(state: RecordState, updated_at: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {name: versions[0].value for name, versions in state.fields.items()}
    payload["updated_at"] = updated_at
    payload[VERSIONS_KEY] = {name: list(versions[0].dot) for name, versions in state.fields.items()}
    conflicts = {
        name: [[v.value, v.dot.replica, v.dot.counter] for v in versions[1:]]
        for name, versions in state.fields.items()
        if len(versions) > 1
    }
    if conflicts:
        payload[CONFLICTS_KEY] = conflicts
    return payload


def merge_payloads(copies: Sequence[tuple[Mapping[str, Any], Vector]]) -> tuple[dict[str, Any], dict[str, int]]:
    """One payload from several concurrent ones, and the vector of every write in it."""
    state = payload_state(*copies[0])
    for payload, vector in copies[1:]:
        state = merge_states(state, payload_state(payload, vector))
    latest = max(str(payload.get("updated_at") or "") for payload, _ in copies)
    return state_payload(state, latest), compact(join(*(vector for _, vector in copies)))
