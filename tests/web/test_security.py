"""Headers, CSRF, error pages and state-changing GETs (checklist 7, 15)."""
import pytest
from flask import url_for
from sqlalchemy import func, select

from lms.extensions import db as _db
from tests.conftest import make_app


def test_every_response_carries_the_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_behind_sign_in_are_not_cached(client, make_user, login):
    login(make_user())
    assert client.get("/dashboard").headers["Cache-Control"] == "no-store"


@pytest.fixture
def csrf_client(tmp_path, app):
    application = make_app(tmp_path / "csrf", WTF_CSRF_ENABLED=True)
    with application.app_context():
        _db.create_all()
    return application


# The one exemption: an email's unsubscribe link, whose signed token is the authority and which mail clients POST
# without any form (RFC 8058 one-click); tests/reminders/test_unsubscribe_and_settings.py covers it.
CSRF_EXEMPT = {"reminders.unsubscribe"}


def test_every_post_route_without_a_csrf_token_is_refused_with_400(csrf_client):
    client = csrf_client.test_client()
    posts = [rule for rule in csrf_client.url_map.iter_rules()
             if "POST" in rule.methods and rule.endpoint not in CSRF_EXEMPT]
    assert posts, "no POST routes found"
    for rule in posts:
        values = {name: 1 if name.endswith("_id") or name == "number" else "approve" if name == "decision" else "lock" if name == "action" else "x"
                  for name in rule.arguments}
        with csrf_client.test_request_context():
            url = url_for(rule.endpoint, **values)
        response = client.post(url, data={"email": "a@b.org", "password": "x"})
        assert response.status_code == 400, (rule.rule, response.status_code)
        assert "form expired" in response.get_data(as_text=True)


def test_the_sign_in_form_works_with_its_csrf_token(csrf_client):
    from tests.conftest import csrf_token_from

    client = csrf_client.test_client()
    token = csrf_token_from(client.get("/signin").get_data(as_text=True))
    response = client.post("/signin", data={"csrf_token": token, "email": "a@b.org", "password": "nope nope"})
    assert response.status_code == 422


def test_an_unexpected_error_shows_a_plain_page_without_a_stack_trace(app, client):
    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("secret internals")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom-for-test")
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and "Something went wrong" in body
    assert "Traceback" not in body and "secret internals" not in body


def test_error_pages_answer_json_to_api_clients(client):
    response = client.get("/nope", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.get_json()["error"] == "Page not found"


def _row_counts():
    return {table.name: _db.session.scalar(select(func.count()).select_from(table))
            for table in _db.metadata.sorted_tables}


def test_no_get_request_changes_stored_state(app, client, make_user, login, content):
    user = make_user()
    login(user)
    before = _row_counts()
    gets = [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods and not rule.arguments]
    for rule in gets:
        client.get(rule.rule)
    for url in ("/modules/sample-module", "/modules/sample-module/lessons/first-lesson"):
        assert client.get(url).status_code == 200
    after = _row_counts()
    assert before == after


def test_the_rate_limit_answers_429_on_repeated_sign_in_attempts(tmp_path, app):
    limited = make_app(tmp_path / "rl", RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute")
    with limited.app_context():
        _db.create_all()
    from lms.extensions import limiter
    with limited.app_context():
        limiter.reset()
    client = limited.test_client()
    codes = [client.post("/signin", data={"email": "a@b.org", "password": "x"}).status_code for _ in range(5)]
    assert codes[:3] == [422, 422, 422] and codes[3:] == [429, 429]
