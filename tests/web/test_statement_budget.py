"""Statements and cookies per request on the hot pages: the lesson page, the dashboard and the answer save."""
from __future__ import annotations

import re

import pytest

from tests.support.statements import statements_during as statements

pytestmark = pytest.mark.pg


def start_attempt(client) -> int:
    response = client.post("/modules/quiz-module/quiz/start")
    return int(re.search(r"/attempts/(\d+)", response.location).group(1))


def test_an_answer_save_runs_four_statements_and_sends_no_cookie(client, signed_in_learner, db):
    attempt = start_attempt(client)
    client.get(f"/attempts/{attempt}")
    for answer in ("b", "a"):  # the first save inserts, the second replaces
        response, seen = statements(db, lambda answer=answer: client.post(
            f"/attempts/{attempt}/answer", data={"question": "pick-one", "answer": answer},
            headers={"Accept": "application/json"}))
        assert response.status_code == 200 and response.get_json()["saved"] is True
        # the signed-in user, the attempt with its quiz, the claim that it is still open, the answer itself
        assert [s.split()[0] for s in seen] == ["SELECT", "SELECT", "UPDATE", "INSERT"], seen
        assert "Set-Cookie" not in response.headers


def test_a_lesson_page_runs_two_statements_and_sends_no_cookie_when_the_session_is_unchanged(client, signed_in_learner, db):
    client.get("/modules/sample-module/lessons/first-lesson")  # shows the sign-in message, caches the content
    response, seen = statements(db, lambda: client.get("/modules/sample-module/lessons/first-lesson"))
    # the user; the module with its version, the lessons done and whether the last quiz attempt failed (only
    # then can a lesson be due for review)
    assert response.status_code == 200 and len(seen) == 2
    assert "Set-Cookie" not in response.headers


def test_the_lesson_page_marks_each_lesson_done_from_its_folded_module_query(client, signed_in_learner):
    lesson = "/modules/sample-module/lessons/{}".format
    client.post(lesson("first-lesson") + "/done")
    first, second = (client.get(lesson(slug)).get_data(as_text=True) for slug in ("first-lesson", "second-lesson"))
    assert "You marked this lesson as done." in first and '<progress max="100" value="50"' in first
    assert "You marked this lesson as done." not in second and "Mark as done" in second
    client.post(lesson("second-lesson") + "/done")
    assert all("You marked this lesson as done." in client.get(lesson(slug)).get_data(as_text=True)
               for slug in ("first-lesson", "second-lesson"))


def test_the_session_cookie_is_still_sent_whenever_the_session_changes(client, signed_in_learner):
    response = client.post("/modules/sample-module/lessons/first-lesson/done")  # flashes a message
    assert response.status_code == 302 and "session=" in response.headers["Set-Cookie"]


def test_a_cookie_replayed_after_sign_out_is_refused_even_though_pages_no_longer_resend_it(client, signed_in_learner):
    client.get("/dashboard")
    stolen = client.get_cookie("session").value
    assert "Set-Cookie" not in client.get("/dashboard").headers
    client.post("/signout")
    client.set_cookie("session", stolen)
    response = client.get("/dashboard")
    assert response.status_code == 302 and "/signin" in response.location
