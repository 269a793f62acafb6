"""Bulk issuance for everyone eligible at a center: requests in one batch, issued by the queue in chunks."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from sqlalchemy import func, select

from lms.audit.service import record_event
from lms.certificates.eligibility import eligible_users
from lms.certificates.issuance import BATCH, issue_requests, request_certificate
from lms.certificates.models import BulkJob, CertificateDocument, IssuanceRequest, ProgramVersion
from lms.certificates.selectors import CertificateView
from lms.extensions import db
from lms.queue import after_commit
from lms.reports.csv_export import csv_lines


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
    issued, failed = counts.get("issued", 0), counts.get("failed", 0)
    return JobProgress(total=job.total, issued=issued, failed=failed, waiting=job.total - issued - failed)


def zip_of(views: list[CertificateView]) -> bytes:
    """One ZIP of the selected certificates' signed PDFs."""
    documents = dict(db.session.execute(select(CertificateDocument.certificate_id, CertificateDocument.pdf).where(
        CertificateDocument.certificate_id.in_([v.certificate.id for v in views]))).all())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # PDFs are already compressed
        for view in views:
            name = f"{view.document.short_code}-{_safe(view.document.learner_name)}.pdf"
            archive.writestr(name, documents[view.certificate.id])
    return buffer.getvalue()


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name).strip("-")[:60] or "learner"


CSV_COLUMNS = ["short_code", "learner_name", "program", "ce_hours", "issued_on", "expires_on", "status",
               "revocation_reason", "verify_url"]


def csv_of(views: list[CertificateView]) -> str:
    """The certificates as CSV (a UTF-8 BOM first, every cell formula-safe), one row each."""
    rows = ([doc.short_code, doc.learner_name, doc.program_title, doc.hours_text, doc.issued_on, doc.expires_on or "",
             view.status.code, view.status.reason or "", doc.verify_url]
            for view, doc in ((v, v.document) for v in views))
    return "".join(csv_lines(CSV_COLUMNS, rows))
