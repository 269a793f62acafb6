"""Bulk issuance for everyone eligible at a center: requests in one batch, issued by the queue in chunks."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select

from lms.audit.service import record_event
from lms.auth.models import User
from lms.certificates.issuing.eligibility import completed_members, eligible_users, holders, revoked_holders
from lms.certificates.issuing.service import request_certificate
from lms.certificates.issuing.tasks import BATCH, issue_requests
from lms.certificates.models import BulkJob, Certificate, CertificateRevocation, IssuanceRequest
from lms.certificates.request_states import RequestState
from lms.extensions import db
from lms.programs.models import ProgramVersion
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


@dataclass(frozen=True)
class Recipient:
    """A learner a bulk issue would reach (or leaves out), for the admin to check first."""

    user_id: int
    name: str
    email: str
    revocation_reason: str = ""


@dataclass(frozen=True)
class Preview:
    """Who a bulk issue will reach, and who it leaves out because their certificate was revoked."""

    recipients: list[Recipient]
    revoked: list[Recipient]


def preview(*, center_id: int, version: ProgramVersion) -> Preview:
    """The learners a bulk issue of this program would reach now, and those it leaves out (revoked)."""
    complete = completed_members(center_id=center_id, version=version)
    eligible = set(eligible_users(center_id=center_id, version=version, user_ids=complete))
    revoked = revoked_holders(version.program_id, complete) - holders(version.program_id, complete) \
        if complete else set()
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(eligible | revoked)))}
    reasons = dict(db.session.execute(
        select(Certificate.user_id, CertificateRevocation.reason).join(CertificateRevocation).join(ProgramVersion)
        .where(ProgramVersion.program_id == version.program_id, Certificate.user_id.in_(revoked))).all())
    order = lambda ids: sorted(ids, key=lambda uid: (people[uid].full_name.lower(), uid))  # noqa: E731
    return Preview([Recipient(uid, people[uid].full_name, people[uid].email) for uid in order(eligible)],
                   [Recipient(uid, people[uid].full_name, people[uid].email, reasons.get(uid, ""))
                    for uid in order(revoked)])


def start_bulk(*, center_id: int, version: ProgramVersion, actor_id: int, named: Collection[int] = ()) -> BulkJob:
    """Request a certificate for every eligible member, and for the `named` learners whose certificate was revoked
    (an admin's bulk issue is itself the approval); commits."""
    users = eligible_users(center_id=center_id, version=version, named=named)
    job = BulkJob(center_id=center_id, program_version_id=version.id, requested_by=actor_id, total=len(users))
    db.session.add(job)
    db.session.flush()
    ids = [request_certificate(user_id=uid, center_id=center_id, version=version, actor_id=actor_id,
                               batch_id=job.id, skip_approval=True).id for uid in users]
    for start in range(0, len(ids), BATCH):
        after_commit(db.session(), issue_requests, ids[start:start + BATCH])
    record_event(action="certificate.bulk_started", actor_id=actor_id, target_type="bulk_job", target_id=job.id,
                 center_id=center_id, detail={"total": len(users), "program_version_id": version.id,
                                              "named_after_revocation": sorted(set(named) & set(users))})
    db.session.commit()
    return job


def progress(job: BulkJob) -> JobProgress:
    """Counts of the job's requests by outcome."""
    counts = dict(db.session.execute(select(IssuanceRequest.status, func.count()).where(
        IssuanceRequest.batch_id == job.id).group_by(IssuanceRequest.status)).all())
    issued, failed = counts.get(RequestState.ISSUED, 0), counts.get(RequestState.FAILED, 0)
    return JobProgress(total=job.total, issued=issued, failed=failed, waiting=job.total - issued - failed)


def results(job: BulkJob) -> list[tuple[str, str, str, str]]:
    """(learner name, email, state, reason) of each request of the job, by name."""
    return [(name, email, status, reason) for name, email, status, reason in db.session.execute(
        select(User.full_name, User.email, IssuanceRequest.status, IssuanceRequest.reason)
        .join(User, User.id == IssuanceRequest.user_id).where(IssuanceRequest.batch_id == job.id)
        .order_by(func.lower(User.full_name), IssuanceRequest.id))]
