"""Absolute links in emails (built outside requests too) and signed unsubscribe tokens per person and kind."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from lms.reminders.kinds import KINDS


def absolute_url(endpoint: str, **values) -> str:
    """The full URL of an endpoint under BASE_URL (works in the task worker, where there is no request)."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="reminders-unsubscribe")


def unsubscribe_token(user_id: int, kind: str) -> str:
    """A signed token that lets whoever holds the email stop this one kind of email for this one person."""
    return _serializer().dumps([user_id, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) of a valid token, else None."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if (not isinstance(data, list) or len(data) != 2 or not isinstance(data[0], int)
            or data[1] not in KINDS):
        return None
    return data[0], data[1]


def unsubscribe_headers(user_id: int, kind: str) -> tuple[str, dict[str, str]]:
    """The unsubscribe URL and the List-Unsubscribe headers (RFC 2369, one-click per RFC 8058)."""
    url = absolute_url("reminders.unsubscribe", token=unsubscribe_token(user_id, kind))
    return url, {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
