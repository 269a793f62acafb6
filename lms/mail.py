"""Sending mail: over SMTP when LMS_MAIL_SERVER is set, else written to the instance outbox (development).

Messages are multipart (plain text first, HTML alternative). SMTP connections verify the server's certificate:
`LMS_MAIL_USE_TLS` upgrades with STARTTLS, `LMS_MAIL_USE_SSL` (or port 465) speaks implicit TLS. The standard
library's smtplib and email packages do this well; `ssl.create_default_context()` checks name and chain."""
from __future__ import annotations

import smtplib
import ssl
import uuid
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app

_POLICY = policy.default.clone(max_line_length=998)


def build_message(*, to: str, subject: str, body: str, sender: str, html: str | None = None,
                  headers: dict[str, str] | None = None) -> EmailMessage:
    """A text (and optional HTML) message with the headers mail servers expect."""
    # Lines up to RFC 5322's 998 characters: a long header without spaces (List-Unsubscribe's URL) stays as it is
    # instead of being folded into encoded words that mail clients cannot use.
    message = EmailMessage(policy=_POLICY)
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="cdcp-lms")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def tls_context() -> ssl.SSLContext:
    """The context for SMTP over TLS: the system's trust store, or LMS_MAIL_CA_FILE when set (tests, private CAs)."""
    return ssl.create_default_context(cafile=current_app.config.get("MAIL_CA_FILE") or None)


def _connect(config) -> smtplib.SMTP:
    host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
    if config.get("MAIL_USE_SSL") or port == 465:
        return smtplib.SMTP_SSL(host, port, timeout=20, context=tls_context())
    smtp = smtplib.SMTP(host, port, timeout=20)
    if config.get("MAIL_USE_TLS"):
        smtp.starttls(context=tls_context())
    return smtp


def send_mail(*, to: str, subject: str, body: str, html: str | None = None,
              headers: dict[str, str] | None = None) -> str:
    """Deliver one message; returns where it went (server name or outbox file path)."""
    config = current_app.config
    message = build_message(to=to, subject=subject, body=body, sender=config["MAIL_SENDER"], html=html,
                            headers=headers)
    if config.get("MAIL_SERVER"):
        with _connect(config) as smtp:
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
        return config["MAIL_SERVER"]
    outbox = Path(config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{uuid.uuid4().hex}.eml"
    path.write_bytes(bytes(message))
    current_app.logger.warning("Mail to %s written to %s (no LMS_MAIL_SERVER set)", to, path)
    return str(path)
