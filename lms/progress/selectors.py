"""Reads for the dashboard and module pages, in a fixed number of queries whatever the number of modules."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import load_only

from lms.curriculum.models import Lesson, Module, ModuleVersion
from lms.extensions import db
from lms.progress.models import Enrollment, LessonProgress, ModuleCompletion


@dataclass(frozen=True)
class LessonRef:
    """Enough of a lesson to link to it."""

    id: int
    slug: str
    title: str
    minutes: int
    done: bool


@dataclass(frozen=True)
class ModuleProgress:
    """One module as a learner sees it: the version they take, lessons done, next lesson, completion."""

    slug: str
    version: ModuleVersion
    lessons: tuple[LessonRef, ...]
    started: bool
    completed_at: object | None

    @property
    def done(self) -> int:
        """Lessons marked done."""
        return sum(1 for lesson in self.lessons if lesson.done)

    @property
    def percent(self) -> int:
        """Share of lessons done, 0..100 (100 once the module is complete)."""
        if self.completed_at is not None:
            return 100
        return round(100 * self.done / len(self.lessons)) if self.lessons else 0

    @property
    def next_lesson(self) -> LessonRef | None:
        """The first lesson not yet done (None when all are done)."""
        return next((lesson for lesson in self.lessons if not lesson.done), None)


def version_for(user_id: int | None, module: Module) -> ModuleVersion | None:
    """The version a learner takes: the one they started, else the current one."""
    if user_id is not None:
        enrollment = db.session.scalar(select(Enrollment).where(
            Enrollment.user_id == user_id, Enrollment.module_id == module.id))
        if enrollment is not None:
            return enrollment.version
    return module.current_version


def learner_modules(user_id: int, *, slug: str | None = None) -> list[ModuleProgress]:
    """Every published module (or one, by slug) with this learner's progress; five queries in all."""
    query = select(Module).where(Module.current_version_id.is_not(None)).order_by(Module.position, Module.slug)
    if slug is not None:
        query = query.where(Module.slug == slug)
    modules = db.session.scalars(query).all()
    if not modules:
        return []
    enrolled = dict(db.session.execute(select(Enrollment.module_id, Enrollment.version_id).where(
        Enrollment.user_id == user_id, Enrollment.module_id.in_([m.id for m in modules]))).all())
    version_ids = {m.id: enrolled.get(m.id, m.current_version_id) for m in modules}
    versions = {v.id: v for v in db.session.scalars(select(ModuleVersion).where(
        ModuleVersion.id.in_(version_ids.values())))}
    lessons = db.session.scalars(select(Lesson).options(load_only(
        Lesson.id, Lesson.version_id, Lesson.slug, Lesson.title, Lesson.minutes, Lesson.position)).where(
        Lesson.version_id.in_(version_ids.values())).order_by(Lesson.version_id, Lesson.position)).all()
    done = set(db.session.scalars(select(LessonProgress.lesson_id).join(Lesson).where(
        LessonProgress.user_id == user_id, Lesson.version_id.in_(version_ids.values()))))
    completed = dict(db.session.execute(select(ModuleCompletion.version_id, ModuleCompletion.completed_at).where(
        ModuleCompletion.user_id == user_id, ModuleCompletion.version_id.in_(version_ids.values()))).all())
    by_version: dict[int, list[LessonRef]] = {}
    for lesson in lessons:
        by_version.setdefault(lesson.version_id, []).append(
            LessonRef(lesson.id, lesson.slug, lesson.title, lesson.minutes, lesson.id in done))
    return [ModuleProgress(slug=m.slug, version=versions[version_ids[m.id]],
                           lessons=tuple(by_version.get(version_ids[m.id], ())), started=m.id in enrolled,
                           completed_at=completed.get(version_ids[m.id])) for m in modules]


def published_module(slug: str) -> Module | None:
    """A module that has a published version, by slug."""
    return db.session.scalar(select(Module).where(Module.slug == slug, Module.current_version_id.is_not(None)))
