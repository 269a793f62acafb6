"""Quiz reads: the quiz of a module version, its parsed spec (cached: versions never change), attempts."""
from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db
from lms.quizzes.models import QuizAttempt, QuizVersion
from lms.quizzes.spec import QuizSpec

_specs: dict[tuple, QuizSpec] = {}


def quiz_for(module_version_id: int) -> QuizVersion | None:
    """The quiz of a module version, if it has one."""
    return db.session.scalar(select(QuizVersion).where(QuizVersion.module_version_id == module_version_id))


def spec_for(quiz: QuizVersion) -> QuizSpec:
    """The quiz's validated spec, parsed once per process."""
    key = (quiz.id, quiz.created_at)
    spec = _specs.get(key)
    if spec is None:
        spec = _specs[key] = QuizSpec.from_dict(quiz.spec)
        if len(_specs) > 256:
            _specs.pop(next(iter(_specs)))
    return spec


def attempts_of(user_id: int, quiz_id: int) -> list[QuizAttempt]:
    """A learner's attempts at a quiz, newest first."""
    return list(db.session.scalars(select(QuizAttempt).where(
        QuizAttempt.user_id == user_id, QuizAttempt.quiz_version_id == quiz_id).order_by(QuizAttempt.number.desc())))


def attempt_of(user_id: int, attempt_id: int) -> QuizAttempt | None:
    """The attempt, only if it belongs to this learner (anyone else's is 'not found')."""
    return db.session.scalar(select(QuizAttempt).where(QuizAttempt.id == attempt_id,
                                                       QuizAttempt.user_id == user_id))
