"""Audit events: written once, never updated or deleted by the application."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from lms.extensions import db
from lms.timeutil import utcnow


class AuditEvent(db.Model):
    """Who did what, to what, when (UTC) and from where."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    ip: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[str] = mapped_column(String(64), default="")
    center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id"), index=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete a record that must never change."""


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_append_only(session: Session, _context, _instances) -> None:
    """Audit events, and any model flagged `__append_only__`, may be inserted but not updated or deleted."""
    for obj in list(session.dirty) + list(session.deleted):
        if getattr(type(obj), "__append_only__", False) and (obj in session.deleted or session.is_modified(obj)):
            raise AppendOnlyError(f"{type(obj).__name__} records are append-only")


AuditEvent.__append_only__ = True
