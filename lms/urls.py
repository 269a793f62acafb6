"""Absolute URLs under the configured public address (BASE_URL), inside or outside a request (queue tasks)."""
from __future__ import annotations

from flask import current_app, url_for


def external_url(endpoint: str, **values) -> str:
    """The public URL of an endpoint, e.g. a certificate's verification page printed on the PDF."""
    base = current_app.config["BASE_URL"].rstrip("/")
    with current_app.test_request_context(base_url=base):
        return url_for(endpoint, _external=True, **values)
