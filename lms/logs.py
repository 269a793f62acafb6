"""Structured logging: one JSON (or key=value) line per event through the standard logging module; a line per
request (request id, user id, route, status, duration) and per task (name, id, outcome, duration)."""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, g, request

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
request_log = logging.getLogger("lms.request")
task_log = logging.getLogger("lms.task")


def _fields(record: logging.LogRecord) -> dict:
    fields = {"ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
              "level": record.levelname.lower(), "logger": record.name, "msg": record.getMessage()}
    fields.update({k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")})
    if record.exc_info:
        fields["exc"] = logging.Formatter().formatException(record.exc_info)
    return fields


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        return json.dumps(_fields(record), default=str, ensure_ascii=False)


class KeyValueFormatter(logging.Formatter):
    """key=value pairs (values with spaces quoted), easy on the eye in development."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a key=value line."""
        return " ".join(f"{k}={_quote(v)}" for k, v in _fields(record).items())


_NEEDS_QUOTES = re.compile(r'[\s"=]')


def _quote(value) -> str:
    text = str(value)
    return json.dumps(text, ensure_ascii=False) if (not text or _NEEDS_QUOTES.search(text)) else text


def redact_url(url: str) -> str:
    """A connection URL with any password replaced by ***, fit for a log line."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the moment (test runners swap it)."""

    @property
    def stream(self):
        """The current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def configure_logging(app: Flask) -> None:
    """Send the app's, the queue's and the request log through one handler with the configured format."""
    style = (app.config.get("LOG_FORMAT") or ("json" if app.config["ENV"] == "production" else "keyvalue")).lower()
    if style not in ("json", "keyvalue"):
        raise ValueError(f"LMS_LOG_FORMAT must be json or keyvalue, not {style!r}")
    root = logging.getLogger("lms")
    if not any(getattr(h, "_lms", False) for h in root.handlers):
        handler = _StderrHandler()
        handler._lms = True
        root.addHandler(handler)
    for handler in root.handlers:
        if getattr(handler, "_lms", False):
            handler.setFormatter(JsonFormatter() if style == "json" else KeyValueFormatter())
    root.setLevel(app.config.get("LOG_LEVEL") or "INFO")
    root.propagate = False
    for name in ("huey", app.logger.name):
        other = logging.getLogger(name)
        other.handlers = [h for h in root.handlers]
        other.propagate = False
        other.setLevel(logging.INFO)
    _log_requests(app)


def _request_id() -> str:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    return incoming if _VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


def _identity(user) -> int | None:
    """The signed-in user's id without touching the database (after a commit the row is expired, and reading
    `user.id` would load it again)."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import NoInspectionAvailable

    try:  # not user.is_authenticated: Flask-Login's reads is_active, a column, and so would load the row
        key = inspect(user).identity
    except NoInspectionAvailable:  # the anonymous user
        return None
    return key[0] if key else None


def _log_requests(app: Flask) -> None:
    @app.before_request
    def _start():
        g.request_id, g.request_started = _request_id(), time.perf_counter()

    @app.after_request
    def _finish(response):
        request_id = g.get("request_id") or _request_id()
        response.headers[REQUEST_ID_HEADER] = request_id
        started = g.get("request_started")
        user = g.get("_login_user")  # only if the request loaded it: logging never costs a query
        user_id = _identity(user) if user is not None else None
        request_log.info("request", extra={
            "request_id": request_id, "method": request.method,
            "route": request.url_rule.rule if request.url_rule else None, "endpoint": request.endpoint,
            "status": response.status_code, "user_id": user_id,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None})
        return response


def log_task_events(huey) -> None:
    """A line per finished task: name, id, outcome, duration (from huey's signals)."""
    from huey import signals

    started: dict[str, float] = {}
    done = {signals.SIGNAL_COMPLETE: "complete", signals.SIGNAL_ERROR: "error", signals.SIGNAL_RETRYING: "retrying",
            signals.SIGNAL_CANCELED: "canceled", signals.SIGNAL_EXPIRED: "expired", signals.SIGNAL_LOCKED: "locked",
            signals.SIGNAL_TIMEOUT: "timeout", signals.SIGNAL_INTERRUPTED: "interrupted"}

    @huey.signal()
    def _on_signal(signal, task, *args, **kwargs):
        if signal == signals.SIGNAL_EXECUTING:
            started[task.id] = time.perf_counter()
            return
        if signal not in done:
            return
        start = started.pop(task.id, None)
        level = logging.ERROR if signal == signals.SIGNAL_ERROR else logging.INFO
        task_log.log(level, "task", extra={
            "task": task.name, "task_id": task.id, "outcome": done[signal],
            "duration_ms": round((time.perf_counter() - start) * 1000, 1) if start else None,
            "error": repr(args[0])[:300] if args else None})
