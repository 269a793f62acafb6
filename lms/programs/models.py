"""Certificate programs: a stable identity and immutable versions, from a program file (shared by every center) or
from a center admin's form (that center's own program, lms/programs/center_service.py)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.timeutil import utcnow


class Program(db.Model):
    """A certificate program's stable identity; its content lives in versions."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    # None: a shared program from programs/*.yaml; else a center's own, seen only by that center's members.
    owner_center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id"), index=True)
    # A center's own program, archived: offered no more and issuing no new certificates (those issued still verify).
    archived_at: Mapped[datetime | None]
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("program_versions.id", use_alter=True, name="fk_programs_current_version_id"))

    current_version: Mapped[ProgramVersion | None] = relationship(foreign_keys=[current_version_id],
                                                                  post_update=True)


class ProgramVersion(db.Model):
    """One immutable version of a program file."""

    __tablename__ = "program_versions"
    __table_args__ = (UniqueConstraint("program_id", "content_hash"),)
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    spec: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    program: Mapped[Program] = relationship(foreign_keys=[program_id])
