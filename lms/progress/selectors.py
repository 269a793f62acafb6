"""Reads for the dashboard, module and lesson pages: two queries whatever the number of modules, with the
immutable content of each version coming from the per-process cache (a third query loads what it lacks)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, case, func, or_, select

from lms.centers.models import Membership
from lms.curriculum.cache import LessonContent, VersionContent, versions_content
from lms.curriculum.models import Lesson, Module, ModuleVersion
from lms.extensions import db
from lms.progress.models import Enrollment, LessonProgress, ModuleCompletion
from lms.quizzes.models import QuizAttempt, QuizVersion


@dataclass(frozen=True)
class LessonRef:
    """A lesson as listed for a learner."""

    slug: str
    title: str
    minutes: int
    done: bool


@dataclass(frozen=True)
class ModuleProgress:
    """One module as a learner sees it: the version they take, lessons done, next lesson, completion."""

    slug: str
    module_id: int
    version_id: int
    number: int
    version: VersionContent
    lessons: tuple[LessonRef, ...]
    started: bool
    completed_at: datetime | None

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

    def lesson(self, slug: str) -> tuple[int, LessonContent] | None:
        """(1-based position, content) of a lesson of this version."""
        for index, lesson in enumerate(self.version.lessons):
            if lesson.slug == slug:
                return index + 1, lesson
        return None


def _visible(enrolled):
    """Shared modules, the modules of the learner's centers, and any module they already started (their record)."""
    mine = select(Membership.center_id).where(Membership.user_id == bindparam("uid"), Membership.removed_at.is_(None))
    return or_(Module.owner_center_id.is_(None), Module.owner_center_id.in_(mine), enrolled.is_not(None))


def _modules_statement():
    enrolled = select(Enrollment.version_id).where(
        Enrollment.module_id == Module.id, Enrollment.user_id == bindparam("uid")).scalar_subquery()
    return (select(Module.id, Module.slug, ModuleVersion.id, ModuleVersion.number, ModuleVersion.content_hash,
                   enrolled.is_not(None), ModuleCompletion.completed_at)
            .select_from(Module)
            .join(ModuleVersion, ModuleVersion.id == func.coalesce(enrolled, Module.current_version_id))
            .outerjoin(ModuleCompletion, and_(ModuleCompletion.version_id == ModuleVersion.id,
                                              ModuleCompletion.user_id == bindparam("uid")))
            .where(Module.current_version_id.is_not(None), _visible(enrolled))
            .order_by(Module.position, Module.slug))


# Built once: building a statement costs more than running it from SQLAlchemy's compiled cache.
_ALL_MODULES = _modules_statement()
_ONE_MODULE = _ALL_MODULES.where(Module.slug == bindparam("slug"))
# The lesson page's module row also says whether the learner's last attempt at the version's quiz was submitted
# and failed: only then can a lesson be due for review, so the common page needs no quiz query of its own.
_LAST_ATTEMPT_FAILED = (select(case((and_(QuizAttempt.submitted_at.is_not(None), QuizAttempt.passed.is_not(True)),
                                     True), else_=False))
                        .where(QuizAttempt.user_id == bindparam("uid"), QuizAttempt.quiz_version_id == QuizVersion.id)
                        .order_by(QuizAttempt.number.desc()).limit(1).scalar_subquery())
# ... and the slugs of the lessons done, joined by "/" (a slug is one URL path segment: it holds no "/").
_DONE_IN_VERSION = (select(func.aggregate_strings(Lesson.slug, "/"))
                    .join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
                    .where(LessonProgress.user_id == bindparam("uid"), Lesson.version_id == ModuleVersion.id)
                    .scalar_subquery())
_ONE_MODULE_FOR_LESSON = (_ONE_MODULE.add_columns(_LAST_ATTEMPT_FAILED, _DONE_IN_VERSION)
                          .outerjoin(QuizVersion, QuizVersion.module_version_id == ModuleVersion.id))
_DONE = (select(Lesson.version_id, Lesson.slug).join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
         .where(LessonProgress.user_id == bindparam("uid"), Lesson.version_id.in_(bindparam("vids", expanding=True))))


def learner_modules(user_id: int, *, slug: str | None = None) -> list[ModuleProgress]:
    """Every published module (or one, by slug) with this learner's progress, in two queries."""
    if slug is None:
        rows = db.session.execute(_ALL_MODULES, {"uid": user_id}).all()
    else:
        rows = db.session.execute(_ONE_MODULE, {"uid": user_id, "slug": slug}).all()
    return _with_progress(user_id, rows)


def lesson_page_module(user_id: int, slug: str) -> tuple[ModuleProgress, bool] | None:
    """One module with this learner's progress, and whether their last attempt at its quiz was submitted and
    failed (lessons may then be due for review), in one query; None when no such module is published."""
    row = db.session.execute(_ONE_MODULE_FOR_LESSON, {"uid": user_id, "slug": slug}).first()
    if row is None:
        return None
    done = {(row[2], lesson_slug) for lesson_slug in (row[8] or "").split("/") if lesson_slug}
    return _with_progress(user_id, [row[:7]], done=done)[0], bool(row[7])


def _with_progress(user_id: int, rows, *, done: set[tuple[int, str]] | None = None) -> list[ModuleProgress]:
    """ModuleProgress for module rows, with the (version id, lesson slug) pairs done (read when not given)."""
    if not rows:
        return []
    if done is None:
        done = set(db.session.execute(_DONE, {"uid": user_id, "vids": [row[2] for row in rows]}).all())
    contents = versions_content([(row[4], row[2]) for row in rows])
    result = []
    for module_id, module_slug, vid, number, content_hash, started, completed_at in rows:
        content = contents[content_hash]
        refs = tuple(LessonRef(x.slug, x.title, x.minutes, (vid, x.slug) in done) for x in content.lessons)
        result.append(ModuleProgress(slug=module_slug, module_id=module_id, version_id=vid, number=number,
                                     version=content, lessons=refs, started=bool(started),
                                     completed_at=completed_at))
    return result


def module_progress(user_id: int, slug: str) -> ModuleProgress | None:
    """One module with this learner's progress, or None when no such module is published."""
    found = learner_modules(user_id, slug=slug)
    return found[0] if found else None


def lesson_row(version_id: int, lesson_slug: str) -> Lesson | None:
    """The stored lesson of a version, for writes."""
    return db.session.scalar(select(Lesson).where(Lesson.version_id == version_id, Lesson.slug == lesson_slug))
