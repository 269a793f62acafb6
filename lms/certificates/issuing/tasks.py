"""The queue task that renders, signs and records certificates of queued requests, in batches; and the periodic
task that requeues requests a dead worker left behind."""
from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app
from huey import crontab
from sqlalchemy import select, update

from lms.audit.service import record_event
from lms.auth.models import User
from lms.centers.models import Center
from lms.certificates.documents import codes
from lms.certificates.documents.pool import WorkerFailed
from lms.certificates.documents.render import RenderTimeout
from lms.certificates.documents.snapshot import SnapshotError
from lms.certificates.issuing.center_keys import active_key
from lms.certificates.issuing.module_trail import completed_versions
from lms.certificates.issuing.signed_pdfs import make_documents
from lms.certificates.issuing.snapshot_builder import build_snapshot, expiry_datetime, module_titles
from lms.certificates.models import Certificate, CertificateDocument, IssuanceRequest
from lms.certificates.request_states import RequestState
from lms.extensions import db
from lms.leases import kept_alive
from lms.mail_tasks import queue_templated_mail
from lms.programs.models import ProgramVersion
from lms.queue import app_task, huey
from lms.timeutil import utcnow
from lms.urls import external_url

BATCH = 50


def _claim(request_ids: list[int]) -> list[int]:
    claimed = db.session.scalars(update(IssuanceRequest).where(
        IssuanceRequest.id.in_(request_ids), IssuanceRequest.status == RequestState.QUEUED)
        .values(status=RequestState.ISSUING, updated_at=utcnow()).returning(IssuanceRequest.id)).all()
    db.session.commit()
    return list(claimed)


def _renewer(request_ids: list[int]):
    """Renews the claim (updated_at) on requests still 'issuing', from a connection of its own."""
    engine = db.engine

    def renew() -> None:
        with engine.begin() as connection:
            connection.execute(update(IssuanceRequest).where(
                IssuanceRequest.id.in_(request_ids), IssuanceRequest.status == RequestState.ISSUING)
                .values(updated_at=utcnow()))

    return renew


@app_task(retries=2, retry_delay=10)
def issue_requests(request_ids: list[int]) -> int:
    """Render, sign and record the certificates of queued requests (claimed so no two workers issue one; the
    claim is a lease renewed while the work runs)."""
    issued = 0
    every = max(1.0, current_app.config["ISSUE_LEASE_SECONDS"] / 4)
    for start in range(0, len(request_ids), BATCH):
        claimed = _claim(request_ids[start:start + BATCH])
        with kept_alive(_renewer(claimed), every=every, name="certificate-claim"):
            issued += _issue_chunk(claimed)
    return issued


def _still_ours(request: IssuanceRequest) -> bool:
    """Fence: move the request from 'issuing' to 'issued' in this transaction, only if no one issued it since
    (a worker whose lease ran out may still be working). Exactly one certificate per request."""
    result = db.session.execute(update(IssuanceRequest).where(
        IssuanceRequest.id == request.id, IssuanceRequest.status == RequestState.ISSUING)
        .values(status=RequestState.ISSUED)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def _unused_short_code(taken: set[str]) -> str:
    """A short code no certificate has (codes are short, so collisions are checked, not assumed away)."""
    while True:
        code = codes.new_short_code()
        if code not in taken and db.session.scalar(select(Certificate.id).where(Certificate.short_code == code)) \
                is None:
            return code


def _fail(request: IssuanceRequest, reason: str) -> None:
    request.move_to(RequestState.FAILED, reason=reason)
    record_event(action="certificate.issue_failed", target_type="issuance_request", target_id=request.id,
                 center_id=request.center_id, detail={"reason": reason})


def _issue_chunk(request_ids: list[int]) -> int:
    if not request_ids:
        return 0
    requests = db.session.scalars(select(IssuanceRequest).where(IssuanceRequest.id.in_(request_ids))).all()
    titles, today, prepared = module_titles(), utcnow().date(), []
    for request in requests:
        key = active_key(request.center_id)
        if key is None:
            _fail(request, "The center has no signing key yet (Center settings → signing key).")
            continue
        user, center = db.session.get(User, request.user_id), db.session.get(Center, request.center_id)
        version = db.session.get(ProgramVersion, request.program_version_id)
        public_id, short_code = codes.new_public_id(), _unused_short_code({s.short_code for _, _, s in prepared})
        try:
            snapshot = build_snapshot(user=user, center=center, version=version, module_titles=titles,
                                      public_id=public_id, short_code=short_code, issued_on=today)
        except SnapshotError as error:
            _fail(request, f"Center settings are incomplete: {error}")
            continue
        prepared.append((request, key, snapshot))
    # All are tagged PDF/A: one by one (completion, approval, re-issue) in one pass each; a bulk issue stamped, tagged.
    by_key: dict[tuple[int, bool], list] = {}
    for item in prepared:
        by_key.setdefault((item[1].id, item[0].batch_id is None), []).append(item)
    issued = 0
    for (_, archival), items in by_key.items():
        for (request, key, snapshot), pdf in zip(items, _documents(items, archival=archival), strict=True):
            if isinstance(pdf, WorkerFailed):
                _fail(request, f"The certificate could not be made (try the bulk issue again): {pdf}")
            elif isinstance(pdf, (SnapshotError, RenderTimeout)):
                _fail(request, f"The certificate cannot be laid out: {pdf}")
            elif _still_ours(request):
                _record(request, key, snapshot, pdf)
                issued += 1
    db.session.commit()
    return issued


def _documents(items: list, *, archival: bool) -> list:
    """Signed PDFs for a group; if the group fails as a whole (text too long to fit), each one on its own; if a
    worker process fails, the group's requests fail with its error (no certificate of the group is recorded)."""
    try:
        return make_documents([snapshot for _, _, snapshot in items], items[0][1], archival=archival)
    except WorkerFailed as error:
        return [error] * len(items)
    except (SnapshotError, RenderTimeout):
        results = []
        for _, key, snapshot in items:
            try:
                results.append(make_documents([snapshot], key, archival=archival)[0])
            except (SnapshotError, RenderTimeout) as error:
                results.append(error)
        return results


def _record(request: IssuanceRequest, key, snapshot, pdf: bytes) -> None:
    certificate = Certificate(
        public_id=snapshot.public_id, short_code=snapshot.short_code, user_id=request.user_id,
        center_id=request.center_id, program_version_id=request.program_version_id, center_key_id=key.id,
        supersedes_id=request.supersedes_id, issued_by=request.decided_by or request.requested_by,
        snapshot={"document": snapshot.to_dict(), "modules": completed_versions(request.user_id),
                  "program_version_id": request.program_version_id, "key_fingerprint": key.fingerprint},
        expires_at=expiry_datetime(snapshot.expires_on))
    db.session.add(certificate)
    db.session.flush()
    db.session.add(CertificateDocument(certificate_id=certificate.id, pdf=pdf,
                                       sha256=hashlib.sha256(pdf).hexdigest()))
    request.move_to(RequestState.ISSUED, certificate_id=certificate.id)
    record_event(action="certificate.issued", actor_id=request.decided_by or request.requested_by,
                 target_type="certificate", target_id=certificate.public_id, center_id=request.center_id,
                 detail={"user_id": request.user_id, "short_code": certificate.short_code,
                         "supersedes": request.supersedes_id})
    user = db.session.get(User, request.user_id)
    queue_templated_mail(to=user.email, subject=f"Your certificate: {snapshot.program_title}",
                         template="certificate_issued", full_name=user.full_name, center_name=snapshot.center_name,
                         program_title=snapshot.program_title, hours_phrase=snapshot.hours_phrase,
                         verify_url=snapshot.verify_url, short_code=snapshot.short_code,
                         certificates_url=external_url("certificates.mine"))


def requeue_expired_claims() -> list[int]:
    """Requests whose worker stopped renewing its claim (it died) go back to the queue and are sent at once."""
    stale = utcnow() - timedelta(seconds=current_app.config["ISSUE_LEASE_SECONDS"])
    expired = db.session.scalars(update(IssuanceRequest).where(
        IssuanceRequest.status == RequestState.ISSUING, IssuanceRequest.updated_at < stale)
        .values(status=RequestState.QUEUED, updated_at=utcnow()).returning(IssuanceRequest.id)).all()
    db.session.commit()
    if expired:
        issue_requests(list(expired))
    return list(expired)


@huey.periodic_task(crontab(minute="*"), name="lms.certificates.requeue_stuck")
def requeue_stuck() -> None:
    """Expired claims are queued again (workers also do this every few seconds); queued requests never sent
    (the queue was down when they were made) are sent."""
    from lms.queue import _worker_app

    with _worker_app.app_context():
        requeue_expired_claims()
        waiting = db.session.scalars(select(IssuanceRequest.id).where(
            IssuanceRequest.status == RequestState.QUEUED,
            IssuanceRequest.updated_at < utcnow() - timedelta(minutes=2))).all()
        db.session.commit()
        if waiting:
            issue_requests(list(waiting))
