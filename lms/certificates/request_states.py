"""The states of an issuance request and the moves allowed between them. Pure.

queued -> issuing -> issued | failed; issuing -> queued (a worker died); awaiting_approval -> queued | rejected.
issued, rejected and failed are final."""
from __future__ import annotations

from enum import StrEnum


class RequestState(StrEnum):
    """Where an issuance request stands (stored as its value)."""

    QUEUED = "queued"
    AWAITING_APPROVAL = "awaiting_approval"
    ISSUING = "issuing"
    ISSUED = "issued"
    REJECTED = "rejected"
    FAILED = "failed"


TRANSITIONS: dict[RequestState, frozenset[RequestState]] = {
    RequestState.QUEUED: frozenset({RequestState.ISSUING}),
    RequestState.AWAITING_APPROVAL: frozenset({RequestState.QUEUED, RequestState.REJECTED}),
    RequestState.ISSUING: frozenset({RequestState.ISSUED, RequestState.FAILED, RequestState.QUEUED}),
    RequestState.ISSUED: frozenset(),
    RequestState.REJECTED: frozenset(),
    RequestState.FAILED: frozenset(),
}
# A request under way: the learner must not get a second one for the same program meanwhile.
OPEN = (RequestState.QUEUED, RequestState.AWAITING_APPROVAL, RequestState.ISSUING)


class InvalidTransition(ValueError):
    """A request was asked to move to a state it cannot reach from where it is."""


def check_transition(current: str, target: RequestState) -> RequestState:
    """The target state if the move is allowed; InvalidTransition (with a sentence for people) otherwise."""
    state = RequestState(current)
    if target not in TRANSITIONS[state]:
        raise InvalidTransition(f"A request that is {state.value.replace('_', ' ')} cannot become "
                                f"{target.value.replace('_', ' ')}.")
    return target
