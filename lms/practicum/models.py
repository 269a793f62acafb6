"""Practicum entries and their sign-offs, approved supervisors, and instructor-led sessions with registrations."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.auth.models import User
from lms.centers.cohort_models import Cohort
from lms.extensions import db
from lms.timeutil import utcnow

DEFAULT_TIME_ZONE = "America/New_York"


class PracticumSettings(db.Model):
    """A center's practicum settings: the time zone its sessions are scheduled in."""

    __tablename__ = "practicum_settings"

    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), primary_key=True)
    time_zone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIME_ZONE)


class ApprovedSupervisor(db.Model):
    """A supervisor the center accepts as a signer for one agency (police or clinical role)."""

    __tablename__ = "approved_supervisors"
    __table_args__ = (UniqueConstraint("center_id", "email", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    agency: Mapped[str] = mapped_column(String(160))
    email: Mapped[str] = mapped_column(String(254), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))  # "police" | "clinical"
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None]


class PracticumEntry(db.Model):
    """One field activity a learner logged. Frozen once signed: a correction is a new entry that supersedes it."""

    __tablename__ = "practicum_entries"
    __frozen_when__ = "signed_at"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40), default="ride_along")
    occurred_on: Mapped[date | None]
    minutes: Mapped[int | None]
    unit: Mapped[str] = mapped_column(String(120), default="")
    place: Mapped[str] = mapped_column(String(160), default="")
    reflection: Mapped[str] = mapped_column(Text, default="")
    partner_ids: Mapped[str] = mapped_column(String(200), default="")  # comma-separated user ids of teammates
    signers: Mapped[dict] = mapped_column(JSON, default=dict)  # signer role -> email, as the learner chose
    # draft -> pending (sign-offs sent) -> signed; pending -> returned (a signer asked for changes) -> pending ...
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    signed_at: Mapped[datetime | None]
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("practicum_entries.id"), index=True)
    correction_reason: Mapped[str] = mapped_column(String(500), default="")

    user: Mapped[User] = relationship()
    signoffs: Mapped[list[SignoffRequest]] = relationship(back_populates="entry", order_by="SignoffRequest.id")


class SignoffRequest(db.Model):
    """One required signature: an emailed single-use, expiring link (only the token's SHA-256 is stored)."""

    __tablename__ = "signoff_requests"
    __frozen_when__ = "decided_at"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("practicum_entries.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    signer_email: Mapped[str] = mapped_column(String(254), index=True)
    signer_name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decision: Mapped[str] = mapped_column(String(20), default="")  # "approved" | "returned" | "withdrawn"
    comment: Mapped[str] = mapped_column(String(1000), default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    entry: Mapped[PracticumEntry] = relationship(back_populates="signoffs")


class LiveSession(db.Model):
    """An instructor-led session of a cohort (times in naive UTC; shown in the center's time zone)."""

    __tablename__ = "live_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    series: Mapped[str] = mapped_column(String(120), default="")
    title: Mapped[str] = mapped_column(String(160))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(200), default="")
    video_url: Mapped[str] = mapped_column(String(500), default="")
    capacity: Mapped[int] = mapped_column(default=30)
    credit_minutes: Mapped[int] = mapped_column(default=120)
    secret: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(default=0)  # ICS SEQUENCE: bumped when the session moves
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    cohort: Mapped[Cohort] = relationship()


class SessionRegistration(db.Model):
    """A learner's place (or waitlist spot) in a session, and their attendance."""

    __tablename__ = "session_registrations"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="registered")  # registered | waitlisted | cancelled
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_in_at: Mapped[datetime | None]
    check_in_method: Mapped[str] = mapped_column(String(20), default="")  # "code" | "roster"
    attended: Mapped[bool] = mapped_column(default=False)
    late_minutes: Mapped[int] = mapped_column(default=0)
    early_minutes: Mapped[int] = mapped_column(default=0)
    credited_minutes: Mapped[int] = mapped_column(default=0)

    user: Mapped[User] = relationship()
    session: Mapped[LiveSession] = relationship()
