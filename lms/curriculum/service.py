"""Publishing parsed modules as immutable versions."""
from __future__ import annotations

from lms.curriculum.content import ModuleSpec
from lms.curriculum.models import Lesson, Module, ModuleVersion
from lms.versioning import PublishResult, publish_version


def publish_module(spec: ModuleSpec) -> PublishResult:
    """Add a version for `spec` unless one with the same content hash exists; does not commit."""

    def build(module_id: int, number: int) -> ModuleVersion:
        version = ModuleVersion(
            module_id=module_id, number=number, content_hash=spec.content_hash, title=spec.title,
            summary=spec.summary, audiences=list(spec.audiences), estimated_minutes=spec.estimated_minutes,
            ce_hours=spec.ce_hours, ce_category=spec.ce_category, objectives=list(spec.objectives),
            sources=list(spec.sources),
            completion_rule=spec.completion_rule or ("lessons_and_quiz" if spec.quiz_path else "lessons"),
            overview_html=spec.overview_html)
        version.lessons = [Lesson(slug=lesson.slug, position=index, title=lesson.title, minutes=lesson.minutes,
                                  word_count=lesson.word_count, html=lesson.html, toc_html=lesson.toc_html)
                           for index, lesson in enumerate(spec.lessons)]
        return version

    module, version, created = publish_version(identity_model=Module, version_model=ModuleVersion,
                                               slug=spec.slug, content_hash=spec.content_hash, build=build)
    module.position = spec.position
    return PublishResult(spec.slug, version, created)
