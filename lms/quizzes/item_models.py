"""Per-question rows of submitted attempts, written with the submission, so that item analysis sums plain
columns (GROUP BY) instead of unpacking every attempt's result JSON."""
from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db


class QuizItemResponse(db.Model):
    """One choice a submitted attempt made on one question (keyed by question id, so pooled draws line up).

    `seq` numbers the question's choices from 0 (a scenario's decisions in path order); every question has a
    row 0, with `choice` NULL when it was left unanswered, so question figures read the rows where seq = 0 and
    option figures the rows with a choice. `choice` is an option id, "true"/"false", or a scenario decision
    "step:option"; `position` is the question's place in that attempt, `fraction` its score (0-1) and `full`
    whether that is full marks. The attempt's learner and total score are copied from the (frozen) attempt so
    that the analysis reads this table alone. Never changed.
    """

    __tablename__ = "quiz_item_responses"
    __append_only__ = True
    # Item analysis reads only this index (SQLite: a covering index, groups streamed in index order).
    __table_args__ = (Index("ix_quiz_item_responses_analysis", "quiz_version_id", "question_id", "choice", "seq",
                            "full", "user_id", "score", "attempt_id", "position"),)

    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    quiz_version_id: Mapped[int] = mapped_column(ForeignKey("quiz_versions.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    score: Mapped[float] = mapped_column(Float)
    position: Mapped[int]
    fraction: Mapped[float] = mapped_column(Float)
    full: Mapped[bool]
    choice: Mapped[str | None] = mapped_column(Text)
