"""Time on task: page-visible seconds a learner spends on a lesson or a quiz, added up per page and day.

The browser (static/js/time-on-task.js) reports visible, non-idle time in beacons every HEARTBEAT seconds; the
server counts at most MAX_BEACON_SECONDS of each beacon and at most MAX_DAY_SECONDS per page and day, so a tab
left open (or a forged beacon) cannot add hours."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.dialects import postgresql, sqlite

from lms.curriculum.models import Lesson, Module, ModuleVersion
from lms.evaluations.models import TimeOnTask
from lms.extensions import db
from lms.quizzes.models import QuizVersion
from lms.timeutil import utcnow

HEARTBEAT = 30  # seconds between the browser's beacons while the page is visible
MAX_BEACON_SECONDS = 2 * HEARTBEAT  # one late beacon is still counted in full; a forged "3600" counts 60
MAX_DAY_SECONDS = 4 * 3600  # per learner, page and day
KINDS = ("lesson", "quiz")


def page_module(kind: str, page_id: int) -> int | None:
    """The module a lesson or quiz version belongs to (None when there is no such page)."""
    if kind == "lesson":
        statement = select(ModuleVersion.module_id).join(Lesson, Lesson.version_id == ModuleVersion.id).where(
            Lesson.id == page_id)
    elif kind == "quiz":
        statement = select(ModuleVersion.module_id).join(
            QuizVersion, QuizVersion.module_version_id == ModuleVersion.id).where(QuizVersion.id == page_id)
    else:
        return None
    return db.session.scalar(statement)


def record_time(*, user_id: int, kind: str, page_id: int, module_id: int, seconds: int,
                day: date | None = None) -> int:
    """Add capped seconds to the learner's row for this page and day (one upsert); commits. Returns what counted."""
    counted = max(0, min(int(seconds), MAX_BEACON_SECONDS))
    if counted == 0:
        return 0
    day = day or utcnow().date()
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    total = TimeOnTask.seconds + counted
    statement = insert(TimeOnTask).values(user_id=user_id, kind=kind, page_id=page_id, module_id=module_id,
                                          day=day, seconds=counted, updated_at=utcnow())
    statement = statement.on_conflict_do_update(
        index_elements=["user_id", "kind", "page_id", "day"],
        set_={"seconds": case((total > MAX_DAY_SECONDS, MAX_DAY_SECONDS), else_=total), "updated_at": utcnow()})
    db.session.execute(statement)
    db.session.commit()
    return counted


@dataclass(frozen=True)
class ModuleTime:
    """Page-visible minutes a learner spent on one module's lessons and quiz."""

    module_id: int
    title: str
    lesson_seconds: int
    quiz_seconds: int

    @property
    def minutes(self) -> int:
        """Lessons and quiz together, rounded to the minute."""
        return round((self.lesson_seconds + self.quiz_seconds) / 60)


def time_by_module(user_id: int, module_ids=None) -> list[ModuleTime]:
    """The learner's time per module (one grouped query), in curriculum order."""
    statement = (select(Module.id, ModuleVersion.title, TimeOnTask.kind, func.sum(TimeOnTask.seconds))
                 .join(Module, Module.id == TimeOnTask.module_id)
                 .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
                 .where(TimeOnTask.user_id == user_id)
                 .group_by(Module.id, ModuleVersion.title, TimeOnTask.kind).order_by(Module.position, Module.id))
    if module_ids is not None:
        statement = statement.where(TimeOnTask.module_id.in_(list(module_ids)))
    lines: dict[int, dict] = {}
    for module_id, title, kind, seconds in db.session.execute(statement):
        line = lines.setdefault(module_id, {"title": title, "lesson": 0, "quiz": 0})
        line[kind] = int(seconds or 0)
    return [ModuleTime(mid, v["title"], v["lesson"], v["quiz"]) for mid, v in lines.items()]


def seconds_on_modules(user_id: int, module_slugs) -> int:
    """Total page-visible seconds on the named modules (one query)."""
    return int(db.session.scalar(select(func.coalesce(func.sum(TimeOnTask.seconds), 0)).join(
        Module, Module.id == TimeOnTask.module_id).where(TimeOnTask.user_id == user_id,
                                                          Module.slug.in_(list(module_slugs)))) or 0)
