"""Certificate reads for verifiers, learners and center admins (views query only through here)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from lms.auth.models import User
from lms.centers.models import Center
from lms.certificates.documents.snapshot import CertificateSnapshot
from lms.certificates.documents.status import Status, certificate_status
from lms.certificates.models import (
    BulkJob,
    CenterKey,
    Certificate,
    CertificateDocument,
    CertificateRevocation,
    IssuanceRequest,
)
from lms.certificates.request_states import RequestState
from lms.extensions import db
from lms.programs.models import Program, ProgramVersion
from lms.timeutil import utcnow


@dataclass(frozen=True)
class CertificateView:
    """A certificate with what it states and its status now."""

    certificate: Certificate
    document: CertificateSnapshot
    status: Status
    superseded_by: str | None

    @property
    def public_id(self) -> str:
        """The id used in its URLs."""
        return self.certificate.public_id


_NEWER = aliased(Certificate)
_BASE = (select(Certificate, CertificateRevocation.reason, _NEWER.public_id)
         .outerjoin(CertificateRevocation, CertificateRevocation.certificate_id == Certificate.id)
         .outerjoin(_NEWER, _NEWER.supersedes_id == Certificate.id))


def _views(statement, now: datetime | None = None) -> list[CertificateView]:
    now = now or utcnow()
    return [CertificateView(certificate, CertificateSnapshot.from_dict(certificate.snapshot["document"]),
                            certificate_status(expires_at=certificate.expires_at, revoked_reason=reason,
                                               superseded=newer is not None, now=now), newer)
            for certificate, reason, newer in db.session.execute(statement)]


def by_public_id(public_id: str) -> CertificateView | None:
    """A certificate by its public id."""
    found = _views(_BASE.where(Certificate.public_id == public_id))
    return found[0] if found else None


def by_short_code(code: str) -> CertificateView | None:
    """A certificate by its short code (already normalized)."""
    found = _views(_BASE.where(Certificate.short_code == code))
    return found[0] if found else None


def of_learner(user_id: int) -> list[CertificateView]:
    """A learner's certificates, newest first."""
    return _views(_BASE.where(Certificate.user_id == user_id).order_by(Certificate.issued_at.desc(),
                                                                        Certificate.id.desc()))


def of_center(center_id: int, *, statement_filter=None) -> list[CertificateView]:
    """A center's certificates, newest first, optionally narrowed by extra where-clauses."""
    statement = _BASE.where(Certificate.center_id == center_id)
    for clause in statement_filter or ():
        statement = statement.where(clause)
    return _views(statement.order_by(Certificate.issued_at.desc(), Certificate.id.desc()))


def document_pdf(certificate_id: int) -> bytes:
    """The stored signed PDF of a certificate."""
    return db.session.scalar(select(CertificateDocument.pdf).where(
        CertificateDocument.certificate_id == certificate_id))


def certified_program(slug: str) -> Program | None:
    """A program by its slug that has issued a certificate (archived or not, revoked ones count): every credential
    of it names its page as the Achievement, so from then on it is public. None otherwise (one query)."""
    issued = (select(Certificate.id).join(ProgramVersion, ProgramVersion.id == Certificate.program_version_id)
              .where(ProgramVersion.program_id == Program.id).exists())
    return db.session.scalar(select(Program).where(Program.slug == slug, Program.current_version_id.is_not(None),
                                                   issued))


def owner_center(program: Program) -> Center | None:
    """The center that owns a program of its own (None for a shared program)."""
    return db.session.get(Center, program.owner_center_id) if program.owner_center_id is not None else None


def center_by_slug(slug: str) -> Center | None:
    """A center by its slug."""
    return db.session.scalar(select(Center).where(Center.slug == slug))


def keys_of_center(center_id: int) -> list[CenterKey]:
    """Every signing key the center has had (old credentials keep verifying)."""
    return list(db.session.scalars(select(CenterKey).where(CenterKey.center_id == center_id)
                                   .order_by(CenterKey.id)))


def key_by_fingerprint(fingerprint: str) -> CenterKey | None:
    """A signing key by its certificate's SHA-256 fingerprint."""
    return db.session.scalar(select(CenterKey).where(CenterKey.fingerprint == fingerprint))


def bulk_job_of(center_id: int, job_id: int) -> BulkJob | None:
    """One of the center's bulk jobs (None if it is another center's)."""
    job = db.session.get(BulkJob, job_id)
    return job if job is not None and job.center_id == center_id else None


def recent_bulk_jobs(center_id: int, limit: int = 5) -> list[BulkJob]:
    """The center's latest bulk jobs."""
    return list(db.session.scalars(select(BulkJob).where(BulkJob.center_id == center_id)
                                   .order_by(BulkJob.id.desc()).limit(limit)))


def request_of(center_id: int, request_id: int) -> IssuanceRequest | None:
    """One of the center's issuance requests (None if it is another center's)."""
    item = db.session.get(IssuanceRequest, request_id)
    return item if item is not None and item.center_id == center_id else None


def needing_attention(center_id: int) -> list[tuple[IssuanceRequest, User]]:
    """Requests awaiting approval or failed, oldest first, with their learners."""
    return list(db.session.execute(select(IssuanceRequest, User).join(User, User.id == IssuanceRequest.user_id)
                                   .where(IssuanceRequest.center_id == center_id,
                                          IssuanceRequest.status.in_((RequestState.AWAITING_APPROVAL,
                                                                      RequestState.FAILED)))
                                   .order_by(IssuanceRequest.created_at)).all())
