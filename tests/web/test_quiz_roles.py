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
