"""The certificate's evaluation step: a program whose file says `evaluation: required` is requested only for
learners who have submitted its course evaluation (any version of the program)."""
from __future__ import annotations

from sqlalchemy import select

from lms.evaluations.models import CourseEvaluation
from lms.extensions import db


def evaluated(program_id: int, user_ids: list[int]) -> set[int]:
    """Users who have submitted an evaluation of the program (one query)."""
    if not user_ids:
        return set()
    return set(db.session.scalars(select(CourseEvaluation.user_id).where(
        CourseEvaluation.program_id == program_id, CourseEvaluation.user_id.in_(user_ids))))


def without_missing_evaluations(spec, program_id: int, user_ids: list[int]) -> list[int]:
    """`user_ids` less those who still owe the evaluation the program requires (all of them when not required)."""
    if spec.evaluation != "required":
        return user_ids
    done = evaluated(program_id, user_ids)
    return [uid for uid in user_ids if uid in done]
