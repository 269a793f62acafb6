"""The emailed link that finishes a sign-up: the form's answers, encrypted and signed with the secret key, so
nothing is stored until the owner of the address opens it (and the password hash is never readable in mail)."""
from __future__ import annotations

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

FIELDS = ("email", "full_name", "discipline", "agency", "center_id", "password_hash")


def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"].encode()
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(b"cdcp-lms sign-up link\0" + secret).digest()))


def make_signup_token(**answers) -> str:
    """An encrypted, timestamped token holding the sign-up answers (see FIELDS)."""
    return _fernet().encrypt(json.dumps({k: answers[k] for k in FIELDS}).encode()).decode()


def read_signup_token(token: str) -> dict | None:
    """The answers of a valid token not older than SIGNUP_CONFIRM_MAX_AGE, else None."""
    try:
        data = json.loads(_fernet().decrypt(token.encode(), ttl=current_app.config["SIGNUP_CONFIRM_MAX_AGE"]))
    except (InvalidToken, ValueError, UnicodeError):
        return None
    return data if isinstance(data, dict) and set(data) == set(FIELDS) else None
