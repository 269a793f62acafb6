"""Email goes out through the task queue, never inside a request."""
from __future__ import annotations

from flask import current_app

from lms.extensions import db
from lms.mail import send_mail
from lms.queue import after_commit, app_task


@app_task(retries=5, retry_delay=30)
def deliver_mail(to: str, subject: str, body: str, html: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
    """Send one message (retried if the mail server is down)."""
    send_mail(to=to, subject=subject, body=body, html=html, headers=headers)


@app_task(retries=5, retry_delay=30)
def deliver_mail_batch(messages: list[dict]) -> None:
    """Send several messages (bulk invitations); if one fails, only the unsent rest is queued again."""
    for index, message in enumerate(messages):
        try:
            send_mail(**message)
        except Exception:
            if index == 0:
                raise  # nothing sent yet: huey retries the whole batch
            deliver_mail_batch.schedule(args=(messages[index:],), delay=30)
            return


BATCH = 100


def queue_mail_batch(messages: list[dict]) -> None:
    """Send many messages (dicts of send_mail's arguments) once the transaction commits, BATCH per task."""
    for start in range(0, len(messages), BATCH):
        after_commit(db.session(), deliver_mail_batch, messages[start:start + BATCH])


def queue_mail(*, to: str, subject: str, body: str, html: str | None = None,
               headers: dict[str, str] | None = None) -> None:
    """Send a message once the current transaction commits."""
    after_commit(db.session(), deliver_mail, to, subject, body, html, headers)


def render_mail(template: str, **context) -> tuple[str, str]:
    """The text and HTML bodies of `mail/<template>.txt` and `.html`, rendered with `context`."""
    # Straight from the Jinja environment (its globals: config, url_for): page context processors are for pages.
    env = current_app.jinja_env
    return (env.get_template(f"mail/{template}.txt").render(**context),
            env.get_template(f"mail/{template}.html").render(**context))


def templated_message(*, to: str, subject: str, template: str, headers: dict[str, str] | None = None,
                      **context) -> dict:
    """send_mail's arguments for `mail/<template>.{txt,html}` rendered with `context` (for queue_mail_batch)."""
    body, html = render_mail(template, subject=subject, **context)
    return {"to": to, "subject": subject, "body": body, "html": html, "headers": headers}


def queue_templated_mail(*, to: str, subject: str, template: str, headers: dict[str, str] | None = None,
                         **context) -> None:
    """Render `mail/<template>.{txt,html}` now and send both parts once the transaction commits."""
    body, html = render_mail(template, subject=subject, **context)
    queue_mail(to=to, subject=subject, body=body, html=html, headers=headers)
