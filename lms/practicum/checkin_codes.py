"""Rotating check-in codes (pure): six digits from an HMAC of the session's secret and the minute."""
from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

DIGITS = 6
EARLY = timedelta(minutes=15)  # check-in opens this long before the start


def minute_of(now: datetime) -> int:
    """Minutes since the epoch of a naive UTC (or aware) datetime."""
    aware = now if now.tzinfo else now.replace(tzinfo=UTC)
    return int(aware.timestamp() // 60)


def code_for(secret: str, minute: int) -> str:
    """The code shown during `minute`."""
    digest = hmac.new(secret.encode(), str(minute).encode(), hashlib.sha256).digest()
    return str(int.from_bytes(digest[:8], "big") % 10**DIGITS).zfill(DIGITS)


def current_code(secret: str, now: datetime) -> str:
    """The code to show on the projector now."""
    return code_for(secret, minute_of(now))


def code_matches(secret: str, code: str, now: datetime) -> bool:
    """True if `code` is this minute's or the previous minute's (a learner typing across the minute still works)."""
    typed = "".join(ch for ch in code if ch.isdigit())
    minute = minute_of(now)
    return any(hmac.compare_digest(typed, code_for(secret, m)) for m in (minute, minute - 1))


def in_window(starts_at: datetime, ends_at: datetime, now: datetime) -> bool:
    """Check-in is open from EARLY before the start until the end."""
    return starts_at - EARLY <= now <= ends_at
