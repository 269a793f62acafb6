"""Item-response rows: written with the submission, backfilled by the migration to the same analysis, and read by
the analysis in a fixed number of statements whatever the number of attempts."""
import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from lms.authoring.item_analysis_sql import item_sums
from lms.curriculum.models import Module
from lms.quizzes.item_models import QuizItemResponse
from lms.quizzes.models import QuizAttempt
from lms.quizzes.selectors import quiz_for
from tests.authoring.test_item_analysis_page import take
from tests.support.statements import statements_during

MIGRATION = Path(__file__).resolve().parents[2] / "migrations" / "versions" / "items_question_responses.py"


@pytest.fixture
def app_overrides():
    """The sample content (with its quiz module) as the app's content folder."""
    return {}


def _quiz_id(db):
    module = db.session.scalar(select(Module).where(Module.slug == "quiz-module"))
    return quiz_for(module.current_version_id).id


@pytest.mark.pg
def test_submitting_writes_one_row_per_choice_with_a_row_zero_per_question(app, db, make_user, center, content):
    learner = make_user("learner")
    take(db, learner, {"pick-one": "b", "pick-many": ["a", "c"], "stabbing": [["first", "b"], ["question", "a"]]})
    rows = db.session.scalars(select(QuizItemResponse).order_by(QuizItemResponse.position,
                                                                QuizItemResponse.seq)).all()
    attempt = db.session.scalar(select(QuizAttempt))
    by_question = {}
    for row in rows:
        by_question.setdefault(row.question_id, []).append((row.seq, row.choice, row.full))
        assert (row.attempt_id, row.user_id, row.score) == (attempt.id, learner.id, attempt.score)
    assert by_question["pick-one"] == [(0, "b", True)]
    assert [c for _, c, _ in by_question["pick-many"]] == ["a", "c"]
    assert [c for _, c, _ in by_question["stabbing"]] == ["first:b", "question:a"]
    assert by_question["calm-child"] == [(0, None, False)]  # unanswered: a row 0 without a choice
    assert len(by_question) == len(attempt.result["questions"])


@pytest.mark.pg
def test_the_migration_backfill_gives_the_same_analysis_as_the_rows_written_at_submission(
        app, db, make_user, center, content):
    for answers in ([{"pick-one": "a"}, {"pick-one": "b", "calm-child": True},
                                 {"pick-many": ["a", "b"], "stabbing": [["first", "a"]]}, {}]):
        take(db, make_user("learner"), answers)
    quiz_id = _quiz_id(db)
    written = item_sums(quiz_id, center.id)
    before = db.session.scalar(select(func.count()).select_from(QuizItemResponse))
    db.session.execute(delete(QuizItemResponse))
    db.session.commit()
    assert item_sums(quiz_id, center.id)[0] == []
    spec = importlib.util.spec_from_file_location("items_migration", MIGRATION)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    for attempt in db.session.scalars(select(QuizAttempt).where(QuizAttempt.submitted_at.is_not(None))):
        db.session.execute(QuizItemResponse.__table__.insert(), migration._rows(
            attempt.id, attempt.quiz_version_id, attempt.user_id, attempt.score, attempt.result))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(QuizItemResponse)) == before
    assert item_sums(quiz_id, center.id) == written


@pytest.mark.pg
def test_the_analysis_runs_one_statement_at_two_sizes(app, db, make_user, center, content):
    quiz_id, center_id = _quiz_id(db), center.id
    counts = []
    for size in (2, 8):
        while db.session.scalar(select(func.count()).select_from(QuizAttempt)) < size:
            take(db, make_user("learner"), {"pick-one": "b"})
        (questions, _, attempts), seen = statements_during(db, lambda: item_sums(quiz_id, center_id))
        assert attempts == size and questions
        counts.append(len(seen))
    assert counts == [1, 1]
