"""Structured logs: a line per request (request id in and out, user, route, status, duration) and per task;
no secrets (passwords in URLs, reset tokens) in them."""
import json

import pytest

from lms.logs import JsonFormatter, redact_url


def _lines(capsys, logger: str) -> list[dict]:
    err = capsys.readouterr().err
    return [json.loads(line) for line in err.splitlines() if line.startswith("{") and f'"{logger}"' in line]


@pytest.fixture
def app_overrides():
    return {"LOG_FORMAT": "json"}


def test_each_request_logs_one_json_line_and_returns_the_request_id(client, make_user, login, capsys):
    user = make_user()
    login(user)
    capsys.readouterr()
    response = client.get("/dashboard", headers={"X-Request-ID": "lb-42.a"})
    assert response.headers["X-Request-ID"] == "lb-42.a"
    [line] = _lines(capsys, "lms.request")
    assert line["request_id"] == "lb-42.a" and line["user_id"] == user.id and line["route"] == "/dashboard"
    assert line["status"] == 200 and line["method"] == "GET" and line["duration_ms"] >= 0


def test_an_unusable_request_id_is_replaced_by_a_new_one(client, capsys):
    response = client.get("/healthz", headers={"X-Request-ID": "x" * 300})
    assert len(response.headers["X-Request-ID"]) == 32
    [line] = _lines(capsys, "lms.request")
    assert line["request_id"] == response.headers["X-Request-ID"] and line["user_id"] is None


def test_the_route_is_logged_not_the_path_so_reset_tokens_stay_out(client, capsys):
    client.get("/reset-password/secret-token-value")
    err = capsys.readouterr().err
    assert "secret-token-value" not in err and "/reset-password/<token>" in err


def test_each_task_logs_its_name_outcome_and_duration(client, make_user, capsys):
    user = make_user()
    capsys.readouterr()
    client.post("/forgot-password", data={"email": user.email})
    lines = _lines(capsys, "lms.task")  # the reset request (looked up in the queue), then the mail it sends
    line = next(entry for entry in lines if entry["task"].endswith("deliver_mail"))
    assert all(entry["outcome"] == "complete" for entry in lines) and line["task_id"]
    assert line["duration_ms"] >= 0


def test_passwords_in_connection_urls_are_redacted():
    assert redact_url("redis://:s3cret@cache.internal:6379/0") == "redis://:***@cache.internal:6379/0"
    assert redact_url("redis://cache.internal:6379/0") == "redis://cache.internal:6379/0"


def test_json_lines_carry_extra_fields_and_exceptions():
    import logging

    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("lms.test").makeRecord("lms.test", logging.ERROR, __file__, 1, "failed %s",
                                                            ("x",), __import__("sys").exc_info(),
                                                            extra={"task": "t"})
    line = json.loads(JsonFormatter().format(record))
    assert line["msg"] == "failed x" and line["task"] == "t" and "ValueError: boom" in line["exc"]


def test_the_worker_describes_its_queue_without_the_password(tmp_path):
    from lms.queue import queue_description
    from tests.conftest import make_app

    make_app(tmp_path, QUEUE_URL="redis://:hunter22@127.0.0.1:6399/0")
    assert queue_description() == "redis redis://:***@127.0.0.1:6399/0"
