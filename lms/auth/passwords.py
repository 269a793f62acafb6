"""Password rules (length, common passwords) and hashing with a slow KDF (scrypt via Werkzeug)."""
from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 8
MAX_LENGTH = 200
# Common-password list: Django's (BSD-3-Clause, Django Software Foundation), which is based on a list compiled
# by Royce Williams; only entries of 8+ characters are kept, shorter ones fail the length rule anyway.
_COMMON_FILE = Path(__file__).with_name("common-passwords.txt.gz")


@cache
def _common_passwords() -> frozenset[str]:
    with gzip.open(_COMMON_FILE, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip().lower() for line in handle if line.strip())


def password_problem(password: str, *, email: str = "", full_name: str = "") -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    if lowered in _common_passwords() or len(set(lowered)) <= 2:
        return "This password is too common. Choose one that is harder to guess, such as a short phrase."
    local = email.split("@")[0].lower()
    is_name = bool(full_name) and lowered == full_name.replace(" ", "").lower()
    if (local and len(local) >= 4 and local in lowered) or is_name:
        return "The password must not contain your email name or be your name."
    return None


def hash_password(password: str) -> str:
    """Hash with scrypt (Werkzeug's default slow KDF)."""
    return generate_password_hash(password, method="scrypt")


def verify_password(password_hash: str, password: str) -> bool:
    """True when `password` matches the stored hash."""
    return check_password_hash(password_hash, password)
