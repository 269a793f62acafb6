"""Audit events: written once, never updated or deleted by the application."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, event, inspect
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


def _frozen(obj) -> bool:
    """Models flagged `__append_only__` always; `__frozen_when__ = "column"` once that column was stored set."""
    if getattr(type(obj), "__append_only__", False):
        return True
    column = getattr(type(obj), "__frozen_when__", None)
    if column is None:
        return False
    history = inspect(obj).attrs[column].history
    stored = history.unchanged or history.deleted
    return bool(stored) and stored[0] is not None


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_append_only(session: Session, _context, _instances) -> None:
    """Audit events and other append-only records may be inserted but never updated or deleted."""
    for obj in list(session.dirty) + list(session.deleted):
        if _frozen(obj) and (obj in session.deleted or session.is_modified(obj)):
            raise AppendOnlyError(f"{type(obj).__name__} records are append-only")


AuditEvent.__append_only__ = True
