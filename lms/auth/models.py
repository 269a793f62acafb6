"""The user account."""
from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String, false
from sqlalchemy.orm import Mapped, mapped_column

from lms.disciplines import DISCIPLINES
from lms.extensions import db
from lms.timeutil import utcnow


def new_session_token() -> str:
    """A fresh random token; changing it signs the user out everywhere."""
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):
    """A person with an account: learner, trainer, center admin or site admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    discipline: Mapped[str] = mapped_column(String(20))
    agency: Mapped[str] = mapped_column(String(160), default="")
    is_site_admin: Mapped[bool] = mapped_column(default=False)
    # Granted by a site admin: may edit, review and publish the shipped (shared) modules.
    is_curriculum_editor: Mapped[bool] = mapped_column(default=False, server_default=false())
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Set when a site or center admin deactivates the account: it can no longer sign in; its records stay.
    deactivated_at: Mapped[datetime | None]
    # What licensing boards ask for: officers' badge/employee number, clinicians' license.
    badge_number: Mapped[str] = mapped_column(String(40), default="")
    license_type: Mapped[str] = mapped_column(String(40), default="")
    license_number: Mapped[str] = mapped_column(String(40), default="")
    license_state: Mapped[str] = mapped_column(String(2), default="")

    def get_id(self) -> str:
        """Flask-Login identity: id plus session token, so rotating the token invalidates old cookies."""
        return f"{self.id}.{self.session_token}"

    @property
    def is_authenticated(self) -> bool:
        """A loaded account is signed in (the loader already refused deactivated ones); no column is read, so
        checks after a commit cost no query."""
        return True

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses to sign in (and to load) a deactivated account."""
        return self.deactivated_at is None

    @property
    def has_password(self) -> bool:
        """False for an invited person who has not yet accepted the invitation (no password chosen)."""
        return bool(self.password_hash)

    @property
    def discipline_label(self) -> str:
        """Human name of the discipline."""
        return DISCIPLINES.get(self.discipline, self.discipline)
