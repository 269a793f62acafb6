"""The task queue (huey): certificate issuance and email run here, never inside a request.

Storage comes from LMS_QUEUE_URL: `sqlite:///path` (default: instance/queue.sqlite3; `make run` starts a worker
beside the web server), `redis://host:port/db` for several servers, or `immediate` (tests: tasks run at once,
in their own app context). Tasks queued during a transaction are sent only after it commits."""
from __future__ import annotations

import logging
import os
import time
from functools import wraps

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.constants import EmptyData
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from sqlalchemy import event
from sqlalchemy.orm import Session

huey = Huey("lms", storage_class=MemoryStorage, results=False, utc=True)
_worker_app: Flask | None = None
logger = logging.getLogger("lms.queue")
HEARTBEAT_KEY = "lms:worker-heartbeat"


def configure_queue(app: Flask) -> None:
    """Point the queue at the configured storage."""
    global _worker_app
    url = app.config["QUEUE_URL"] or f"sqlite:///{os.path.join(app.instance_path, 'queue.sqlite3')}"
    huey.immediate = url == "immediate"
    if not huey.immediate:
        if url.startswith("redis://"):
            huey.storage_class, huey.storage_kwargs = RedisStorage, {"url": url}
        elif url.startswith("sqlite:///"):
            huey.storage_class, huey.storage_kwargs = SqliteStorage, {"filename": url[len("sqlite:///"):]}
        else:
            raise ValueError(f"LMS_QUEUE_URL must be sqlite:///..., redis://... or immediate, not {url!r}")
        huey.storage = huey.create_storage()
    _worker_app = app


def _in_app_context(fn):
    @wraps(fn)
    def run(*args, **kwargs):
        app = current_app._get_current_object() if has_app_context() else _worker_app
        with app.app_context():
            return fn(*args, **kwargs)

    return run


def app_task(**options):
    """A huey task that runs in an app context of its own (its own database session)."""

    def decorate(fn):
        return huey.task(name=f"lms.{fn.__module__}.{fn.__name__}", **options)(_in_app_context(fn))

    return decorate


def app_periodic_task(validate_datetime, **options):
    """A huey periodic task (run by `flask lms worker` when `validate_datetime(now)` is true), in an app context."""

    def decorate(fn):
        return huey.periodic_task(validate_datetime, name=f"{fn.__module__}.{fn.__name__}",
                                  **options)(_in_app_context(fn))

    return decorate


def after_commit(session: Session, task, *args) -> None:
    """Queue `task(*args)` once the session's transaction commits (dropped if it rolls back)."""
    session.info.setdefault("lms_tasks", []).append((task, args))


def try_send(task, *args) -> bool:
    """Queue `task(*args)` now; False (logged) when the queue is unreachable, so the caller can answer a page that
    says so instead of a 500. In `immediate` mode the task runs at once and its errors propagate."""
    if huey.immediate:
        task(*args)  # runs now, in a new app context, so with a session of its own
        return True
    try:
        task(*args)
    except Exception as error:  # queue unreachable (Redis down, SQLite file unwritable)
        logger.error("queue unreachable; task not sent", extra={"task": task.name, "error": repr(error)[:300]})
        return False
    return True


@event.listens_for(Session, "after_commit")
def _send_queued(session: Session) -> None:
    for task, args in session.info.pop("lms_tasks", []):
        try_send(task, *args)  # a failure is logged: the page still answers; what was committed stays


def queue_description() -> str:
    """The queue's kind and address without any password (for logs and `doctor`)."""
    from lms.logs import redact_url

    if huey.immediate:
        return "immediate (tasks run in the web process)"
    kwargs = huey.storage_kwargs or {}
    if "url" in kwargs:
        return f"redis {redact_url(kwargs['url'])}"
    if "filename" in kwargs:
        return f"sqlite {kwargs['filename']}"
    return "memory"


def record_heartbeat(now: float | None = None) -> None:
    """A worker says it is alive (kept in the queue's storage, so every server sees it)."""
    huey.storage.put_data(HEARTBEAT_KEY, repr(now if now is not None else time.time()).encode())


def last_heartbeat() -> float | None:
    """When a worker last said it was alive (UNIX time), or None."""
    data = huey.storage.peek_data(HEARTBEAT_KEY)
    return None if data is EmptyData else float(data)


@event.listens_for(Session, "after_soft_rollback")
def _drop_queued(session: Session, _previous) -> None:
    session.info.pop("lms_tasks", None)


def _log_tasks() -> None:
    from lms.logs import log_task_events

    log_task_events(huey)


_log_tasks()
