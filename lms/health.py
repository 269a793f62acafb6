"""Readiness checks shared by /readyz and `flask lms doctor`: database, queue and the worker's heartbeat."""
from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import text

from lms.extensions import db

HEARTBEAT_STALE_SECONDS = 60


@dataclass(frozen=True)
class Check:
    """The outcome of one check: ok, or a failure; `warn` marks a problem that does not stop serving."""

    name: str
    ok: bool
    detail: str
    warn: bool = False

    def as_dict(self) -> dict:
        """JSON-ready form."""
        return {"ok": self.ok, "detail": self.detail, **({"warning": True} if self.warn else {})}


def check_database() -> Check:
    """The database answers a query."""
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except Exception as error:
        db.session.rollback()
        return Check("database", False, f"cannot query the database: {type(error).__name__}")
    return Check("database", True, db.engine.url.get_backend_name())


def check_queue() -> Check:
    """The task queue's storage answers."""
    from lms.queue import huey, queue_description

    if huey.immediate:
        return Check("queue", True, queue_description())
    try:
        pending = huey.pending_count()
    except Exception as error:
        return Check("queue", False, f"{queue_description()}: unreachable ({type(error).__name__})")
    return Check("queue", True, f"{queue_description()}: {pending} pending")


def check_worker(now: float | None = None) -> Check:
    """A task worker has said it is alive within the last minute (a warning: pages still work without one)."""
    from lms.queue import huey, last_heartbeat

    if huey.immediate:
        return Check("worker", True, "not needed (immediate queue)")
    try:
        beat = last_heartbeat()
    except Exception as error:
        return Check("worker", False, f"cannot read the heartbeat ({type(error).__name__})", warn=True)
    if beat is None:
        return Check("worker", False, "no task worker has started (flask lms worker)", warn=True)
    age = (now or time.time()) - beat
    if age > HEARTBEAT_STALE_SECONDS:
        return Check("worker", False, f"last heartbeat {age:.0f} s ago: is `flask lms worker` running?", warn=True)
    return Check("worker", True, f"heartbeat {age:.0f} s ago")


def readiness() -> tuple[int, dict]:
    """HTTP status and JSON body for /readyz: 503 when the database or the queue fails; a stale worker shows as
    'degraded' (certificates and mail wait) but the site still serves."""
    checks = [check_database(), check_queue(), check_worker()]
    failed = [c for c in checks if not c.ok and not c.warn]
    degraded = [c for c in checks if not c.ok and c.warn]
    status = "fail" if failed else "degraded" if degraded else "ok"
    return (503 if failed else 200), {"status": status, "checks": {c.name: c.as_dict() for c in checks}}
