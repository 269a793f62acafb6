"""The draft quiz plays as a learner would, records nothing, and shows its scenario branches."""
import pytest
from sqlalchemy import func, select

from lms.authoring.quiz_preview import play, scenario_tree
from lms.authoring.service import start_draft
from lms.quizzes.models import QuizAttempt
from lms.quizzes.selectors import quiz_for, spec_for
from tests.conftest import PASSWORD


@pytest.fixture
def app_overrides():
    """The sample content (with its quiz module) as the app's content folder."""
    return {}


def quiz_spec(db):
    from lms.curriculum.models import Module

    module = db.session.scalar(select(Module).where(Module.slug == "quiz-module"))
    return spec_for(quiz_for(module.current_version_id))


def test_a_scenario_advances_one_decision_per_post_and_grades(app, db, content):
    spec = quiz_spec(db)
    state = play(spec, {"step-stabbing": "b"})
    assert state.paths["stabbing"] == [("first", "b")] and state.current["stabbing"] == "question"
    state = play(spec, {"path-stabbing": state.path_text("stabbing"), "step-stabbing": "z", "action": "grade"})
    assert state.current["stabbing"] == "question"  # an option that does not exist changes nothing
    assert state.result is not None and not state.result.passed


def test_the_tree_marks_the_best_path_and_ends(app, db, content):
    spec = quiz_spec(db)
    tree = scenario_tree(next(q for q in spec.questions if q.kind == "scenario"))
    assert tree.step_id == "first"
    leave, eye_level = tree.branches
    assert leave.child is None and not leave.best
    assert eye_level.best and eye_level.child.step_id == "question"


def test_the_preview_page_plays_without_recording_an_attempt(app, db, make_user, make_editor, center, content):
    trainer = make_editor("trainer")
    draft = start_draft(center_id=center.id, slug="quiz-module", actor_id=trainer.id)
    client = app.test_client()
    client.post("/signin", data={"email": trainer.email, "password": PASSWORD})
    url = f"/centers/{center.slug}/authoring/drafts/{draft.id}/quiz"
    page = client.get(url).get_data(as_text=True)
    assert "Branches of scenario" in page and "(best path)" in page
    graded = client.post(url, data={"q-pick-one": "b", "q-calm-child": "false", "action": "grade"})
    assert "RIGHT-FEEDBACK-B" in graded.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 0
