"""Email goes out through the task queue, never inside a request."""
from __future__ import annotations

from lms.extensions import db
from lms.mail import send_mail
from lms.queue import after_commit, app_task


@app_task(retries=5, retry_delay=30)
def deliver_mail(to: str, subject: str, body: str) -> None:
    """Send one message (retried if the mail server is down)."""
    send_mail(to=to, subject=subject, body=body)


def queue_mail(*, to: str, subject: str, body: str) -> None:
    """Send a message once the current transaction commits."""
    after_commit(db.session(), deliver_mail, to, subject, body)
