"""Turning submitted form values into the answer shapes grading takes. Pure."""
from __future__ import annotations

from collections.abc import Sequence

from lms.quizzes.spec import Question


class BadAnswer(ValueError):
    """The submitted values are not a valid answer to the question (the message says why)."""


def answer_from_form(question: Question, values: Sequence[str]) -> object:
    """single -> option id; multiple -> sorted option ids; true_false -> bool. Raises BadAnswer."""
    values = [v for v in values if isinstance(v, str) and v]
    if question.kind == "true_false":
        if len(values) != 1 or values[0] not in ("true", "false"):
            raise BadAnswer("Choose True or False.")
        return values[0] == "true"
    known = {option.id for option in question.options}
    if question.kind == "single":
        if len(values) != 1 or values[0] not in known:
            raise BadAnswer("Choose one of the options.")
        return values[0]
    if question.kind == "multiple":
        if not values or any(v not in known for v in values) or len(set(values)) != len(values):
            raise BadAnswer("Choose one or more of the options.")
        return sorted(values)
    raise BadAnswer("Scenario questions are answered one decision at a time.")
