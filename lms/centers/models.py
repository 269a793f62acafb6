"""Training centers and memberships (a user's role at a center)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.auth.models import User
from lms.extensions import db
from lms.timeutil import utcnow

ROLES = {"learner": "Learner", "trainer": "Trainer", "center_admin": "Center admin"}


class Center(db.Model):
    """A regional training center that runs cohorts and issues certificates."""

    __tablename__ = "centers"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    region: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Membership(db.Model):
    """One user's role at one center."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "center_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="learner")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    center: Mapped[Center] = relationship()
