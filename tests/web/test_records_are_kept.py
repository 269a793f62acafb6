"""Checklist 14: completions, submitted attempts, certificates and the audit log cannot be changed or deleted
through the application."""
import pytest
from sqlalchemy import select

from lms.audit.models import AppendOnlyError, AuditEvent
from lms.progress.models import LessonProgress, ModuleCompletion
from lms.quizzes.models import QuizAttempt

pytestmark = pytest.mark.pg


@pytest.fixture
def records(client, make_user, login, content):
    login(make_user())
    client.post("/modules/sample-module/lessons/first-lesson/done")
    client.post("/modules/sample-module/lessons/second-lesson/done")
    start = client.post("/modules/quiz-module/quiz/start")
    attempt_id = int(start.location.rsplit("/", 1)[1])
    client.post(f"/attempts/{attempt_id}/submit")
    return attempt_id


@pytest.mark.parametrize("model", [ModuleCompletion, LessonProgress, AuditEvent])
def test_kept_records_refuse_deletion_and_edits(db, records, model):
    row = db.session.scalars(select(model)).first()
    db.session.delete(row)
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    row = db.session.scalars(select(model)).first()
    column = next(c.key for c in model.__table__.columns if c.key not in ("id",) and not c.foreign_keys)
    setattr(row, column, None)
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()


def test_a_submitted_attempt_cannot_be_regraded_or_deleted_but_an_open_one_can_change(db, records, client):
    attempt = db.session.get(QuizAttempt, records)
    attempt.score = 100.0
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(QuizAttempt, records))
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    start = client.post("/modules/quiz-module/quiz/start")
    open_attempt = db.session.get(QuizAttempt, int(start.location.rsplit("/", 1)[1]))
    open_attempt.last_saved_at = open_attempt.started_at
    db.session.flush()
    db.session.rollback()
