"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""
from __future__ import annotations

import email
import socket
from email.message import Message

from aiosmtpd.controller import Controller


class _Keep:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted"


class SmtpServer:
    """Start/stop an aiosmtpd server on 127.0.0.1 at a free port (plain, STARTTLS or implicit TLS)."""

    def __init__(self, **options) -> None:
        """`options` go to aiosmtpd's Controller (tls_context=, require_starttls=, ssl_context= for TLS tests)."""
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.handler = _Keep()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **options)

    @property
    def messages(self) -> list[Message]:
        """Messages received so far."""
        return self.handler.messages

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


def text_and_html(message) -> tuple[str, str]:
    """The two parts of a multipart/alternative message, decoded (plain text first, as mail clients expect)."""
    assert message.get_content_type() == "multipart/alternative", message.get_content_type()
    text, html = message.get_payload()
    assert text.get_content_type() == "text/plain" and html.get_content_type() == "text/html"
    return text.get_payload(decode=True).decode(), html.get_payload(decode=True).decode()
