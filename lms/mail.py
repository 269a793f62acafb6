"""Sending mail: over SMTP when LMS_MAIL_SERVER is set, else written to the instance outbox (development)."""
from __future__ import annotations

import smtplib
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app


def build_message(*, to: str, subject: str, body: str, sender: str) -> EmailMessage:
    """A plain-text message with the headers mail servers expect."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="cdcp-lms")
    message.set_content(body)
    return message


def send_mail(*, to: str, subject: str, body: str) -> str:
    """Deliver one message; returns where it went (server name or outbox file path)."""
    config = current_app.config
    message = build_message(to=to, subject=subject, body=body, sender=config["MAIL_SENDER"])
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=20) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
        return config["MAIL_SERVER"]
    outbox = Path(config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{uuid.uuid4().hex}.eml"
    path.write_bytes(bytes(message))
    current_app.logger.info("Mail to %s written to %s", to, path)
    print(f" * Mail to {to} written to {path}", flush=True)
    return str(path)
