"""Accounts through real requests: sign-up, sign-in, lockout, sign-out, reset by email, profile, password change."""
import re
from datetime import UTC, timedelta

import pytest
from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.auth.models import User
from tests.conftest import PASSWORD
from tests.support import outbox
from tests.support.smtp import text_and_html

pytestmark = pytest.mark.pg


def signup_data(the_center, **changes):
    data = {"full_name": "Jordan  Ellis", "email": "Jordan@Example.org", "password": "blue kettle on the porch",
            "confirm": "blue kettle on the porch", "discipline": "officer", "agency": "Metro PD",
            "center": str(the_center.id)}
    data.update(changes)
    return data


def test_signing_up_mails_a_link_that_creates_the_account_and_signs_in(client, center, db, tmp_path):
    response = client.post("/signup", data=signup_data(center))
    assert response.status_code == 302 and response.location.endswith("/signin")
    assert db.session.scalar(select(User)) is None  # nothing stored until the address's owner opens the link
    [message] = outbox.messages(tmp_path / "outbox")
    assert message["To"] == "jordan@example.org"
    link = outbox.link_in(message, "/signup/confirm/")
    assert "Jordan Ellis" in client.get(link).get_data(as_text=True)
    response = client.post(link)
    assert response.status_code == 302 and response.location.endswith("/dashboard")
    user = db.session.scalar(select(User))
    assert user.email == "jordan@example.org" and user.full_name == "Jordan Ellis"
    assert user.password_hash.startswith("scrypt:")
    assert client.get("/dashboard").status_code == 200
    assert client.post(link).location.endswith("/signin")  # a second use creates nothing


def test_a_tampered_sign_up_link_is_refused(client, center, tmp_path):
    client.post("/signup", data=signup_data(center))
    link = outbox.link_in(outbox.messages(tmp_path / "outbox")[0], "/signup/confirm/")
    assert client.get(link[:-3] + "abc").location.endswith("/signup")


@pytest.mark.parametrize("field,value,message", [
    ("email", "not-an-email", "Invalid email address"),
    ("password", "short", "at least 8 characters"),
    ("password", "password123", "too common"),
    ("confirm", "something else entirely", "do not match"),
    ("discipline", "astronaut", "Not a valid choice"),
    ("center", "99999", "Choose a training center"),
    ("center", "abc", "Choose a training center"),
    ("full_name", "", "This field is required"),
    ("full_name", "x" * 121, "longer than 120"),
])
def test_bad_sign_up_input_gets_a_clear_message_and_no_account(client, center, db, field, value, message):
    data = signup_data(center, **{field: value})
    if field == "password":
        data["confirm"] = value
    response = client.post("/signup", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(User)) is None


def test_signing_up_with_a_taken_email_answers_the_same_and_tells_the_owner(client, center, make_user, db,
                                                                           tmp_path):
    owner = make_user(email="jordan@example.org")
    taken = client.post("/signup", data=signup_data(center, email="JORDAN@example.org"), follow_redirects=True)
    fresh = client.post("/signup", data=signup_data(center, email="casey@example.org"), follow_redirects=True)
    assert taken.status_code == fresh.status_code == 200
    assert taken.get_data(as_text=True) == fresh.get_data(as_text=True)
    to_owner, to_new = outbox.messages(tmp_path / "outbox")
    assert to_owner["To"] == owner.email and "already has an account" in outbox.text_of(to_owner)
    assert "/signup/confirm/" not in outbox.text_of(to_owner)
    assert to_new["To"] == "casey@example.org"
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_sign_in_with_a_wrong_password_says_nothing_about_whether_the_account_exists(client, make_user):
    user = make_user()
    wrong = client.post("/signin", data={"email": user.email, "password": "nope nope nope"})
    unknown = client.post("/signin", data={"email": "nobody@example.org", "password": "nope nope nope"})
    assert wrong.status_code == unknown.status_code == 422
    assert "do not match an account" in wrong.get_data(as_text=True)
    assert "do not match an account" in unknown.get_data(as_text=True)


def test_sign_in_and_failures_are_audited_with_time_actor_and_ip(client, make_user, login, db):
    user = make_user()
    client.post("/signin", data={"email": user.email, "password": "wrong wrong wrong"})
    login(user)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("auth.%")).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["auth.signin_failed", "auth.signin"]
    assert all(e.actor_id == user.id and e.ip == "127.0.0.1" and e.at is not None for e in events)


def test_the_session_cookie_changes_at_sign_in(client, make_user, login):
    user = make_user()
    client.get("/signin")
    client.set_cookie("session", "planted-by-attacker")
    login(user)
    assert client.get_cookie("session").value != "planted-by-attacker"


def test_a_session_cookie_replayed_after_sign_out_is_refused(client, make_user, login):
    user = make_user()
    login(user)
    stolen = client.get_cookie("session").value
    client.post("/signout")
    client.set_cookie("session", stolen)
    assert client.get("/dashboard").status_code == 302


def test_a_remember_cookie_replayed_after_a_password_change_is_refused(app, client, make_user, login):
    user = make_user()
    login(user, remember=True)
    remember = client.get_cookie("remember_token")
    assert remember is not None
    client.post("/account/password", data={"current": PASSWORD, "password": "a new long passphrase",
                                           "confirm": "a new long passphrase"})
    other = app.test_client()
    other.set_cookie("remember_token", remember.value)
    assert other.get("/dashboard").status_code == 302


def test_remember_me_lasts_at_most_thirty_days_and_cookies_are_httponly_lax(client, make_user, login):
    user = make_user()
    response = login(user, remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    remember = next(c for c in cookies if c.startswith("remember_token="))
    session = next(c for c in cookies if c.startswith("session="))
    for cookie in (remember, session):
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    expires = re.search(r"Expires=([^;]+)", remember).group(1)
    from datetime import datetime
    from email.utils import parsedate_to_datetime
    assert parsedate_to_datetime(expires) - datetime.now(UTC) <= timedelta(days=30, minutes=1)


@pytest.mark.parametrize("target", ["https://evil.example", "//evil", "////evil", "/\\evil", "javascript:alert(1)"])
def test_sign_in_never_redirects_off_site(client, make_user, target):
    user = make_user()
    response = client.post(f"/signin?next={target}", data={"email": user.email, "password": PASSWORD})
    assert response.location == "/dashboard"


def test_sign_in_follows_a_local_next(client, make_user):
    user = make_user()
    response = client.post("/signin?next=/account", data={"email": user.email, "password": PASSWORD})
    assert response.location == "/account"


def test_password_reset_mails_a_single_use_link_through_a_real_smtp_server(client, make_user, smtp):
    user = make_user()
    response = client.post("/forgot-password", data={"email": user.email})
    assert response.status_code == 302
    [message] = smtp.messages
    assert message["To"] == user.email
    body, _html = text_and_html(message)
    link = re.search(r"http://lms\.test(/reset-password/\S+)", body).group(1)
    assert client.get(link).status_code == 200
    new = "kettle song at dawn"
    assert client.post(link, data={"password": new, "confirm": new}).status_code == 302
    assert client.post("/signin", data={"email": user.email, "password": new}).status_code == 302
    reused = client.post(link, data={"password": "another phrase here", "confirm": "another phrase here"})
    assert reused.status_code == 302 and "/forgot-password" in reused.location


def test_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client, smtp):
    response = client.post("/forgot-password", data={"email": "nobody@example.org"}, follow_redirects=True)
    assert "If an account uses that email" in response.get_data(as_text=True)
    assert smtp.messages == []


def test_in_development_reset_mail_is_written_to_the_outbox(app, client, make_user, tmp_path):
    user = make_user()
    client.post("/forgot-password", data={"email": user.email})
    [mail] = list((tmp_path / "outbox").glob("*.eml"))
    assert "/reset-password/" in mail.read_text()


def test_a_tampered_or_expired_reset_token_is_refused(app, client, make_user):
    user = make_user()
    from lms.auth.service import make_reset_token
    token = make_reset_token(user)
    assert "/forgot-password" in client.get(f"/reset-password/{token}x").location
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    assert "/forgot-password" in client.get(f"/reset-password/{token}").location


def test_profile_edits_are_saved_and_validated(client, make_user, login, db):
    user = make_user()
    other = make_user()
    login(user)
    data = {"full_name": "Jordan A. Ellis", "email": user.email, "discipline": "clinician", "agency": "Clinic"}
    assert client.post("/account", data=data).status_code == 302
    db.session.refresh(user)
    assert user.full_name == "Jordan A. Ellis" and user.discipline == "clinician"
    taken = client.post("/account", data=dict(data, email=other.email))
    assert taken.status_code == 422 and "Another account" in taken.get_data(as_text=True)


def test_changing_password_needs_the_current_one(client, make_user, login):
    user = make_user()
    login(user)
    response = client.post("/account/password", data={"current": "wrong wrong", "password": "a new passphrase",
                                                       "confirm": "a new passphrase"})
    assert response.status_code == 422 and "not your current password" in response.get_data(as_text=True)
