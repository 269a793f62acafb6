"""What a learner has started, read and completed, always against the exact module version."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.curriculum.models import Lesson, ModuleVersion
from lms.extensions import db
from lms.timeutil import utcnow


class Enrollment(db.Model):
    """The module version a learner is taking (set when they first record progress)."""

    __tablename__ = "enrollments"
    __table_args__ = (UniqueConstraint("user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("module_versions.id"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)

    version: Mapped[ModuleVersion] = relationship()


class LessonProgress(db.Model):
    """A lesson the learner marked as done."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "lesson_id"),)
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"), index=True)
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)

    lesson: Mapped[Lesson] = relationship()


class ModuleCompletion(db.Model):
    """A completed module: recorded once, with the version and time, never taken back."""

    __tablename__ = "module_completions"
    __table_args__ = (UniqueConstraint("user_id", "version_id"),)
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("module_versions.id"))
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)

    version: Mapped[ModuleVersion] = relationship()


class LessonReview(db.Model):
    """A time the learner pressed "mark as done" on a lesson (the first and every later one): it shows they went
    back to a lesson after a failed quiz attempt."""

    __tablename__ = "lesson_reviews"
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"), index=True)
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)
