"""Redis as the README documents it: the task queue and the rate limits on a real redis-server (started on
loopback by the suite), and the site degrading instead of failing when Redis goes away."""
import logging

import pytest
import redis

from lms.auth.service import register_user
from lms.centers.service import create_center
from lms.queue import huey, record_heartbeat
from tests.conftest import make_app
from tests.support import outbox
from tests.support.postgres import _free_port
from tests.support.redis import RedisServer

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_app(tmp_path, redis_url):
    """An app whose queue and rate limits live in the session's Redis."""
    from lms.extensions import db, limiter

    app = make_app(tmp_path, QUEUE_URL=redis_url, RATELIMIT_STORAGE_URI=redis_url, RATELIMIT_ENABLED=True,
                   RATELIMIT_LOGIN="3 per minute")
    with app.app_context():
        db.create_all()
        limiter.reset()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_mail_is_queued_in_redis_and_a_worker_delivers_it(redis_app, tmp_path):
    register_user(email="ada@example.org", password="long enough passphrase", full_name="Ada L",
                  discipline="officer", agency="PD", center_id=None)
    client = redis_app.test_client()
    assert client.post("/forgot-password", data={"email": "ada@example.org"}).status_code == 302
    [request_task] = [huey.dequeue() for _ in range(huey.pending_count())]
    assert request_task.name == "lms.lms.auth.tasks.password_reset_requested"  # the lookup is the worker's
    assert not (tmp_path / "outbox").exists()
    huey.execute(request_task)
    [mail_task] = [huey.dequeue() for _ in range(huey.pending_count())]
    assert mail_task.name == "lms.lms.mail_tasks.deliver_mail"
    huey.execute(mail_task)
    [mail] = outbox.messages(tmp_path / "outbox")
    assert mail["To"] == "ada@example.org" and "/reset-password/" in outbox.text_of(mail)
    assert huey.pending_count() == 0


def test_sign_in_limits_are_counted_in_redis(redis_app, redis_url):
    client = redis_app.test_client()
    statuses = [client.post("/signin", data={"email": "x@example.org", "password": "wrong password"}).status_code
                for _ in range(4)]
    assert statuses == [422, 422, 422, 429]
    assert redis.Redis.from_url(redis_url).keys("LIMITS*")


def test_readyz_reports_the_redis_queue_and_the_worker_heartbeat(redis_app):
    client = redis_app.test_client()
    body = client.get("/readyz").get_json()
    assert body["status"] == "degraded" and body["checks"]["worker"]["ok"] is False
    assert body["checks"]["queue"]["ok"] and body["checks"]["queue"]["detail"].startswith("redis redis://127.0.0.1")
    record_heartbeat()
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json()["status"] == "ok"


def test_with_redis_down_pages_keep_working_and_readiness_tells_the_truth(tmp_path, caplog, capsys):
    from lms.extensions import db, limiter

    server = RedisServer()
    url = server.start()
    try:
        app = make_app(tmp_path, QUEUE_URL=url, RATELIMIT_STORAGE_URI=url, RATELIMIT_ENABLED=True)
        with app.app_context():
            db.create_all()
            limiter.reset()
            center_id = create_center(name="Redis RTC", region="Test").id
            register_user(email="ada@example.org", password="long enough passphrase", full_name="Ada L",
                          discipline="officer", agency="PD", center_id=None)
            client = app.test_client()
            assert client.get("/readyz").status_code == 200
        server.stop()
        with app.app_context(), caplog.at_level(logging.WARNING):
            assert client.post("/signin", data={"email": "ada@example.org", "password": "nope nope"}).status_code \
                == 422
            signed_in = client.post("/signin", data={"email": "ada@example.org", "password": "long enough passphrase"})
            assert signed_in.status_code == 302 and signed_in.location.endswith("/dashboard")
            client.post("/signout")
            # a reset or sign-up that cannot be queued says so, the same for every address (no enumeration)
            answers = [client.post("/forgot-password", data={"email": email})
                       for email in ("ada@example.org", "nobody@example.org")]
            assert [a.status_code for a in answers] == [503, 503]
            assert all(a.headers["Retry-After"] == "60" and "try again in a few minutes" in a.get_data(as_text=True)
                       for a in answers)
            signup = client.post("/signup", data={
                "full_name": "Bo Ray", "email": "bo@example.org", "password": "blue kettle on the porch",
                "confirm": "blue kettle on the porch", "discipline": "clinician", "agency": "Clinic",
                "center": str(center_id)})
            assert signup.status_code == 503 and "try again in a few minutes" in signup.get_data(as_text=True)
            assert client.get("/verify?code=CDCP-AAAA-AAAA").status_code == 404
            assert client.get("/verify/" + "a" * 32).status_code == 404
            assert client.get("/healthz").status_code == 200
            ready = client.get("/readyz")
            assert ready.status_code == 503 and ready.get_json()["checks"]["queue"]["ok"] is False
            db.session.remove()
            db.engine.dispose()
        assert "falling back to in-memory storage" in caplog.text
        logged = capsys.readouterr().err
        assert 'msg="queue unreachable; task not sent" task=lms.lms.auth.tasks.password_reset_requested' in logged
        assert 'msg="queue unreachable; task not sent" task=lms.lms.auth.tasks.signup_requested' in logged
    finally:
        server.stop()


def test_with_redis_down_a_site_admin_reset_says_no_email_was_sent_and_audits_nothing(tmp_path):
    from sqlalchemy import select

    from lms.audit.models import AuditEvent
    from lms.extensions import db

    dead = f"redis://127.0.0.1:{_free_port()}/0"  # nothing listens there
    app = make_app(tmp_path, QUEUE_URL=dead)
    with app.app_context():
        db.create_all()
        admin = register_user(email="admin@example.org", password="long enough passphrase", full_name="Site Admin",
                              discipline="officer", agency="PD", center_id=None)
        admin.is_site_admin = True
        learner = register_user(email="ada@example.org", password="long enough passphrase", full_name="Ada L",
                                discipline="officer", agency="PD", center_id=None)
        db.session.commit()
        learner_id = learner.id
        client = app.test_client()
        client.post("/signin", data={"email": "admin@example.org", "password": "long enough passphrase"})
        page = client.post(f"/admin/users/{learner_id}/reset", follow_redirects=True)
        assert page.status_code == 200 and "no email was sent" in page.get_data(as_text=True)
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.reset_sent_by_admin")) is None
        db.session.remove()
        db.engine.dispose()
