"""In Chromium: a visible lesson page reports its time in a beacon (CSRF-protected, no inline script), and the
course evaluation, reached from My certificates, is filled in and submitted."""
import time

import pytest
from sqlalchemy import func, select

from lms.evaluations.models import CourseEvaluation, TimeOnTask
from lms.extensions import db
from tests.browser.test_quiz_resume import learner, sign_in  # noqa: F401  (fixture and helper)

pytestmark = pytest.mark.browser


def _wait_for(app, statement, timeout=20.0):
    """Poll the database until `statement` gives something truthy (beacons arrive asynchronously)."""
    deadline = time.monotonic() + timeout
    while True:
        with app.app_context():
            value = db.session.scalar(statement)
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


@pytest.fixture
def evaluated_program(live_app):
    from lms.programs.service import publish_program
    from lms.programs.spec import parse_program
    from tests.evaluations.conftest import PROGRAM

    with live_app.app_context():
        publish_program(parse_program(PROGRAM, "programs/sample.yaml", slug="sample",
                                      module_slugs={"sample-module"}))
        db.session.commit()


def test_a_lesson_reports_visible_time_when_hidden_and_the_evaluation_is_submitted(
        live_server, live_app, learner, browser, evaluated_program):  # noqa: F811
    context = browser.new_context()
    page = sign_in(context, live_server.url)
    page.goto(live_server.url + "/modules/sample-module/lessons/first-lesson")
    page.mouse.move(10, 10)
    page.wait_for_timeout(2500)
    page.evaluate("""() => {
        Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    seconds = _wait_for(live_app, select(func.sum(TimeOnTask.seconds)))
    assert seconds and 1 <= seconds <= 60

    for lesson in ("first-lesson", "second-lesson"):
        page.goto(live_server.url + f"/modules/sample-module/lessons/{lesson}")
        page.get_by_role("button", name="Mark as done").click()
        page.wait_for_load_state()
    page.goto(live_server.url + "/certificates")
    page.get_by_role("link", name="Evaluate Sample").click()
    for n in (1, 2):
        page.get_by_role("group", name=f"Objective {n}:").get_by_label("5 — fully met").check()
    page.get_by_role("group", name="How relevant").get_by_label("5 — highly relevant").check()
    page.get_by_role("group", name="fair, balanced").get_by_label("Yes").check()
    page.get_by_role("group", name="commercial promotion").get_by_label("Yes").check()
    page.get_by_label("Comments (optional)").fill("Useful scenarios.")
    page.get_by_label("I attest to the statement above.").check()
    page.get_by_role("button", name="Submit the evaluation").click()
    page.wait_for_url("**/certificates")
    assert "your evaluation is in" in page.content()
    assert _wait_for(live_app, select(func.count()).select_from(CourseEvaluation)) == 1
    context.close()
