"""Security headers on every response; no-store on pages behind sign-in (checklist 15)."""
from __future__ import annotations

from flask import Flask, request
from flask_login import current_user

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def init_app(app: Flask) -> None:
    """Register the after-request hook."""

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if not request.path.startswith("/static/") and request.endpoint not in _IMMUTABLE_ENDPOINTS and (
                current_user.is_authenticated or request.endpoint in _PRIVATE_ENDPOINTS):
            response.headers["Cache-Control"] = "no-store"
        return response


# Content that never changes under its (random) name keeps the caching it sets itself.
_IMMUTABLE_ENDPOINTS = {"content_images.image"}
_PRIVATE_ENDPOINTS = {"auth.confirm_signup", "auth.forgot_password", "auth.reset_password", "auth.signin",
                      "auth.signup", "invitations.accept"}
