"""Unsubscribe links (confirm page, button, RFC 8058 one-click) and the email settings page."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lms.reminders.kinds import KINDS
from lms.reminders.links import read_unsubscribe_token, unsubscribe_token
from lms.reminders.models import MailOptOut
from lms.reminders.service import send_due_reminders
from tests.conftest import csrf_token_from, smtp_settings
from tests.reminders.conftest import NOW, in_days


def opt_outs(db, user) -> set[str]:
    return set(db.session.scalars(select(MailOptOut.kind).where(MailOptOut.user_id == user.id)))


@pytest.fixture
def app_overrides(request):
    """CSRF protection on, as in production, so the one-click exemption is really tested."""
    return {"WTF_CSRF_ENABLED": True, **smtp_settings(request)}


@pytest.mark.pg
def test_one_click_unsubscribe_from_the_mail_header_works_without_csrf_and_stops_that_kind(
        build, smtp, client, db, db_backend):
    cohort = build.cohort()
    [learner] = build.learners(cohort, 1)
    build.assign(cohort, due_on=in_days(7))
    build.assign(cohort, due_on=in_days(6), module_slug="sample-module")
    assert send_due_reminders(NOW) == 2
    url = re.search(r"<http://lms\.test(/unsubscribe/[^>]+)>", smtp.messages[0]["List-Unsubscribe"]).group(1)
    response = client.post(url, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "You are unsubscribed" in response.get_data(as_text=True)
    assert opt_outs(db, learner) == {"due_soon"}
    assert client.post(url, data="List-Unsubscribe=One-Click").status_code == 200  # twice is harmless
    smtp.messages.clear()
    build.assign(cohort, due_on=in_days(1), module_slug="quiz-module")
    build.assign(cohort, due_on=in_days(5), module_slug="quiz-module")
    assert send_due_reminders(NOW) == 1  # "due tomorrow" still comes; "due within a week" does not
    assert [m["Subject"].split(":")[0] for m in smtp.messages] == ["Due tomorrow"]


def test_the_unsubscribe_link_asks_before_unsubscribing(app, client, db, make_user):
    learner = make_user()
    url = f"/unsubscribe/{unsubscribe_token(learner.id, 'weekly_digest')}"
    page = client.get(url)
    assert page.status_code == 200 and "Stop “Weekly digest” emails?" in page.get_data(as_text=True)
    assert opt_outs(db, learner) == set()  # a link scanner's GET changes nothing
    assert client.post(url).status_code == 200
    assert opt_outs(db, learner) == {"weekly_digest"}


@pytest.mark.parametrize("token", ["not-a-token", "WzcsICJvdmVyZHVlIl0", "unknown-user"])
def test_a_bad_or_forged_unsubscribe_link_gets_a_clear_404(client, token):
    if token == "unknown-user":
        token = unsubscribe_token(99999, "overdue")
    for method in ("GET", "POST"):
        response = client.open(f"/unsubscribe/{token}", method=method)
        assert response.status_code == 404 and "not valid" in response.get_data(as_text=True)


def test_tokens_name_one_person_and_one_kind(app):
    assert read_unsubscribe_token(unsubscribe_token(7, "overdue")) == (7, "overdue")
    assert read_unsubscribe_token(unsubscribe_token(7, "overdue")[:-2]) is None


def test_email_settings_page_turns_kinds_off_and_on_and_needs_csrf(app, client, db, make_user, login):
    learner = make_user()
    login_page = client.get("/signin").get_data(as_text=True)
    client.post("/signin", data={"email": learner.email, "password": "correct horse battery",
                                 "csrf_token": csrf_token_from(login_page)})
    page = client.get("/account/email-settings").get_data(as_text=True)
    assert all(label in page for label, _hint in KINDS.values())
    assert page.count("checked") == len(KINDS)  # everything on by default
    token = csrf_token_from(page)
    keep = {kind: "y" for kind in KINDS if kind not in ("weekly_digest", "overdue")}
    assert client.post("/account/email-settings", data={**keep, "csrf_token": token}).status_code == 302
    assert opt_outs(db, learner) == {"weekly_digest", "overdue"}
    page = client.get("/account/email-settings").get_data(as_text=True)
    assert page.count("checked") == len(KINDS) - 2
    everything = {kind: "y" for kind in KINDS}
    assert client.post("/account/email-settings", data={**everything, "csrf_token": token}).status_code == 302
    assert opt_outs(db, learner) == set()
    refused = client.post("/account/email-settings", data={"due_soon": "y"})  # no CSRF token
    assert refused.status_code in (400, 422) and opt_outs(db, learner) == set()
