"""Center signing keys and settings, issuance requests, and issued certificates.

Issued certificates, their documents and revocations are append-only: a correction issues a new certificate that
supersedes the old one, which stays, marked so."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.certificates.request_states import RequestState, check_transition
from lms.extensions import db
from lms.programs.models import ProgramVersion
from lms.timeutil import utcnow


class CenterSettings(db.Model):
    """What a center prints on its certificates, and whether issuance waits for an admin's approval."""

    __tablename__ = "center_settings"

    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), primary_key=True)
    signatory_name: Mapped[str] = mapped_column(String(120), default="")
    signatory_title: Mapped[str] = mapped_column(String(120), default="")
    ce_provider_name: Mapped[str] = mapped_column(String(200), default="")
    ce_provider_number: Mapped[str] = mapped_column(String(80), default="")
    requires_approval: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CenterProgramSettings(db.Model):
    """A center's own numbers and approval statement for one program."""

    __tablename__ = "center_program_settings"
    __table_args__ = (UniqueConstraint("center_id", "program_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    post_course_number: Mapped[str] = mapped_column(String(80), default="")
    ce_approval_statement: Mapped[str] = mapped_column(Text, default="")


class CenterKey(db.Model):
    """A center's signing certificate; the private key is a file outside the database (owner-only)."""

    __tablename__ = "center_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    certificate_pem: Mapped[str] = mapped_column(Text)
    key_path: Mapped[str] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(20))  # self-signed | pkcs12
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IssuanceRequest(db.Model):
    """A certificate to issue; its status is a RequestState (see request_states.py for the allowed moves)."""

    __tablename__ = "issuance_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    program_version_id: Mapped[int] = mapped_column(ForeignKey("program_versions.id"))
    status: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("bulk_jobs.id"), index=True)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def state(self) -> RequestState:
        """The status as a named state."""
        return RequestState(self.status)

    def move_to(self, target: RequestState, **changes) -> None:
        """Change state if the move is allowed (InvalidTransition otherwise), with any other column changes."""
        self.status = check_transition(self.status, target).value
        for name, value in changes.items():
            setattr(self, name, value)


class BulkJob(db.Model):
    """A center admin's "issue to everyone eligible": its progress is shown while the queue works."""

    __tablename__ = "bulk_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    program_version_id: Mapped[int] = mapped_column(ForeignKey("program_versions.id"))
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    total: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Certificate(db.Model):
    """An issued certificate: a frozen snapshot of everything it states; never edited or deleted."""

    __tablename__ = "certificates"
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(64), unique=True)
    short_code: Mapped[str] = mapped_column(String(20), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    program_version_id: Mapped[int] = mapped_column(ForeignKey("program_versions.id"), index=True)
    center_key_id: Mapped[int] = mapped_column(ForeignKey("center_keys.id"))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"), unique=True)
    snapshot: Mapped[dict] = mapped_column(JSON)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    expires_at: Mapped[datetime | None] = mapped_column(index=True)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    program_version: Mapped[ProgramVersion] = relationship()
    center_key: Mapped[CenterKey] = relationship()


class CertificateDocument(db.Model):
    """The signed PDF of a certificate, stored once at issuance."""

    __tablename__ = "certificate_documents"
    __append_only__ = True

    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), primary_key=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))


class CertificateRevocation(db.Model):
    """The revocation of a certificate, with its reason; written once."""

    __tablename__ = "certificate_revocations"
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    revoked_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime] = mapped_column(default=utcnow)
