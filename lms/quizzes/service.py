"""Quiz writes: publishing quiz versions, starting attempts, saving answers and decisions, submitting once."""
from __future__ import annotations

import secrets
from dataclasses import asdict
from datetime import timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from lms.audit.service import record_event
from lms.extensions import db
from lms.quizzes.grading import StepOutcome, StepRefused, grade, scenario_step
from lms.quizzes.item_models import QuizItemResponse
from lms.quizzes.item_rows import response_rows
from lms.quizzes.layout import Layout, make_layout
from lms.quizzes.models import AttemptAnswer, QuizAttempt, QuizVersion
from lms.quizzes.signals import attempt_graded
from lms.quizzes.spec import QuizSpec
from lms.timeutil import utcnow


class AttemptClosed(Exception):
    """The attempt no longer takes answers (submitted, or its time is up)."""


class AttemptsExhausted(Exception):
    """The learner has used every attempt the quiz allows."""


class DecisionRefused(Exception):
    """A scenario decision that does not fit the path taken so far."""


def publish_quiz(*, module_version_id: int, spec: QuizSpec) -> QuizVersion:
    """Store the quiz of a new module version (does not commit)."""
    quiz = QuizVersion(module_version_id=module_version_id, title=spec.title, spec=spec.to_dict())
    db.session.add(quiz)
    return quiz


def open_attempt(user_id: int, quiz_id: int) -> QuizAttempt | None:
    """The learner's unsubmitted attempt at this quiz, if any."""
    return db.session.scalar(select(QuizAttempt).where(
        QuizAttempt.user_id == user_id, QuizAttempt.quiz_version_id == quiz_id,
        QuizAttempt.submitted_at.is_(None)))


def start_attempt(*, user_id: int, quiz: QuizVersion, spec: QuizSpec, audience: str | None = None) -> QuizAttempt:
    """Resume the open attempt, or start a new one (with its own draw and order, from the pool for the learner's
    `audience`) if attempts remain; commits."""
    existing = open_attempt(user_id, quiz.id)
    if existing is not None:
        return existing
    used = db.session.scalar(select(func.count()).select_from(QuizAttempt).where(
        QuizAttempt.user_id == user_id, QuizAttempt.quiz_version_id == quiz.id)) or 0
    if spec.settings.attempts is not None and used >= spec.settings.attempts:
        raise AttemptsExhausted(f"You have used all {spec.settings.attempts} attempts at this quiz.")
    now = utcnow()
    limit = spec.settings.time_limit_minutes
    attempt = QuizAttempt(user_id=user_id, quiz_version_id=quiz.id, number=used + 1,
                          layout=make_layout(spec, seed=secrets.randbits(32), audience=audience).to_dict(),
                          started_at=now,
                          deadline=now + timedelta(minutes=limit) if limit else None)
    db.session.add(attempt)
    try:
        db.session.commit()
    except IntegrityError:  # two tabs started at once: use the attempt the other one made
        db.session.rollback()
        return open_attempt(user_id, quiz.id)
    return attempt


def _claim_for_writing(attempt_id: int) -> None:
    """Lock the attempt row for this transaction if it still takes answers, else raise AttemptClosed."""
    now = utcnow()
    claimed = db.session.execute(
        update(QuizAttempt).where(QuizAttempt.id == attempt_id, QuizAttempt.submitted_at.is_(None),
                                  (QuizAttempt.deadline.is_(None)) | (QuizAttempt.deadline > now))
        .values(last_saved_at=now).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        db.session.rollback()
        raise AttemptClosed("This attempt has been submitted or its time is up; answers can no longer change.")


def _upsert_answer(attempt_id: int, question_id: str, value: object) -> None:
    upsert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = upsert(AttemptAnswer).values(attempt_id=attempt_id, question_id=question_id, value=value,
                                             saved_at=utcnow())
    db.session.execute(statement.on_conflict_do_update(
        index_elements=["attempt_id", "question_id"],
        set_={"value": statement.excluded.value, "saved_at": statement.excluded.saved_at}))


def answers_of(attempt_id: int) -> dict[str, object]:
    """The saved answers of an attempt, by question id."""
    return dict(db.session.execute(select(AttemptAnswer.question_id, AttemptAnswer.value).where(
        AttemptAnswer.attempt_id == attempt_id)).all())


def save_answer(*, attempt: QuizAttempt, question_id: str, value: object) -> None:
    """Save (or replace) the answer to one question, atomically with the check that the attempt is open."""
    if question_id not in Layout.from_dict(attempt.layout).question_ids:
        raise KeyError(question_id)
    _claim_for_writing(attempt.id)
    _upsert_answer(attempt.id, question_id, value)
    db.session.commit()


def record_decision(*, attempt: QuizAttempt, spec: QuizSpec, question_id: str, step_id: str,
                    option_id: str) -> StepOutcome:
    """Add one scenario decision to the saved path; repeating the last decision (a double click) is harmless."""
    question = spec.question(question_id)
    if question is None or question.kind != "scenario" or \
            question_id not in Layout.from_dict(attempt.layout).question_ids:
        raise KeyError(question_id)
    _claim_for_writing(attempt.id)
    path = list(answers_of(attempt.id).get(question_id) or [])
    if path and path[-1] == [step_id, option_id]:
        db.session.rollback()
        return scenario_step(question, path[:-1], step_id, option_id)
    outcome = scenario_step(question, path, step_id, option_id)
    if isinstance(outcome, StepRefused):
        db.session.rollback()
        raise DecisionRefused(outcome.reason)
    _upsert_answer(attempt.id, question_id, path + [[step_id, option_id]])
    db.session.commit()
    return outcome


def submit_attempt(*, attempt_id: int, user_id: int, spec: QuizSpec, module_version_id: int) -> bool:
    """Grade and record the attempt exactly once (double clicks, retries and two tabs give one result).

    Returns True when this call did the grading. Claiming, grading, recording (the result on the attempt and its
    item-response rows) and completion are one transaction.
    """
    now = utcnow()
    claimed = db.session.execute(
        update(QuizAttempt).where(QuizAttempt.id == attempt_id, QuizAttempt.user_id == user_id,
                                  QuizAttempt.submitted_at.is_(None))
        .values(submitted_at=now).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        db.session.rollback()
        return False
    stored_layout, quiz_version_id = db.session.execute(
        select(QuizAttempt.layout, QuizAttempt.quiz_version_id).where(QuizAttempt.id == attempt_id)).one()
    result = grade(spec, answers_of(attempt_id), question_ids=Layout.from_dict(stored_layout).question_ids)
    stored = asdict(result)
    db.session.execute(update(QuizAttempt).where(QuizAttempt.id == attempt_id).values(
        score=result.score, passed=result.passed, result=stored).execution_options(
        synchronize_session=False))
    rows = response_rows(attempt_id=attempt_id, quiz_version_id=quiz_version_id, user_id=user_id,
                         score=result.score, result=stored)
    if rows:  # one bulk INSERT: the per-question rows item analysis sums
        db.session.execute(insert(QuizItemResponse), rows)
    attempt_graded.send(None, user_id=user_id, module_version_id=module_version_id, attempt_id=attempt_id,
                        passed=result.passed)
    record_event(action="quiz.submit", actor_id=user_id, target_type="quiz_attempt", target_id=attempt_id,
                 detail={"score": result.score, "passed": result.passed})
    db.session.commit()
    return True
