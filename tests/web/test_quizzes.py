"""Taking a quiz through real requests: answers saved as given, nothing leaked early, one graded submit."""
import re
import shutil
import threading
from datetime import timedelta

import pytest
import requests
from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.progress.models import ModuleCompletion
from lms.publishing import import_content
from lms.quizzes.models import AttemptAnswer, QuizAttempt
from tests.conftest import PASSWORD, SAMPLE_CONTENT
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.pg
SECRET_MARKERS = ("RIGHT-FEEDBACK", "WRONG-FEEDBACK", "MULTI-", "TF-TRUE", "TF-FALSE", "SCEN-", "correct",
                  "points")


@pytest.fixture
def learner(make_user, login, content):
    user = make_user()
    login(user)
    return user


def start(client) -> int:
    response = client.post("/modules/quiz-module/quiz/start")
    assert response.status_code == 302
    return int(re.search(r"/attempts/(\d+)", response.location).group(1))


def page(client, attempt_id, q=None) -> str:
    return client.get(f"/attempts/{attempt_id}" + (f"?q={q}" if q else "")).get_data(as_text=True)


def question_number(client, attempt_id, question_id) -> int:
    for q in range(1, 5):
        if f'name="question" value="{question_id}"' in page(client, attempt_id, q):
            return q
    raise AssertionError(question_id)


def test_the_quiz_landing_page_describes_the_quiz(client, learner):
    html = client.get("/modules/quiz-module/quiz").get_data(as_text=True)
    assert "Sample scenario check" in html and "Pass mark: 80%" in html and "3 allowed, 0 used" in html


def test_unanswered_questions_reveal_no_right_answer_or_feedback(client, learner):
    attempt = start(client)
    for q in range(1, 5):
        html = page(client, attempt, q)
        for marker in SECRET_MARKERS:
            assert marker not in html, (q, marker)


def test_an_answer_is_saved_when_given_and_survives_another_device(client, app, learner, db):
    attempt = start(client)
    q = question_number(client, attempt, "pick-one")
    response = client.post(f"/attempts/{attempt}/answer", data={"question": "pick-one", "answer": "b"})
    assert response.status_code == 302
    assert db.session.scalar(select(AttemptAnswer.value).where(AttemptAnswer.question_id == "pick-one")) == "b"
    other = app.test_client()
    other.post("/signin", data={"email": learner.email, "password": PASSWORD})
    assert start(other) == attempt
    assert re.search(r'value="b"\s*checked', page(other, attempt, q))


def test_autosave_answers_json_and_replaces_the_previous_answer(client, learner, db):
    attempt = start(client)
    headers = {"Accept": "application/json"}
    for choice in (["a"], ["a", "b"]):
        response = client.post(f"/attempts/{attempt}/answer", data={"question": "pick-many", "answer": choice},
                               headers=headers)
        assert response.status_code == 200 and response.get_json()["saved"] is True
    assert db.session.scalar(select(AttemptAnswer.value).where(AttemptAnswer.question_id == "pick-many")) == \
        ["a", "b"]
    assert db.session.scalar(select(func.count()).select_from(AttemptAnswer)) == 1


@pytest.mark.parametrize("data,message", [
    ({"question": "pick-one", "answer": "z"}, "Choose one of the options."),
    ({"question": "pick-one"}, "Choose one of the options."),
    ({"question": "calm-child", "answer": "maybe"}, "Choose True or False."),
    ({"question": "no-such-question", "answer": "a"}, "not part of this attempt"),
    ({"question": "stabbing", "answer": "a"}, "one decision at a time"),
])
def test_bad_answers_get_a_clear_message_and_save_nothing(client, learner, db, data, message):
    attempt = start(client)
    response = client.post(f"/attempts/{attempt}/answer", data=data, headers={"Accept": "application/json"})
    assert response.status_code == 422 and message in response.get_json()["message"]
    assert db.session.scalar(select(func.count()).select_from(AttemptAnswer)) == 0


def test_scenario_decisions_show_their_own_feedback_and_lead_to_the_next_step(client, learner):
    attempt = start(client)
    q = question_number(client, attempt, "stabbing")
    client.post(f"/attempts/{attempt}/decide", data={"question": "stabbing", "step": "first", "answer": "b"})
    html = page(client, attempt, q)
    assert "SCEN-EYE-LEVEL" in html and "He asks whether his mother will die" in html
    assert "SCEN-LEAVE" not in html and "SCEN-HONEST" not in html and "SCEN-PROMISE" not in html


def test_a_decision_for_a_step_that_is_not_current_is_refused(client, learner, db):
    attempt = start(client)
    response = client.post(f"/attempts/{attempt}/decide", data={"question": "stabbing", "step": "question",
                                                                "answer": "b"}, headers={"Accept": "application/json"})
    assert response.status_code == 409
    assert db.session.scalar(select(func.count()).select_from(AttemptAnswer)) == 0


def test_repeating_the_same_decision_twice_is_harmless(client, learner, db):
    attempt = start(client)
    for _ in range(2):
        client.post(f"/attempts/{attempt}/decide", data={"question": "stabbing", "step": "first", "answer": "b"})
    assert db.session.scalar(select(AttemptAnswer.value)) == [["first", "b"]]


def answer_all_best(client, attempt):
    client.post(f"/attempts/{attempt}/answer", data={"question": "pick-one", "answer": "b"})
    client.post(f"/attempts/{attempt}/answer", data={"question": "pick-many", "answer": ["a", "b"]})
    client.post(f"/attempts/{attempt}/answer", data={"question": "calm-child", "answer": "false"})
    client.post(f"/attempts/{attempt}/decide", data={"question": "stabbing", "step": "first", "answer": "b"})
    client.post(f"/attempts/{attempt}/decide", data={"question": "stabbing", "step": "question", "answer": "b"})


def test_submitting_twice_gives_one_graded_attempt_and_answers_stop_changing(client, learner, db):
    attempt = start(client)
    answer_all_best(client, attempt)
    for _ in range(2):
        assert client.post(f"/attempts/{attempt}/submit").location.endswith(f"/attempts/{attempt}/result")
    row = db.session.get(QuizAttempt, attempt)
    assert row.score == 100.0 and row.passed is True
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "quiz.submit")) == 1
    late = client.post(f"/attempts/{attempt}/answer", data={"question": "pick-one", "answer": "a"},
                       headers={"Accept": "application/json"})
    assert late.status_code == 409
    assert db.session.scalar(select(AttemptAnswer.value).where(AttemptAnswer.question_id == "pick-one")) == "b"


def test_the_result_page_explains_every_question_with_sources(client, learner):
    attempt = start(client)
    client.post(f"/attempts/{attempt}/answer", data={"question": "pick-one", "answer": "a"})
    client.post(f"/attempts/{attempt}/submit")
    html = client.get(f"/attempts/{attempt}/result").get_data(as_text=True)
    assert "Not passed yet" in html
    assert "WRONG-FEEDBACK-A" in html and "RIGHT-FEEDBACK-B" in html and "Quiz Source" in html
    assert "did not make any decision" in html


def test_passing_the_quiz_after_the_lessons_completes_the_module(client, learner, db):
    attempt = start(client)
    answer_all_best(client, attempt)
    client.post(f"/attempts/{attempt}/submit")
    assert db.session.scalar(select(func.count()).select_from(ModuleCompletion)) == 0
    client.post("/modules/quiz-module/lessons/only-lesson/done")
    assert db.session.scalar(select(func.count()).select_from(ModuleCompletion)) == 1


def test_lessons_first_then_a_pass_completes_the_module_at_submission(client, learner, db):
    client.post("/modules/quiz-module/lessons/only-lesson/done")
    assert db.session.scalar(select(func.count()).select_from(ModuleCompletion)) == 0
    attempt = start(client)
    answer_all_best(client, attempt)
    client.post(f"/attempts/{attempt}/submit")
    assert db.session.scalar(select(func.count()).select_from(ModuleCompletion)) == 1


def test_a_failed_quiz_does_not_complete_the_module(client, learner, db):
    client.post("/modules/quiz-module/lessons/only-lesson/done")
    attempt = start(client)
    client.post(f"/attempts/{attempt}/submit")
    assert db.session.scalar(select(func.count()).select_from(ModuleCompletion)) == 0


def test_attempts_run_out_at_the_limit(client, learner):
    for _ in range(3):
        client.post(f"/attempts/{start(client)}/submit")
    response = client.post("/modules/quiz-module/quiz/start", follow_redirects=True)
    assert "You have used all 3 attempts" in response.get_data(as_text=True)


def test_an_attempt_past_its_deadline_is_graded_with_what_was_saved(client, learner, db):
    attempt = start(client)
    client.post(f"/attempts/{attempt}/answer", data={"question": "pick-one", "answer": "b"})
    row = db.session.get(QuizAttempt, attempt)
    row.deadline = row.started_at - timedelta(seconds=1)
    db.session.commit()
    late = client.post(f"/attempts/{attempt}/answer", data={"question": "calm-child", "answer": "false"},
                       headers={"Accept": "application/json"})
    assert late.status_code == 409
    assert client.get(f"/attempts/{attempt}").location.endswith("/result")
    db.session.refresh(row)
    assert row.submitted_at is not None and row.score == 20.0


def test_another_learners_attempt_is_not_found(client, app, learner, make_user):
    attempt = start(client)
    other_user = make_user()
    other = app.test_client()
    other.post("/signin", data={"email": other_user.email, "password": PASSWORD})
    for url in (f"/attempts/{attempt}", f"/attempts/{attempt}/result"):
        assert other.get(url).status_code == 404
    assert other.post(f"/attempts/{attempt}/submit").status_code == 404


def test_a_new_quiz_version_does_not_disturb_an_attempt_under_way(client, learner, db, tmp_path):
    attempt = start(client)
    client.post(f"/attempts/{attempt}/answer", data={"question": "pick-one", "answer": "b"})
    target = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, target)
    quiz = target / "quizzes" / "02-quiz-module.yaml"
    quiz.write_text(quiz.read_text().replace("What does that most likely show?", "What does this CHANGED show?"))
    assert import_content(target / "curriculum", target / "quizzes").created == 1
    assert "CHANGED" not in page(client, attempt, question_number(client, attempt, "pick-one"))
    assert start(client) == attempt


def test_a_failure_in_the_middle_of_submitting_leaves_the_attempt_untouched(client, app, learner, db):
    from lms.quizzes.signals import attempt_graded

    attempt = start(client)
    answer_all_best(client, attempt)

    def crash(*_args, **_kwargs):
        raise RuntimeError("worker died")

    attempt_graded.connect(crash)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        assert client.post(f"/attempts/{attempt}/submit").status_code == 500
    finally:
        attempt_graded.disconnect(crash)
    row = db.session.get(QuizAttempt, attempt)
    assert row.submitted_at is None and row.score is None
    assert db.session.scalar(select(func.count()).select_from(ModuleCompletion)) == 0
    client.post(f"/attempts/{attempt}/submit")
    db.session.refresh(row)
    assert row.score == 100.0


def test_two_tabs_submitting_at_the_same_moment_get_one_result(app, make_user, content, db):
    user = make_user()
    with LiveServer(app) as server:
        sessions = []
        for _ in range(2):
            session = requests.Session()
            session.post(server.url + "/signin", data={"email": user.email, "password": PASSWORD})
            sessions.append(session)
        first = sessions[0].post(server.url + "/modules/quiz-module/quiz/start", allow_redirects=False)
        attempt = int(re.search(r"/attempts/(\d+)", first.headers["Location"]).group(1))
        barrier = threading.Barrier(4)
        statuses = []

        def submit(session):
            barrier.wait()
            statuses.append(session.post(f"{server.url}/attempts/{attempt}/submit", allow_redirects=False)
                            .status_code)

        threads = [threading.Thread(target=submit, args=(s,)) for s in sessions * 2]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [302] * 4
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "quiz.submit")) == 1


def test_a_spec_cache_too_small_for_every_quiz_still_gives_each_quiz_its_own_spec(app, db, content):
    from lms.curriculum.models import Module
    from lms.quizzes.selectors import quiz_for, spec_cache, spec_for

    budget = spec_cache().budget_bytes
    spec_cache().resize(1)  # nothing fits: every read parses afresh, and stays correct
    try:
        quizzes = [quiz_for(m.current_version_id) for m in db.session.scalars(select(Module))]
        specs = [spec_for(q) for q in quizzes if q is not None]
        assert specs and all(spec_for(q).questions == s.questions for q, s in zip(filter(None, quizzes), specs, strict=True))
        assert len(spec_cache()) == 0
    finally:
        spec_cache().resize(budget)
