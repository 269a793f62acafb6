"""Issuing certificates: requests (queued or awaiting approval), approval, rejection, revocation and re-issue.
Every step is audited; the queue task that renders and signs them is in tasks.py."""
from __future__ import annotations

from lms.audit.service import record_event
from lms.certificates.issuing.center_settings import settings_for
from lms.certificates.issuing.tasks import issue_requests
from lms.certificates.models import Certificate, CertificateRevocation, IssuanceRequest
from lms.certificates.request_states import InvalidTransition, RequestState
from lms.extensions import db
from lms.programs.models import ProgramVersion
from lms.queue import after_commit


def request_certificate(*, user_id: int, center_id: int, version: ProgramVersion, actor_id: int | None = None,
                        supersedes_id: int | None = None, batch_id: int | None = None,
                        skip_approval: bool = False) -> IssuanceRequest:
    """Add a request: queued (sent to the queue after commit) or awaiting the center's approval. No commit."""
    waits = settings_for(center_id).requires_approval and not skip_approval
    request = IssuanceRequest(user_id=user_id, center_id=center_id, program_version_id=version.id,
                              status=RequestState.AWAITING_APPROVAL if waits else RequestState.QUEUED,
                              supersedes_id=supersedes_id,
                              batch_id=batch_id, requested_by=actor_id)
    db.session.add(request)
    db.session.flush()
    record_event(action="certificate.requested", actor_id=actor_id, target_type="issuance_request",
                 target_id=request.id, center_id=center_id, detail={"user_id": user_id, "status": request.status})
    if not waits and batch_id is None:
        after_commit(db.session(), issue_requests, [request.id])
    return request


def decide_request(request: IssuanceRequest, *, approve: bool, actor_id: int, reason: str = "") -> None:
    """Approve (queue for issuing) or reject a request awaiting approval; commits."""
    if request.state is not RequestState.AWAITING_APPROVAL:
        raise InvalidTransition("This request is no longer waiting for approval.")
    request.move_to(RequestState.QUEUED if approve else RequestState.REJECTED, decided_by=actor_id, reason=reason)
    record_event(action="certificate.approved" if approve else "certificate.rejected", actor_id=actor_id,
                 target_type="issuance_request", target_id=request.id, center_id=request.center_id,
                 detail={"reason": reason} if reason else {})
    if approve:
        after_commit(db.session(), issue_requests, [request.id])
    db.session.commit()


def revoke(certificate: Certificate, *, actor_id: int, reason: str) -> None:
    """Revoke with a reason shown to verifiers; commits. The certificate itself is never changed."""
    db.session.add(CertificateRevocation(certificate_id=certificate.id, reason=reason.strip(), revoked_by=actor_id))
    record_event(action="certificate.revoked", actor_id=actor_id, target_type="certificate",
                 target_id=certificate.public_id, center_id=certificate.center_id, detail={"reason": reason})
    db.session.commit()


def reissue(certificate: Certificate, *, actor_id: int) -> IssuanceRequest:
    """Request a corrected certificate (the learner's details as they stand now) that supersedes this one;
    commits."""
    request = request_certificate(user_id=certificate.user_id, center_id=certificate.center_id,
                                  version=certificate.program_version, actor_id=actor_id,
                                  supersedes_id=certificate.id, skip_approval=True)
    db.session.commit()
    return request
