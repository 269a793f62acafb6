"""The current time for practicum views: `PRACTICUM_CLOCK` (a callable, tests) or UTC now."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from lms.timeutil import utcnow


def now() -> datetime:
    """Naive UTC now (controllable in tests)."""
    clock = current_app.config.get("PRACTICUM_CLOCK")
    return clock() if clock else utcnow()


def to_local(moment: datetime, time_zone: str) -> datetime:
    """A naive UTC datetime as an aware one in `time_zone`."""
    return moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(time_zone))


def to_utc(local: datetime, time_zone: str) -> datetime:
    """A naive wall-clock time in `time_zone` as naive UTC."""
    return local.replace(tzinfo=ZoneInfo(time_zone)).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def local_today(time_zone: str, moment: datetime | None = None) -> date:
    """Today's date in `time_zone`."""
    return to_local(moment or now(), time_zone).date()
