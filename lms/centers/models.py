"""Training centers, memberships (a user's role at a center) and invitations to join one."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.auth.models import User
from lms.extensions import db
from lms.timeutil import utcnow

# Roles at a center. An agency coordinator (a police department's training coordinator, a clinic's supervisor)
# reads the progress and certificates of the members of their own agency at the center, and changes nothing.
ROLES = {"learner": "Learner", "trainer": "Trainer", "center_admin": "Center admin",
         "agency_coordinator": "Agency coordinator"}


class Center(db.Model):
    """A regional training center that runs cohorts and issues certificates."""

    __tablename__ = "centers"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    region: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # An archived center takes no sign-ups or invitations and runs no reminders; its records stay (never deleted).
    archived_at: Mapped[datetime | None]

    @property
    def is_archived(self) -> bool:
        """True once a site admin archived the center."""
        return self.archived_at is not None


class Membership(db.Model):
    """One user's role at one center."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "center_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="learner")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when the person is removed from the center: they leave its lists; everything they earned stays.
    removed_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
    center: Mapped[Center] = relationship()


class Invitation(db.Model):
    """A single-use, expiring link that lets a person join a center with a role and choose a password."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Only the SHA-256 of the token is stored: a copy of the database cannot be used to accept invitations.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="learner")
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    center: Mapped[Center] = relationship()
