"""A learner's course evaluation of a program (with the time attestation) and their page-visible time per day."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.timeutil import utcnow


class CourseEvaluation(db.Model):
    """One learner's evaluation of one program version, with their attestation of time. Never edited."""

    __tablename__ = "course_evaluations"
    __table_args__ = (UniqueConstraint("user_id", "program_version_id"),)
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    program_version_id: Mapped[int] = mapped_column(ForeignKey("program_versions.id"))
    center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id"), index=True)
    relevance: Mapped[int]  # 1 (not relevant to my practice) .. 5 (highly relevant)
    free_of_bias: Mapped[bool]
    free_of_commercial_content: Mapped[bool]
    comments: Mapped[str] = mapped_column(Text, default="")
    attestation: Mapped[str] = mapped_column(Text)  # the statement the learner ticked, as shown
    recorded_seconds: Mapped[int] = mapped_column(default=0)  # page-visible time on the program's modules
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    ratings: Mapped[list[ObjectiveRating]] = relationship(order_by="ObjectiveRating.position")


class ObjectiveRating(db.Model):
    """How well one program objective was met, 1 (not met) .. 5 (fully met); rows so SQL can average them."""

    __tablename__ = "course_evaluation_ratings"
    __append_only__ = True

    evaluation_id: Mapped[int] = mapped_column(ForeignKey("course_evaluations.id"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)  # 1-based index into the version's objectives
    rating: Mapped[int]


class TimeOnTask(db.Model):
    """Seconds a page (a lesson or a quiz) was visible to the learner on one day: one row, added to by upsert."""

    __tablename__ = "time_on_task"
    __table_args__ = (UniqueConstraint("user_id", "kind", "page_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(10))  # "lesson" (lessons.id) | "quiz" (quiz_versions.id)
    page_id: Mapped[int]
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    day: Mapped[date]
    seconds: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
