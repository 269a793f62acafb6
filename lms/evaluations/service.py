"""Writes of the evaluations area: submitting a course evaluation (once per program version)."""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from lms.audit.service import record_event
from lms.evaluations.models import CourseEvaluation, ObjectiveRating
from lms.evaluations.selectors import has_evaluated
from lms.evaluations.signals import evaluation_submitted
from lms.extensions import db
from lms.programs.models import ProgramVersion


class EvaluationRefused(Exception):
    """The evaluation cannot be taken: already submitted, or the program's modules are not all complete."""


def submit_evaluation(*, user_id: int, version: ProgramVersion, center_id: int | None, ratings: list[int],
                      relevance: int, free_of_bias: bool, free_of_commercial_content: bool, comments: str,
                      attestation: str, recorded_seconds: int) -> CourseEvaluation:
    """Store the evaluation and its ratings, then let the certificate be requested (signal); commits once."""
    if has_evaluated(user_id, version.id):
        raise EvaluationRefused("You have already evaluated this program. Thank you.")
    if any(not 1 <= r <= 5 for r in ratings) or not 1 <= relevance <= 5:
        raise EvaluationRefused("Every rating must be from 1 to 5.")
    evaluation = CourseEvaluation(user_id=user_id, program_id=version.program_id, program_version_id=version.id,
                                  center_id=center_id, relevance=relevance, free_of_bias=free_of_bias,
                                  free_of_commercial_content=free_of_commercial_content,
                                  comments=comments.strip(), attestation=attestation,
                                  recorded_seconds=recorded_seconds)
    db.session.add(evaluation)
    try:
        db.session.flush()
        db.session.add_all(ObjectiveRating(evaluation_id=evaluation.id, position=i, rating=r)
                           for i, r in enumerate(ratings, start=1))
        record_event(action="evaluation.submitted", actor_id=user_id, target_type="program_version",
                     target_id=version.id, center_id=center_id)
        evaluation_submitted.send(None, user_id=user_id, program_id=version.program_id)
        db.session.commit()
    except IntegrityError:  # a double submit raced us: the first one stands
        db.session.rollback()
        raise EvaluationRefused("You have already evaluated this program. Thank you.") from None
    return evaluation
