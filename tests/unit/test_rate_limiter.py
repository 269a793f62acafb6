"""The rate limiter skips its before-request check only when no limit would be found by it; every configured limit
still answers 429 (a limit on the view, inside it, on its blueprint, or a default / application limit)."""
from __future__ import annotations

from flask import Blueprint, Flask
from flask_limiter.util import get_remote_address

from lms.rate_limiter import Limiter


def _site(**limiter_args):
    """A bare app with a page of each kind, its limiter, and the paths of the limit checks that ran (a request
    filter sees every check Flask-Limiter makes)."""
    app = Flask(__name__)
    app.config.update(limiter_args.pop("config", {}))
    limiter = Limiter(get_remote_address, storage_uri="memory://", **limiter_args)
    checks: list[str] = []

    @limiter.request_filter
    def _record():
        from flask import request

        checks.append(request.path)
        return False

    @app.get("/free")
    def free():
        return "free"

    @app.get("/decorated")
    @limiter.limit("2 per minute")
    def decorated():
        return "decorated"

    @app.get("/inside")
    def inside():
        with limiter.limit("2 per minute"):
            return "inside"

    section = Blueprint("limited_section", __name__)

    @section.get("/section")
    def in_section():
        return "section"

    limiter.limit("2 per minute")(section)
    app.register_blueprint(section)
    limiter.init_app(app)
    return app.test_client(), checks


def _codes(client, path: str, times: int = 3) -> list[int]:
    return [client.get(path).status_code for _ in range(times)]


def test_a_page_without_limits_skips_the_check_when_no_wide_limit_is_set():
    client, checks = _site()
    assert _codes(client, "/free") == [200, 200, 200]
    assert checks == []


def test_a_limit_on_the_view_still_answers_429_and_is_checked_once_per_request():
    client, checks = _site()
    assert _codes(client, "/decorated") == [200, 200, 429]
    assert checks == ["/decorated"] * 3  # by the decorator; the check before the view was skipped


def test_a_limit_taken_inside_the_view_still_answers_429():
    client, _ = _site()
    assert _codes(client, "/inside") == [200, 200, 429]


def test_a_limit_on_the_blueprint_still_answers_429():
    client, checks = _site()
    assert _codes(client, "/section") == [200, 200, 429]
    assert checks  # a blueprint's limit is checked before the view, so that check ran


def test_default_limits_set_in_the_configuration_cover_a_page_without_limits():
    client, checks = _site(config={"RATELIMIT_DEFAULT": "2 per minute"})
    assert _codes(client, "/free") == [200, 200, 429]
    assert checks


def test_default_and_application_limits_given_to_the_limiter_cover_a_page_without_limits():
    for argument in ("default_limits", "application_limits"):
        client, _ = _site(**{argument: ["2 per minute"]})
        assert _codes(client, "/free") == [200, 200, 429], argument


def test_the_sign_in_limit_of_the_app_still_answers_429(tmp_path):
    from lms.extensions import db, limiter
    from tests.conftest import make_app

    app = make_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="2 per minute")
    with app.app_context():
        db.create_all()
        limiter.reset()
    client = app.test_client()
    codes = [client.post("/signin", data={"email": "a@b.org", "password": "x"}).status_code for _ in range(3)]
    assert codes == [422, 422, 429]
    assert client.get("/signin").status_code == 200  # the limit is on posts only
