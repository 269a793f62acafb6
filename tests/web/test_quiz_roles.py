"""The shipped quizzes in the browser: each discipline gets its own questions, and a failed attempt sends the
learner back to the lessons behind the missed objectives."""
import re

from sqlalchemy import select

from lms.publishing import import_content
from lms.quizzes.models import QuizAttempt
from tests.conftest import PASSWORD
from tests.test_shipped_content import CURRICULUM, PROGRAMS, QUIZZES

MODULE = "effects-of-violence-by-age"


def blank_attempt(client, db) -> tuple[int, list[str]]:
    """Start an attempt, submit it unanswered; its id and question ids."""
    response = client.post(f"/modules/{MODULE}/quiz/start")
    attempt = int(re.search(r"/attempts/(\d+)", response.location).group(1))
    assert client.post(f"/attempts/{attempt}/submit").status_code == 302
    return attempt, db.session.scalar(select(QuizAttempt.layout).where(QuizAttempt.id == attempt))["question_ids"]


def test_each_discipline_gets_its_own_questions_and_a_failed_attempt_points_to_lessons(app, client, db, make_user,
                                                                                       login):
    import_content(CURRICULUM, QUIZZES, PROGRAMS)
    login(make_user(discipline="officer"))
    attempt, officer_ids = blank_attempt(client, db)
    assert "teen-revenge" in officer_ids and "toxic-stress-key" not in officer_ids and "ace-dose" not in officer_ids
    html = client.get(f"/attempts/{attempt}/result").get_data(as_text=True)
    assert "Before your next attempt" in html
    assert f'href="/modules/{MODULE}/lessons/toxic-stress-and-the-brain"' in html
    assert "Explain how toxic stress affects the developing brain" in html

    other = app.test_client()
    clinician = make_user(discipline="clinician")
    other.post("/signin", data={"email": clinician.email, "password": PASSWORD})
    _, clinician_ids = blank_attempt(other, db)
    assert "toxic-stress-key" in clinician_ids and "teen-revenge" not in clinician_ids
    assert "questions" in other.get(f"/modules/{MODULE}/quiz").get_data(as_text=True)


def test_a_finished_scenario_offers_the_next_question_and_results_list_sources_once_as_links(client, db, make_user,
                                                                                             login):
    import_content(CURRICULUM, QUIZZES, PROGRAMS)
    login(make_user(discipline="officer"))
    response = client.post(f"/modules/{MODULE}/quiz/start")
    attempt = int(re.search(r"/attempts/(\d+)", response.location).group(1))
    for step in ("mother-says", "weeks-later"):
        client.post(f"/attempts/{attempt}/decide", data={"question": "dv-toddler", "step": step, "answer": "a"})
    html = client.get(f"/attempts/{attempt}?q=1").get_data(as_text=True)
    assert "You have finished this scenario." in html
    assert f'href="/attempts/{attempt}?q=2">Go to the next question' in html

    client.post(f"/attempts/{attempt}/submit")
    result = client.get(f"/attempts/{attempt}/result").get_data(as_text=True)
    assert result.count('<h2 id="quiz-sources">Sources</h2>') == 1
    assert '<a href="https://www.nctsn.org' in result and "*" not in re.sub(r"<[^>]+>", "", result.split(
        'id="quiz-sources"')[1])
    assert "(you scored 0 of 3 points; one point per decision on the strongest path)" in result
    module_page = client.get(f"/modules/{MODULE}").get_data(as_text=True)
    assert '<a href="https://developingchild.harvard.edu' in module_page
