"""Issuance requests move only along the allowed transitions."""
from __future__ import annotations

import pytest

from lms.certificates.models import IssuanceRequest
from lms.certificates.request_states import TRANSITIONS, InvalidTransition, RequestState, check_transition


@pytest.mark.parametrize("current", list(RequestState))
@pytest.mark.parametrize("target", list(RequestState))
def test_only_listed_transitions_are_allowed(current, target):
    if target in TRANSITIONS[current]:
        assert check_transition(current.value, target) is target
    else:
        with pytest.raises(InvalidTransition):
            check_transition(current.value, target)


def test_final_states_stay_final():
    for final in (RequestState.ISSUED, RequestState.REJECTED, RequestState.FAILED):
        assert not TRANSITIONS[final]


def test_a_request_refuses_a_move_it_cannot_make_and_keeps_its_state():
    request = IssuanceRequest(status=RequestState.ISSUED.value)
    with pytest.raises(InvalidTransition, match="issued cannot become queued"):
        request.move_to(RequestState.QUEUED, reason="again")
    assert request.state is RequestState.ISSUED and request.reason != "again"


def test_an_allowed_move_sets_the_state_and_the_other_columns():
    request = IssuanceRequest(status=RequestState.AWAITING_APPROVAL.value)
    request.move_to(RequestState.REJECTED, reason="Not a member", decided_by=7)
    assert (request.status, request.reason, request.decided_by) == ("rejected", "Not a member", 7)
