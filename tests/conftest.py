"""Shared fixtures: app (SQLite, or PostgreSQL for tests marked `pg`), client, db, make_user, login, content."""
from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from lms import create_app
from lms.extensions import db as _db
from lms.extensions import limiter
from tests.support.postgres import PostgresServer
from tests.support.redis import RedisServer
from tests.support.smtp import SmtpServer

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_CONTENT = FIXTURES / "content"
PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def pytest_generate_tests(metafunc):
    """Tests marked `pg` run once on SQLite and once on a real PostgreSQL server."""
    if "db_backend" in metafunc.fixturenames:
        backends = ["sqlite", "postgresql"] if metafunc.definition.get_closest_marker("pg") else ["sqlite"]
        metafunc.parametrize("db_backend", backends, scope="function")


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server started for this test session (or LMS_TEST_DATABASE_URL)."""
    import os

    if os.environ.get("LMS_TEST_DATABASE_URL"):
        yield os.environ["LMS_TEST_DATABASE_URL"]
        return
    server = PostgresServer()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_server():
    """A redis-server started on loopback for this test session."""
    server = RedisServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server):
    """The session's Redis, emptied for this test."""
    import redis

    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    client.close()
    return redis_server.url


_schema_ready: set[str] = set()


def _reset_database(app, backend: str) -> None:
    with app.app_context():
        if backend not in _schema_ready or backend == "sqlite":
            if backend == "postgresql":
                with _db.engine.begin() as conn:
                    conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            _db.create_all()
            _schema_ready.add(backend)
        else:
            names = ", ".join(f'"{t.name}"' for t in _db.metadata.sorted_tables)
            with _db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


class FreshContextClient(FlaskClient):
    """Each request runs in its own app context, as in a real server: no `g` (signed-in user, DB session)
    leaks from the test's context or from one request into the next."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_app(tmp_path: Path, database_url: str | None = None, **overrides):
    """An app on a fresh database under tmp_path, with test-friendly settings."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
        "CURRICULUM_DIR": str(SAMPLE_CONTENT / "curriculum"),
        "QUIZZES_DIR": str(SAMPLE_CONTENT / "quizzes"),
        "BASE_URL": "http://lms.test",
        "QUEUE_URL": "immediate",
        "PROGRAMS_DIR": str(SAMPLE_CONTENT / "programs"),
        "CERTIFICATE_PROCESSES": 1,  # bulk issue in the test process; the pool's own tests turn it on
    }
    config.update(overrides)
    import os

    os.environ["LMS_INSTANCE_PATH"] = str(tmp_path / "instance")
    application = create_app(config)
    application.test_client_class = FreshContextClient
    return application


@pytest.fixture
def db_backend():  # replaced by parametrization; the default keeps SQLite
    return "sqlite"


@pytest.fixture
def smtp():
    """A real SMTP server on loopback that keeps what it receives; a test that uses it gets mail sent there."""
    with SmtpServer() as server:
        yield server


def smtp_settings(request) -> dict:
    """Mail settings for the test's `smtp` server, when the test uses one."""
    if "smtp" in request.fixturenames:
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": request.getfixturevalue("smtp").port}
    return {}


@pytest.fixture
def app_overrides(request):
    """Tests override settings by redefining this fixture (mail goes to `smtp` when the test uses it)."""
    return smtp_settings(request)


@pytest.fixture
def app(tmp_path, db_backend, request, app_overrides):
    """The application on a clean database (SQLite file, or the session's PostgreSQL server)."""
    url = request.getfixturevalue("postgres_url") if db_backend == "postgresql" else None
    application = make_app(tmp_path, url, **app_overrides)
    _reset_database(application, db_backend)
    if application.config["RATELIMIT_ENABLED"]:
        limiter.reset()
    with application.app_context():
        yield application
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture
def db(app):
    """The SQLAlchemy handle, inside the app context."""
    return _db


@pytest.fixture
def center(app):
    """A training center."""
    from lms.centers.service import create_center

    return create_center(name="Southeast Regional Training Center", region="Charlotte, NC")


@pytest.fixture
def make_user(app, center):
    """Factory: make_user(role='learner'|'trainer'|'center_admin'|'agency_coordinator'|'site_admin', center=...)."""
    from lms.auth.service import register_user
    from lms.centers.service import set_role

    def factory(role: str = "learner", *, center_obj=None, email: str | None = None, password: str = PASSWORD,
                discipline: str = "officer", full_name: str | None = None):
        n = next(_counter)
        home = center_obj or center
        user = register_user(email=email or f"user{n}@example.org", password=password,
                             full_name=full_name or f"Test User {n}", discipline=discipline, agency="Test PD",
                             center_id=None if role == "site_admin" else home.id,
                             is_site_admin=role == "site_admin")
        if role in ("trainer", "center_admin", "agency_coordinator"):
            set_role(user_id=user.id, center_id=home.id, role=role)
        return user

    return factory


@pytest.fixture
def login(client):
    """login(user) signs the test client in through the real sign-in form."""

    def do_login(user, password: str = PASSWORD, remember: bool = False):
        response = client.post("/signin", data={"email": user.email, "password": password,
                                                "remember": "y" if remember else ""})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    return do_login


@pytest.fixture
def signed_in_learner(make_user, login, content):
    """A learner signed in on `client`, with the sample content imported."""
    user = make_user()
    login(user)
    return user


@pytest.fixture
def content(app):
    """The sample curriculum (tests/fixtures/content) imported."""
    from lms.publishing import import_content

    return import_content(SAMPLE_CONTENT / "curriculum", SAMPLE_CONTENT / "quizzes", SAMPLE_CONTENT / "programs")


def csrf_token_from(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)
