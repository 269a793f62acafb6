"""The shipped quizzes in the browser: each discipline gets its own questions, and a failed attempt sends the
learner back to the lessons behind the missed objectives."""
import re

from sqlalchemy import func, select

from lms.publishing import import_content
from lms.quizzes import service as quiz_service
from lms.quizzes.layout import make_layout
from lms.quizzes.models import QuizAttempt
from lms.quizzes.spec import audience_questions
from tests.conftest import PASSWORD
from tests.test_shipped_content import CURRICULUM, ITEMS, PROGRAMS, QUIZZES

MODULE = "effects-of-violence-by-age"
SPEC = next(item.quiz for item in ITEMS if item.module.slug == MODULE)


def pool(role: str) -> set[str]:
    """The question ids an attempt for this role may draw."""
    return {q.id for q in audience_questions(SPEC, role)}


def seed_drawing_first(question_id: str, role: str) -> int:
    """A layout seed whose attempt for `role` opens with `question_id`."""
    return next(seed for seed in range(10_000)
                if make_layout(SPEC, seed=seed, audience=role).question_ids[0] == question_id)


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
    assert len(officer_ids) == SPEC.settings.draw and set(officer_ids) <= pool("officer")
    assert "toxic-stress-key" not in officer_ids and "ace-dose" not in officer_ids
    html = client.get(f"/attempts/{attempt}/result").get_data(as_text=True)
    assert "Before your next attempt" in html
    lessons = {slug for qid in officer_ids for slug in SPEC.question(qid).lessons}
    assert all(f'href="/modules/{MODULE}/lessons/{slug}"' in html for slug in lessons)

    other = app.test_client()
    clinician = make_user(discipline="clinician")
    other.post("/signin", data={"email": clinician.email, "password": PASSWORD})
    _, clinician_ids = blank_attempt(other, db)
    assert set(clinician_ids) <= pool("clinician") and "teen-revenge" not in clinician_ids
    assert "questions" in other.get(f"/modules/{MODULE}/quiz").get_data(as_text=True)


def test_a_finished_scenario_offers_the_next_question_and_results_list_sources_once_as_links(client, db, make_user,
                                                                                             login, monkeypatch):
    import_content(CURRICULUM, QUIZZES, PROGRAMS)
    seed = seed_drawing_first("dv-toddler", "officer")
    monkeypatch.setattr(quiz_service.secrets, "randbits", lambda _bits: seed)
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


def test_after_a_failed_attempt_the_next_waits_until_the_lessons_behind_missed_objectives_are_revisited(
        app, client, db, make_user, login):
    import_content(CURRICULUM, QUIZZES, PROGRAMS)
    login(make_user(discipline="cps_worker"))
    _, first_ids = blank_attempt(client, db)
    due = sorted({slug for qid in first_ids for slug in SPEC.question(qid).lessons})

    refused = client.post(f"/modules/{MODULE}/quiz/start", follow_redirects=True)
    assert refused.request.path == f"/modules/{MODULE}/quiz"
    assert "Before your next attempt, go back to these lessons" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 1

    page = client.get(f"/modules/{MODULE}/lessons/{due[0]}").get_data(as_text=True)
    assert "Your last quiz attempt missed questions this lesson teaches" in page
    for slug in due[:-1]:
        assert client.post(f"/modules/{MODULE}/lessons/{slug}/done").status_code == 302
    assert client.post(f"/modules/{MODULE}/quiz/start").location.endswith(f"/modules/{MODULE}/quiz")

    client.post(f"/modules/{MODULE}/lessons/{due[-1]}/done")
    started = client.post(f"/modules/{MODULE}/quiz/start")
    assert re.search(r"/attempts/(\d+)$", started.location)
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 2
