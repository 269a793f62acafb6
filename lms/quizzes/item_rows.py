"""The item-response rows of one graded attempt, from its result in the shape stored on the attempt (a dict of
lists, or the dataclasses' asdict with tuples). Pure."""
from __future__ import annotations

from collections.abc import Mapping


def choices_of(chosen: object) -> tuple[str, ...]:
    """What a question's `chosen` counts as for option figures: option ids, "true"/"false", or a scenario's
    "step:option" decisions in path order; nothing when unanswered."""
    if chosen is None:
        return ()
    if isinstance(chosen, bool):
        return ("true" if chosen else "false",)
    if not isinstance(chosen, (list, tuple)):
        return (str(chosen),)
    return tuple(f"{c[0]}:{c[1]}" if isinstance(c, (list, tuple)) else str(c) for c in chosen if c is not None)


def response_rows(*, attempt_id: int, quiz_version_id: int, user_id: int, score: float | None,
                  result: Mapping) -> list[dict]:
    """One row per choice of each question (at least one per question: seq 0, choice None when unanswered)."""
    rows = []
    for position, question in enumerate(result.get("questions") or ()):
        fraction = float(question.get("fraction") or 0)
        base = dict(attempt_id=attempt_id, quiz_version_id=quiz_version_id, user_id=user_id,
                    score=float(score or 0), question_id=question["question_id"], position=position,
                    fraction=fraction, full=fraction >= 1)
        rows += [dict(base, seq=seq, choice=choice)
                 for seq, choice in enumerate(choices_of(question.get("chosen")) or (None,))]
    return rows
