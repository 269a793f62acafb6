"""Quiz reads: the quiz of a module version, its parsed spec (cached: versions never change), attempts."""
from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.extensions import db
from lms.immutable_cache import ImmutableCache
from lms.quizzes.models import QuizAttempt, QuizVersion
from lms.quizzes.spec import QuizSpec

SPEC_CACHE_BYTES = 16 * 1024 * 1024
# Sized by the stored JSON (a parsed spec takes a few times as much); keyed by id and creation time, which
# together never name two different quizzes, even across test databases that reuse ids.
_specs: ImmutableCache[tuple[QuizSpec, int]] = ImmutableCache("quiz spec", budget_bytes=SPEC_CACHE_BYTES,
                                                              sizeof=lambda entry: entry[1])


def quiz_for(module_version_id: int) -> QuizVersion | None:
    """The quiz of a module version, if it has one."""
    return db.session.scalar(select(QuizVersion).where(QuizVersion.module_version_id == module_version_id))


def spec_for(quiz: QuizVersion) -> QuizSpec:
    """The quiz's validated spec, parsed once per process."""
    return _specs.get((quiz.id, quiz.created_at), lambda: _parsed(quiz))[0]


def _parsed(quiz: QuizVersion) -> tuple[QuizSpec, int]:
    return QuizSpec.from_dict(quiz.spec), 4 * len(json.dumps(quiz.spec, separators=(",", ":")))


def spec_cache() -> ImmutableCache:
    """The process's spec cache (for settings, tests and the benchmarks)."""
    return _specs


def attempts_of(user_id: int, quiz_id: int) -> list[QuizAttempt]:
    """A learner's attempts at a quiz, newest first."""
    return list(db.session.scalars(select(QuizAttempt).where(
        QuizAttempt.user_id == user_id, QuizAttempt.quiz_version_id == quiz_id).order_by(QuizAttempt.number.desc())))


def attempt_of(user_id: int, attempt_id: int) -> QuizAttempt | None:
    """The attempt with its quiz, only if it belongs to this learner (anyone else's is 'not found')."""
    return db.session.scalar(select(QuizAttempt).options(joinedload(QuizAttempt.quiz_version))
                             .where(QuizAttempt.id == attempt_id, QuizAttempt.user_id == user_id))
