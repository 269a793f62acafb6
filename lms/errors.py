"""Error pages without stack traces; 403s are written to the audit log (checklist 13, 15)."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from lms.extensions import db
from lms.negotiation import wants_json

MESSAGES = {
    400: ("Bad request", "The request could not be understood. If you were sending a form, go back, reload the "
                         "page and try again."),
    403: ("Not allowed", "Your account does not have access to this page."),
    404: ("Page not found", "There is no page at this address. Check the link, or go back to your dashboard."),
    405: ("Not allowed", "This page cannot be used that way."),
    413: ("Too large", "What you sent is larger than this site accepts."),
    429: ("Too many requests", "You have made too many requests in a short time. Wait a minute and try again."),
    500: ("Something went wrong", "An unexpected error happened on our side. Nothing you entered was half-saved; "
                                  "please try again in a moment."),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or wants_json()


def render_error(code: int, detail: str | None = None):
    """An error page (or JSON for API clients) with a plain message."""
    title, message = MESSAGES.get(code, MESSAGES[500])
    if _wants_json():
        return jsonify(error=title, message=detail or message), code
    return render_template("error.html", code=code, title=title, message=detail or message), code


def init_app(app: Flask) -> None:
    """Register handlers for HTTP errors, CSRF failures and unexpected exceptions."""

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_error(400, "Your form expired or came from another site. Reload the page and try again.")

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code == 403:
            _audit_denied()
        if error.code in (301, 302, 303, 307, 308):
            return error
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return _http(error)
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(InternalServerError.code)


def _audit_denied() -> None:
    from lms.audit.service import record_event

    try:
        record_event(action="access.denied", actor_id=current_user.id if current_user.is_authenticated else None,
                     target_type="url", target_id=request.path[:64], commit=True)
    except Exception:  # the denial must still be served if the log cannot be written
        db.session.rollback()
