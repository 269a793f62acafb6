"""UTC time helpers: the database stores naive UTC datetimes; the app always uses these."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    """Current UTC time as a naive datetime (the form stored in every table)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
