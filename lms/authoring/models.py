"""Drafts of a module (its files, exactly in the file format) and the source files of each published version."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.timeutil import utcnow


class ModuleDraft(db.Model):
    """A module being edited by a center's staff: `files` maps file name -> text (module.md, NN-slug.md,
    quiz.yaml); `lock_version` grows on every save so a stale save is refused."""

    __tablename__ = "module_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    folder: Mapped[str] = mapped_column(String(90))
    files: Mapped[dict] = mapped_column(JSON)
    lock_version: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(20), default="editing")  # editing | in_review | published
    base_version_id: Mapped[int | None] = mapped_column(ForeignKey("module_versions.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None]
    change_note: Mapped[str] = mapped_column(Text, default="")
    review_comment: Mapped[str] = mapped_column(Text, default="")
    published_version_id: Mapped[int | None] = mapped_column(ForeignKey("module_versions.id"))
    # True for a draft of the center's own module (only its staff author it; only its members see it once
    # published); False for a shared module, which only curriculum editors and site admins may change.
    center_owned: Mapped[bool] = mapped_column(default=False, server_default=false())

    updated_by = relationship("User", foreign_keys=[updated_by_id])
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    center = relationship("Center")

    @property
    def slug(self) -> str:
        """The module slug: the folder name without its NN- prefix."""
        return self.folder[3:]


class VersionSource(db.Model):
    """The files a published module version was made from, who published it and why (one row per version)."""

    __tablename__ = "module_version_sources"
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    module_version_id: Mapped[int] = mapped_column(ForeignKey("module_versions.id"), unique=True)
    folder: Mapped[str] = mapped_column(String(90))
    files: Mapped[dict] = mapped_column(JSON)
    change_note: Mapped[str] = mapped_column(Text, default="")
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("module_drafts.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    published_by = relationship("User", foreign_keys=[published_by_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])


class LocalResource(db.Model):
    """One agency in a center's local resource directory, shown in lessons' `local-resources` boxes."""

    __tablename__ = "local_resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(80), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    hours: Mapped[str] = mapped_column(String(160), default="")
    languages: Mapped[str] = mapped_column(String(160), default="")
    serves: Mapped[str] = mapped_column(String(300), default="")
    after_hours: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ContentImage(db.Model):
    """An image uploaded in the editor: re-encoded (no metadata), stored under a generated name so every app
    server can serve it; lessons refer to it as /content-images/<name>. Never edited."""

    __tablename__ = "content_images"
    __append_only__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    content_type: Mapped[str] = mapped_column(String(20))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int]
    height: Mapped[int]
    alt: Mapped[str] = mapped_column(String(300))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
