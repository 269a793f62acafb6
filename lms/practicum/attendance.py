"""Credited time for a session (pure): the session's credited hours, less the share missed by arriving late or
leaving early."""
from __future__ import annotations

from datetime import datetime


def credited_minutes(*, credit: int, starts_at: datetime, ends_at: datetime, late: int = 0, early: int = 0) -> int:
    """Minutes of credit for an attendee who missed `late` minutes at the start and `early` at the end."""
    length = max(1, int((ends_at - starts_at).total_seconds() // 60))
    present = max(0, length - max(0, late) - max(0, early))
    return round(credit * present / length)


def late_minutes(*, starts_at: datetime, checked_in_at: datetime, grace: int = 5) -> int:
    """Minutes late (0 within the grace period after the start)."""
    minutes = int((checked_in_at - starts_at).total_seconds() // 60)
    return minutes if minutes > grace else 0
