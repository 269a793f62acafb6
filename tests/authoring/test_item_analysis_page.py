"""The item analysis page reads submitted attempts of the center's learners (no attempt, no row)."""
import pytest
from sqlalchemy import select

from lms.curriculum.models import Module
from lms.progress.service import start_quiz
from lms.quizzes.grading import all_best_answers
from lms.quizzes.selectors import quiz_for, spec_for
from lms.quizzes.service import save_answer, submit_attempt
from tests.conftest import PASSWORD


@pytest.fixture
def app_overrides():
    """The sample content (with its quiz module) as the app's content folder."""
    return {}


def take(db, user, answers):
    module = db.session.scalar(select(Module).where(Module.slug == "quiz-module"))
    quiz = quiz_for(module.current_version_id)
    spec = spec_for(quiz)
    attempt = start_quiz(user_id=user.id, version=module.current_version, quiz=quiz, spec=spec)
    for question_id, value in answers.items():
        save_answer(attempt=attempt, question_id=question_id, value=value)
    db.session.commit()
    submit_attempt(attempt_id=attempt.id, user_id=user.id, spec=spec, module_version_id=module.current_version_id)
    return spec


@pytest.mark.pg
def test_item_analysis_shows_difficulty_and_the_csv(app, db, make_user, center, content):
    module = db.session.scalar(select(Module).where(Module.slug == "quiz-module"))
    best = all_best_answers(spec_for(quiz_for(module.current_version_id)))
    for n in range(4):
        take(db, make_user("learner"), best if n < 2 else {"pick-one": "a"})
    trainer = make_user("trainer")
    client = app.test_client()
    client.post("/signin", data={"email": trainer.email, "password": PASSWORD})
    url = f"/centers/{center.slug}/authoring/modules/quiz-module/item-analysis"
    page = client.get(url).get_data(as_text=True)
    assert "4 submitted attempts" in page and "pick-one" in page
    csv = client.get(url + "?format=csv").get_data(as_text=True).splitlines()
    assert csv[0].startswith("question,responses,difficulty,discrimination")
    pick_one = next(line for line in csv if line.startswith("pick-one,"))
    assert pick_one.startswith("pick-one,4,0.5,1.0,")
