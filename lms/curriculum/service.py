"""Publishing parsed modules as immutable versions."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from lms.curriculum.content import ModuleSpec
from lms.curriculum.models import Lesson, Module, ModuleVersion
from lms.extensions import db


@dataclass(frozen=True)
class PublishResult:
    """What happened to one module: a new version, or unchanged."""

    slug: str
    version: ModuleVersion
    created: bool


def publish_module(spec: ModuleSpec) -> PublishResult:
    """Add a version for `spec` unless one with the same content hash exists; does not commit."""
    module = db.session.scalar(select(Module).where(Module.slug == spec.slug))
    if module is None:
        module = Module(slug=spec.slug, position=spec.position)
        db.session.add(module)
        db.session.flush()
    module.position = spec.position
    existing = db.session.scalar(select(ModuleVersion).where(
        ModuleVersion.module_id == module.id, ModuleVersion.content_hash == spec.content_hash))
    if existing is not None:
        if module.current_version_id != existing.id:
            module.current_version = existing
        return PublishResult(spec.slug, existing, created=False)
    number = (db.session.scalar(select(func.max(ModuleVersion.number)).where(
        ModuleVersion.module_id == module.id)) or 0) + 1
    version = ModuleVersion(
        module_id=module.id, number=number, content_hash=spec.content_hash, title=spec.title,
        summary=spec.summary, audiences=list(spec.audiences), estimated_minutes=spec.estimated_minutes,
        ce_hours=spec.ce_hours, completion_rule=spec.completion_rule or ("lessons_and_quiz" if spec.quiz_path else "lessons"), objectives=list(spec.objectives),
        sources=list(spec.sources), overview_html=spec.overview_html)
    version.lessons = [Lesson(slug=lesson.slug, position=index, title=lesson.title, minutes=lesson.minutes,
                              word_count=lesson.word_count, html=lesson.html, toc_html=lesson.toc_html)
                       for index, lesson in enumerate(spec.lessons)]
    db.session.add(version)
    db.session.flush()
    module.current_version = version
    return PublishResult(spec.slug, version, created=True)
