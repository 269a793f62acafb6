"""Answers given in one browser are there in another; a double submit gives one result."""
import re

import pytest
from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.extensions import db

pytestmark = pytest.mark.browser
EMAIL, PASSWORD = "learner@example.org", "blue kettle on the porch"


@pytest.fixture
def learner(live_app):
    from lms.auth.service import register_user

    with live_app.app_context():
        register_user(email=EMAIL, password=PASSWORD, full_name="Pat Learner", discipline="clinician",
                      agency="Clinic", center_id=1)


def sign_in(context, base):
    page = context.new_page()
    page.goto(base + "/signin")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")
    return page


def go_to_choice_question(page, question_id):
    for q in range(1, 5):
        page.goto(re.sub(r"\?q=\d+$", "", page.url) + f"?q={q}")
        if page.locator(f'input[name="question"][value="{question_id}"]').count():
            return
    raise AssertionError(question_id)


def test_answers_survive_closing_the_page_and_a_new_browser_and_double_submit_grades_once(
        live_server, live_app, learner, browser):
    first = browser.new_context(viewport={"width": 360, "height": 740})
    page = sign_in(first, live_server.url)
    page.goto(live_server.url + "/modules/quiz-module/quiz")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url(re.compile(r".*/attempts/\d+.*"))
    attempt_url = page.url.split("?")[0]

    go_to_choice_question(page, "pick-one")
    page.get_by_label("A common regression after a frightening event.").check()
    page.wait_for_selector("form[data-autosave][data-saved]")
    assert page.locator("[data-save-status]").inner_text() == "Saved"
    go_to_choice_question(page, "calm-child")
    page.get_by_label("False").check()
    page.wait_for_selector("form[data-autosave][data-saved]")
    page.close()
    first.close()

    second = browser.new_context()
    page = sign_in(second, live_server.url)
    page.goto(live_server.url + "/modules/quiz-module/quiz")
    page.get_by_role("button", name="Resume attempt 1").click()
    page.wait_for_url(re.compile(r".*/attempts/\d+.*"))
    go_to_choice_question(page, "pick-one")
    assert page.get_by_label("A common regression after a frightening event.").is_checked()
    go_to_choice_question(page, "calm-child")
    assert page.get_by_label("False").is_checked()
    assert page.url.startswith(attempt_url)

    page.get_by_role("button", name="Submit the quiz for grading").dblclick()
    page.wait_for_url("**/result")
    assert "Attempt 1:" in page.get_by_role("heading", level=1).inner_text()
    second.close()
    with live_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "quiz.submit")) == 1


def test_a_lost_connection_is_shown_and_the_answer_saved_when_it_returns(live_server, learner, browser):
    context = browser.new_context()
    page = sign_in(context, live_server.url)
    page.goto(live_server.url + "/modules/quiz-module/quiz")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url(re.compile(r".*/attempts/\d+.*"))
    go_to_choice_question(page, "pick-one")
    context.set_offline(True)
    page.get_by_label("He is too young to be affected.").check()
    page.wait_for_function("document.querySelector('[data-save-status]').textContent.includes('Connection lost')")
    context.set_offline(False)
    page.wait_for_selector("form[data-autosave][data-saved]", timeout=20000)
    page.reload()
    assert page.get_by_label("He is too young to be affected.").is_checked()
    context.close()
