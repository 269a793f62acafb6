"""Every email the app sends is multipart: a plain-text part and an HTML part, both rendered from the templates in
lms/templates/mail/, read here off a real SMTP server (aiosmtpd on loopback)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import lms
from lms.auth.service import register_user
from tests.conftest import smtp_settings
from tests.support.smtp import text_and_html

pytestmark = pytest.mark.pg
HAND_WRITTEN_SENDERS = {"queue_mail", "send_mail", "deliver_mail"}


@pytest.fixture
def app_overrides(request):
    return {**smtp_settings(request), "LOGIN_FREE_FAILURES": 2, "LOGIN_ACCOUNT_FREE_FAILURES": 4,
            "LOGIN_DELAY_SECONDS": 600, "LOGIN_MAX_DELAY": 2400, "LOGIN_ACCOUNT_MAX_DELAY": 600}


def link_in_both(message, path: str) -> str:
    """The link to `path` that the text part shows and the HTML part's <a href> points at (the same one)."""
    text, html = text_and_html(message)
    in_text = re.search(r"https?://\S+" + re.escape(path) + r"\S*", text)
    assert in_text, text
    assert f'href="{in_text.group(0)}"' in html, html
    assert html.lstrip().lower().startswith("<!doctype html>") and "</html>" in html
    return in_text.group(0)


def signup_data(center_id: int, email: str = "jordan@example.org") -> dict:
    return {"full_name": "Jordan Ellis", "email": email, "password": "blue kettle on the porch",
            "confirm": "blue kettle on the porch", "discipline": "officer", "agency": "Metro PD",
            "center": str(center_id)}


def test_the_sign_up_link_arrives_as_text_and_html(client, center, smtp):
    assert client.post("/signup", data=signup_data(center.id)).status_code == 302
    [message] = smtp.messages
    assert message["To"] == "jordan@example.org" and message["Subject"].startswith("Finish creating")
    link_in_both(message, "/signup/confirm/")
    assert "Hello Jordan Ellis" in text_and_html(message)[1]


def test_signing_up_with_a_taken_address_tells_the_owner_in_text_and_html(client, center, make_user, smtp):
    owner = make_user(email="owner@example.org")
    assert client.post("/signup", data=signup_data(center.id, owner.email)).status_code == 302
    [message] = smtp.messages
    assert message["To"] == owner.email
    link_in_both(message, "/signin")
    link_in_both(message, "/forgot-password")
    assert all("already has an account" in part for part in text_and_html(message))


def test_the_password_reset_link_arrives_as_text_and_html(client, make_user, smtp):
    user = make_user(email="reset@example.org")
    assert client.post("/forgot-password", data={"email": user.email}).status_code == 302
    [message] = smtp.messages
    assert message["To"] == user.email and "Reset your" in message["Subject"]
    link_in_both(message, "/reset-password/")
    assert all("works once" in part for part in text_and_html(message))


def test_the_owner_hears_of_failed_sign_ins_in_text_and_html(client, make_user, smtp):
    user = make_user(email="target@example.org")
    for _ in range(3):
        client.post("/signin", data={"email": user.email, "password": "wrong wrong wrong"},
                    environ_base={"REMOTE_ADDR": "10.0.0.9"})
    [message] = smtp.messages
    assert message["To"] == user.email and "Failed sign-ins" in message["Subject"]
    link_in_both(message, "/forgot-password")
    assert all("10.0.0.9" in part and "not locked" in part for part in text_and_html(message))


def test_names_in_the_html_part_are_escaped(client, center, app, smtp):
    register_user(email="odd@example.org", password="long enough passphrase", full_name="<b>Odd</b> & Co",
                  discipline="officer", agency="PD", center_id=center.id)
    client.post("/forgot-password", data={"email": "odd@example.org"})
    [message] = smtp.messages
    text, html = text_and_html(message)
    assert "Hello <b>Odd</b> & Co" in text and "&lt;b&gt;Odd&lt;/b&gt; &amp; Co" in html and "<b>Odd" not in html


def test_no_code_sends_a_hand_written_text_only_body():
    """Every sender goes through queue_templated_mail / templated_message: a call to queue_mail, send_mail or
    deliver_mail with a body= written in the code (text only, no HTML) fails here, naming file and line."""
    root = Path(lms.__file__).parent
    found = []
    for path in root.rglob("*.py"):
        if path.name in ("mail.py", "mail_tasks.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) \
                    in HAND_WRITTEN_SENDERS and any(k.arg == "body" for k in node.keywords):
                found.append(f"{path.relative_to(root.parent)}:{node.lineno}")
    assert found == []
