"""Certificate reads for verifiers, learners and center admins."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from lms.certificates.models import Certificate, CertificateRevocation
from lms.certificates.documents.snapshot import CertificateSnapshot
from lms.certificates.documents.status import Status, certificate_status
from lms.extensions import db
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
