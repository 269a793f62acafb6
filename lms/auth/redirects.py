"""Validating `next=` so sign-in never redirects off the site (checklist 4)."""
from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str) -> str:
    """Return `target` only when it is a plain local path, else `default`."""
    if not target or len(target) > 2000:
        return default
    cleaned = target.strip().replace("\\", "/")
    if not cleaned.startswith("/") or cleaned.startswith("//") or any(ord(c) < 32 for c in cleaned):
        return default
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc:
        return default
    return cleaned
