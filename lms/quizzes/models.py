"""Quiz versions (one per module version), attempts and their saved answers."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.timeutil import utcnow


class QuizVersion(db.Model):
    """The quiz of one module version, stored as its validated spec (JSON); never edited."""

    __tablename__ = "quiz_versions"
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    module_version_id: Mapped[int] = mapped_column(ForeignKey("module_versions.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    spec: Mapped[dict] = mapped_column(JSON, deferred=True)  # read only when the parsed spec is not cached
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuizAttempt(db.Model):
    """One learner's attempt at one quiz version; frozen once submitted."""

    __tablename__ = "quiz_attempts"
    # ix_quiz_attempts_ranking covers item analysis's ranking of a center's submitted attempts by score.
    __table_args__ = (UniqueConstraint("user_id", "quiz_version_id", "number"),
                      Index("ix_quiz_attempts_ranking", "quiz_version_id", "user_id", "submitted_at", "score"))
    __frozen_when__ = "submitted_at"  # a submitted attempt is never edited or deleted

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    quiz_version_id: Mapped[int] = mapped_column(ForeignKey("quiz_versions.id"), index=True)
    number: Mapped[int]
    layout: Mapped[dict] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline: Mapped[datetime | None]
    last_saved_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)
    score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None]
    result: Mapped[dict | None] = mapped_column(JSON)

    quiz_version: Mapped[QuizVersion] = relationship()


class AttemptAnswer(db.Model):
    """The learner's current answer to one question of an attempt (a scenario's path so far)."""

    __tablename__ = "attempt_answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(80))
    value: Mapped[object] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
