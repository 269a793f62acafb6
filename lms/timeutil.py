"""UTC time helpers: the database stores naive UTC datetimes; the app always uses these."""
from datetime import UTC, datetime


def utcnow() -> datetime:
    """Current UTC time as a naive datetime (the form stored in every table)."""
    return datetime.now(UTC).replace(tzinfo=None)
