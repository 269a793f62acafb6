"""Failed sign-ins slow down the address they come from, never lock the owner out, look the same for unknown
emails, and tell the owner by email; reset and sign-up requests answer the same and do their lookups queued."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.timeutil import utcnow
from tests.conftest import PASSWORD
from tests.support import outbox

pytestmark = pytest.mark.pg
WAIT = 600  # the first delay in these tests: long enough that a slow machine cannot outrun it


@pytest.fixture
def app_overrides():
    return {"LOGIN_FREE_FAILURES": 3, "LOGIN_ACCOUNT_FREE_FAILURES": 6, "LOGIN_DELAY_SECONDS": WAIT,
            "LOGIN_MAX_DELAY": 4 * WAIT, "LOGIN_ACCOUNT_MAX_DELAY": WAIT}


def sign_in(client, email, password, address):
    return client.post("/signin", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def fail(client, email, address, times):
    return [sign_in(client, email, "wrong wrong wrong", address).status_code for _ in range(times)]


def test_failures_from_one_address_slow_down_that_address_only(client, make_user):
    user = make_user()
    assert fail(client, user.email, "10.0.0.1", 3) == [422, 422, 422]
    slowed = sign_in(client, user.email, PASSWORD, "10.0.0.1")
    assert slowed.status_code == 429 and int(slowed.headers["Retry-After"]) > WAIT - 60
    assert "Too many failed attempts from here" in slowed.get_data(as_text=True)
    assert sign_in(client, user.email, PASSWORD, "10.0.0.2").status_code == 302


def test_the_wait_passes_and_a_success_starts_the_count_again(client, make_user, monkeypatch):
    user = make_user()
    fail(client, user.email, "10.0.0.1", 3)
    later = utcnow() + timedelta(seconds=WAIT + 5)
    monkeypatch.setattr("lms.auth.throttle.utcnow", lambda: later)
    assert sign_in(client, user.email, PASSWORD, "10.0.0.1").status_code == 302
    assert fail(client, user.email, "10.0.0.1", 2) == [422, 422]


def test_a_stranger_cannot_lock_the_owner_out_of_an_address_they_used_before(client, make_user):
    user = make_user()
    assert sign_in(client, user.email, PASSWORD, "10.0.0.9").status_code == 302
    client.post("/signout")
    for n in range(4):
        fail(client, user.email, f"192.0.2.{n}", 2)  # 8 failures from four addresses: the account is slowed
    assert sign_in(client, user.email, PASSWORD, "198.51.100.7").status_code == 429  # a new address waits
    assert int(sign_in(client, user.email, PASSWORD, "198.51.100.7").headers["Retry-After"]) <= WAIT
    assert sign_in(client, user.email, PASSWORD, "10.0.0.9").status_code == 302  # the owner's usual address


def test_unknown_emails_are_slowed_down_exactly_like_accounts(client, make_user):
    user = make_user()
    known = [sign_in(client, user.email, "wrong wrong wrong", "10.0.0.1") for _ in range(4)]
    unknown = [sign_in(client, "nobody@example.org", "wrong wrong wrong", "10.0.0.1") for _ in range(4)]
    assert [r.status_code for r in known] == [r.status_code for r in unknown] == [422, 422, 422, 429]
    page = lambda r: r.get_data(as_text=True).replace(user.email, "").replace("nobody@example.org", "")  # noqa: E731
    assert [page(r) for r in known] == [page(r) for r in unknown]


def test_the_owner_is_told_by_email_once_when_attempts_are_slowed_down(client, make_user, tmp_path):
    user = make_user()
    fail(client, user.email, "10.0.0.1", 2)
    assert outbox.messages(tmp_path / "outbox") == []
    fail(client, user.email, "10.0.0.1", 3)
    [message] = outbox.messages(tmp_path / "outbox")
    assert message["To"] == user.email and "10.0.0.1" in outbox.text_of(message)
    assert "not locked" in outbox.text_of(message)


def test_failures_are_audited_by_email_digest_and_address(client, make_user, db):
    user = make_user()
    fail(client, user.email, "10.0.0.1", 1)
    fail(client, "nobody@example.org", "10.0.0.1", 1)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "auth.signin_failed")
                                .order_by(AuditEvent.id)).all()
    assert [(e.actor_id, e.ip, e.target_type, len(e.target_id)) for e in events] == [
        (user.id, "10.0.0.1", "email", 64), (None, "10.0.0.1", "email", 64)]


@pytest.fixture
def queued(app, tmp_path):
    """A real (SQLite-file) queue instead of running tasks at once; yields a function that runs what is due."""
    from lms.queue import configure_queue, huey

    app.config["QUEUE_URL"] = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    configure_queue(app)

    def run_all():
        while huey.pending_count():
            task = huey.dequeue()
            huey.execute(task)

    yield run_all
    app.config["QUEUE_URL"] = "immediate"
    configure_queue(app)


def test_reset_requests_answer_the_same_and_look_the_address_up_in_the_queue(client, make_user, db, tmp_path,
                                                                             queued):
    user = make_user()
    known = client.post("/forgot-password", data={"email": user.email}, follow_redirects=True)
    unknown = client.post("/forgot-password", data={"email": "nobody@example.org"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    assert outbox.messages(tmp_path / "outbox") == []
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "account.reset_requested")) == 0
    queued()
    [message] = outbox.messages(tmp_path / "outbox")
    assert message["To"] == user.email and "/reset-password/" in outbox.text_of(message)


def test_sign_up_requests_are_queued_too(client, center, make_user, tmp_path, queued):
    from tests.web.test_auth import signup_data

    owner = make_user(email="jordan@example.org")
    assert client.post("/signup", data=signup_data(center)).status_code == 302
    assert outbox.messages(tmp_path / "outbox") == []
    queued()
    [message] = outbox.messages(tmp_path / "outbox")
    assert message["To"] == owner.email


@pytest.fixture
def limited(tmp_path):
    from lms.extensions import db as _db
    from lms.extensions import limiter
    from tests.conftest import make_app

    application = make_app(tmp_path / "rl", RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute",
                           RATELIMIT_LOGIN_ADDRESS="11 per minute")
    with application.app_context():
        _db.create_all()
        limiter.reset()
    return application.test_client()


def test_the_sign_in_rate_limit_counts_each_learner_of_a_shared_address_separately(limited):
    post = lambda email: limited.post("/signin", data={"email": email, "password": "x"}).status_code  # noqa: E731
    room = [post(f"learner{n}@example.org") for n in range(3) for _ in range(3)]
    assert room == [422] * 9  # three learners, three tries each, one address
    assert post("learner0@example.org") == 429  # the fourth try of one learner
    assert post("learner9@example.org") == 422  # the address as a whole has a looser limit...
    assert post("learner8@example.org") == 429  # ...which it has now reached (11 per minute)


def test_an_unknown_email_still_costs_a_password_hash(client, monkeypatch):
    from lms.auth import service

    checked = []
    real = service.verify_password
    monkeypatch.setattr(service, "verify_password", lambda stored, given: checked.append(stored) or real(stored, given))
    sign_in(client, "nobody@example.org", "wrong wrong wrong", "10.0.0.1")
    assert checked == [service._dummy_hash()]
