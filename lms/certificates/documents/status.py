"""A certificate's status for verifiers: valid, expired, revoked or superseded. Pure."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Status:
    """The status word, a sentence for people, and the revocation reason when revoked."""

    code: str
    label: str
    reason: str | None = None


def certificate_status(*, expires_at: datetime | None, revoked_reason: str | None, superseded: bool,
                       now: datetime) -> Status:
    """Revoked beats superseded beats expired beats valid."""
    if revoked_reason is not None:
        return Status("revoked", "Revoked by the issuing center", revoked_reason)
    if superseded:
        return Status("superseded", "Replaced by a newer certificate")
    if expires_at is not None and expires_at <= now:
        return Status("expired", "Expired")
    return Status("valid", "Valid")
