"""Bulk issuance for everyone eligible at a center: requests in one batch, issued by the queue in chunks."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from lms.audit.service import record_event
from lms.certificates.issuing.eligibility import eligible_users
from lms.certificates.issuing.service import request_certificate
from lms.certificates.issuing.tasks import BATCH, issue_requests
from lms.certificates.request_states import RequestState
from lms.certificates.models import BulkJob, IssuanceRequest
from lms.programs.models import ProgramVersion
from lms.extensions import db
from lms.queue import after_commit


@dataclass(frozen=True)
class JobProgress:
    """How far a bulk job has got."""

    total: int
    issued: int
    failed: int
    waiting: int

    @property
    def percent(self) -> int:
        """Share of requests finished (issued or failed)."""
        return round(100 * (self.issued + self.failed) / self.total) if self.total else 100


def start_bulk(*, center_id: int, version: ProgramVersion, actor_id: int) -> BulkJob:
    """Request a certificate for every eligible member (approval is implied: an admin asked); commits."""
    users = eligible_users(center_id=center_id, version=version)
    job = BulkJob(center_id=center_id, program_version_id=version.id, requested_by=actor_id, total=len(users))
    db.session.add(job)
    db.session.flush()
    ids = [request_certificate(user_id=uid, center_id=center_id, version=version, actor_id=actor_id,
                               batch_id=job.id, skip_approval=True).id for uid in users]
    for start in range(0, len(ids), BATCH):
        after_commit(db.session(), issue_requests, ids[start:start + BATCH])
    record_event(action="certificate.bulk_started", actor_id=actor_id, target_type="bulk_job", target_id=job.id,
                 center_id=center_id, detail={"total": len(users), "program_version_id": version.id})
    db.session.commit()
    return job


def progress(job: BulkJob) -> JobProgress:
    """Counts of the job's requests by outcome."""
    counts = dict(db.session.execute(select(IssuanceRequest.status, func.count()).where(
        IssuanceRequest.batch_id == job.id).group_by(IssuanceRequest.status)).all())
    issued, failed = counts.get(RequestState.ISSUED, 0), counts.get(RequestState.FAILED, 0)
    return JobProgress(total=job.total, issued=issued, failed=failed, waiting=job.total - issued - failed)
