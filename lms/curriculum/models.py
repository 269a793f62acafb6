"""Modules and their immutable published versions, each with its lessons."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.timeutil import utcnow


class Module(db.Model):
    """A module's stable identity (its slug); its content lives in versions."""

    __tablename__ = "modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    # None: a shared (shipped) module every learner sees; else only that center's members see it.
    owner_center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id"), index=True)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("module_versions.id", use_alter=True, name="fk_modules_current_version_id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    current_version: Mapped[ModuleVersion | None] = relationship(foreign_keys=[current_version_id],
                                                                 post_update=True)


class ModuleVersion(db.Model):
    """One published, never-edited version of a module, keyed by the hash of its files."""

    __tablename__ = "module_versions"
    __table_args__ = (UniqueConstraint("module_id", "number"), UniqueConstraint("module_id", "content_hash"))
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    audiences: Mapped[list] = mapped_column(JSON)
    estimated_minutes: Mapped[int]
    ce_hours: Mapped[float] = mapped_column(Numeric(4, 1, asdecimal=False), default=0)
    ce_category: Mapped[str] = mapped_column(String(10), default="", server_default="")
    completion_rule: Mapped[str] = mapped_column(String(20))
    objectives: Mapped[list] = mapped_column(JSON)
    sources: Mapped[list] = mapped_column(JSON)
    overview_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    module: Mapped[Module] = relationship(foreign_keys=[module_id])
    lessons: Mapped[list[Lesson]] = relationship(order_by="Lesson.position", back_populates="version")

    @property
    def slug(self) -> str:
        """The module's slug (stable across versions)."""
        return self.module.slug


class Lesson(db.Model):
    """A lesson of one module version; its HTML is rendered and sanitized at import."""

    __tablename__ = "lessons"
    __table_args__ = (UniqueConstraint("version_id", "slug"),)
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("module_versions.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    minutes: Mapped[int]
    word_count: Mapped[int]
    html: Mapped[str] = mapped_column(Text)
    toc_html: Mapped[str] = mapped_column(Text, default="")

    version: Mapped[ModuleVersion] = relationship(back_populates="lessons")
