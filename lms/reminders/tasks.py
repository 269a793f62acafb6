"""The periodic reminder task: every hour the worker runs every batch; what was already sent is skipped."""
from __future__ import annotations

from huey import crontab

from lms.queue import app_periodic_task
from lms.reminders.service import send_all_reminders
from lms.timeutil import utcnow


@app_periodic_task(crontab(minute="7"))
def send_reminders() -> dict[str, int]:
    """Due-date, certificate-expiry and weekly-digest reminders, each once per person."""
    return send_all_reminders(utcnow())
