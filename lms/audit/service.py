"""Writing audit events."""
from __future__ import annotations

from flask import has_request_context, request

from lms.audit.models import AuditEvent
from lms.extensions import db


def record_event(*, action: str, actor_id: int | None = None, target_type: str = "", target_id: object = "",
                 center_id: int | None = None, detail: dict | None = None, commit: bool = False) -> AuditEvent:
    """Add an audit event (with the request's IP when there is one); commit only when asked."""
    ip = request.remote_addr or "" if has_request_context() else ""
    event = AuditEvent(action=action, actor_id=actor_id, ip=ip, target_type=target_type,
                       target_id=str(target_id), center_id=center_id, detail=detail or {})
    db.session.add(event)
    if commit:
        db.session.commit()
    return event
