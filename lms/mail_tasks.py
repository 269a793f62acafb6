"""Email goes out through the task queue, never inside a request."""
from __future__ import annotations

from flask import render_template

from lms.extensions import db
from lms.mail import send_mail
from lms.queue import after_commit, app_task


@app_task(retries=5, retry_delay=30)
def deliver_mail(to: str, subject: str, body: str, html: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
    """Send one message (retried if the mail server is down)."""
    send_mail(to=to, subject=subject, body=body, html=html, headers=headers)


def queue_mail(*, to: str, subject: str, body: str, html: str | None = None,
               headers: dict[str, str] | None = None) -> None:
    """Send a message once the current transaction commits."""
    after_commit(db.session(), deliver_mail, to, subject, body, html, headers)


def render_mail(template: str, **context) -> tuple[str, str]:
    """The text and HTML bodies of `mail/<template>.txt` and `.html`, rendered with `context`."""
    return (render_template(f"mail/{template}.txt", **context),
            render_template(f"mail/{template}.html", **context))


def queue_templated_mail(*, to: str, subject: str, template: str, headers: dict[str, str] | None = None,
                         **context) -> None:
    """Render `mail/<template>.{txt,html}` now and send both parts once the transaction commits."""
    body, html = render_mail(template, subject=subject, **context)
    queue_mail(to=to, subject=subject, body=body, html=html, headers=headers)
