"""Reading the development outbox (instance/outbox/*.eml) in tests."""
from __future__ import annotations

import email
import re
from email import policy
from pathlib import Path


def messages(outbox: Path) -> list[email.message.EmailMessage]:
    """Every message written so far, oldest first."""
    files = sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns) if outbox.exists() else []
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]


def text_of(message) -> str:
    """The plain-text body of a message."""
    part = message.get_body(preferencelist=("plain",)) if message.is_multipart() else message
    return part.get_content()


def link_in(message, path_prefix: str) -> str:
    """The site-relative URL in the message that starts with `path_prefix` (e.g. '/signup/confirm/')."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S+)", text_of(message))
    assert match, f"no {path_prefix} link in: {text_of(message)}"
    return match.group(1)
