"""Every route x every role gets its expected status (checklist 8). A new route fails here until it has a row."""
import pytest
from sqlalchemy import select

from lms.curriculum.models import Module
from lms.progress.service import start_quiz
from lms.quizzes.selectors import quiz_for, spec_for

ROLES = ("anonymous", "learner", "trainer", "center_admin", "other_center_admin", "site_admin")


def everyone(code: int) -> dict:
    return dict.fromkeys(ROLES, code)


def signed_in(code: int) -> dict:
    """Anonymous users are sent to sign in; everyone else gets `code`."""
    return {**everyone(code), "anonymous": 302}


def owner_only(code: int) -> dict:
    """Only the learner who owns the record gets `code`; other signed-in users get 404."""
    return {**signed_in(404), "learner": code}


# endpoint: (method, url, {role: status}); routes run in this order for each role

MATRIX = {
    "main.index": ("GET", "/", {**everyone(302), "anonymous": 200}),
    "main.healthz": ("GET", "/healthz", everyone(200)),
    "auth.signup": ("GET", "/signup", everyone(200)),
    "auth.signin": ("GET", "/signin", everyone(200)),
    "auth.signout": ("POST", "/signout", everyone(302)),
    "auth.forgot_password": ("GET", "/forgot-password", everyone(200)),
    "auth.reset_password": ("GET", "/reset-password/not-a-token", everyone(302)),
    "auth.profile": ("GET", "/account", signed_in(200)),
    "auth.change_password": ("GET", "/account/password", signed_in(200)),
    "progress.dashboard": ("GET", "/dashboard", signed_in(200)),
    "progress.module": ("GET", "/modules/sample-module", signed_in(200)),
    "progress.lesson": ("GET", "/modules/sample-module/lessons/first-lesson", signed_in(200)),
    "progress.mark_done": ("POST", "/modules/sample-module/lessons/first-lesson/done", signed_in(302)),
    "quiz.landing": ("GET", "/modules/quiz-module/quiz", signed_in(200)),
    "quiz.start": ("POST", "/modules/quiz-module/quiz/start", signed_in(302)),
    # The learner owns attempt {attempt}; for everyone else it does not exist (404), never 403.
    "quiz.attempt": ("GET", "/attempts/{attempt}", owner_only(200)),
    "quiz.answer": ("POST", "/attempts/{attempt}/answer", owner_only(302)),
    "quiz.decide": ("POST", "/attempts/{attempt}/decide", owner_only(302)),
    "quiz.submit": ("POST", "/attempts/{attempt}/submit", owner_only(302)),
    "quiz.result": ("GET", "/attempts/{attempt}/result", owner_only(200)),
}
SKIP = {"static"}


def test_every_route_has_a_row_in_the_access_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - SKIP
    assert endpoints - MATRIX.keys() == set(), "add these routes to MATRIX"
    assert MATRIX.keys() - endpoints == set(), "MATRIX names routes that no longer exist"


@pytest.fixture
def people(app, db, make_user, center, content):
    from lms.centers.service import create_center

    other = create_center(name="Northeast Regional Training Center", region="New Haven, CT")
    learner = make_user("learner")
    module = db.session.scalar(select(Module).where(Module.slug == "quiz-module"))
    quiz = quiz_for(module.current_version_id)
    attempt = start_quiz(user_id=learner.id, version=module.current_version, quiz=quiz, spec=spec_for(quiz))
    return {
        "attempt": attempt.id,
        "anonymous": None,
        "learner": learner,
        "trainer": make_user("trainer"),
        "center_admin": make_user("center_admin"),
        "other_center_admin": make_user("center_admin", center_obj=other),
        "site_admin": make_user("site_admin"),
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_on_every_route(app, people, role):
    failures = []
    for endpoint, (method, url, expected) in MATRIX.items():
        client = app.test_client()
        if people[role] is not None:
            client.post("/signin", data={"email": people[role].email, "password": "correct horse battery"})
        url = url.format(attempt=people["attempt"])
        response = client.open(url, method=method)
        if response.status_code != expected[role]:
            failures.append(f"{endpoint} {method} {url}: {response.status_code} (expected {expected[role]})")
    assert failures == []
