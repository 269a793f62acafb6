"""What an assignment asks of a learner, and how far each learner is: a constant number of queries for any size.

A learner's completion of a module counts once, whichever cohort assigned it and whichever version they took."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, select

from lms.centers.cohort_models import Assignment
from lms.curriculum.models import Lesson, Module, ModuleVersion
from lms.extensions import db
from lms.programs.models import Program, ProgramVersion
from lms.progress.models import Enrollment, LessonProgress, ModuleCompletion
from lms.quizzes.models import QuizAttempt, QuizVersion


def assignment_modules(assignments: list[Assignment]) -> dict[int, list[int]]:
    """Module ids each assignment requires (a program's current version's modules, in order), in one query."""
    program_ids = {a.program_id for a in assignments if a.program_id is not None}
    program_slugs: dict[int, list[str]] = {}
    if program_ids:
        rows = db.session.execute(select(Program.id, ProgramVersion.spec).join(
            ProgramVersion, ProgramVersion.id == Program.current_version_id).where(Program.id.in_(program_ids)))
        program_slugs = {pid: list(spec.get("modules", [])) for pid, spec in rows}
    wanted = {slug for slugs in program_slugs.values() for slug in slugs}
    ids = dict(db.session.execute(select(Module.slug, Module.id).where(Module.slug.in_(wanted))).all()) \
        if wanted else {}
    result = {}
    for assignment in assignments:
        if assignment.module_id is not None:
            result[assignment.id] = [assignment.module_id]
        else:
            result[assignment.id] = [ids[s] for s in program_slugs.get(assignment.program_id, []) if s in ids]
    return result


def first_completions(user_ids, module_ids) -> dict[tuple[int, int], datetime]:
    """(user id, module id) -> when that learner first completed that module (any version), in one query.

    `user_ids` may be a list or a SQL select of ids (so a cohort of any size needs no id list in Python)."""
    if not module_ids:
        return {}
    rows = db.session.execute(select(ModuleCompletion.user_id, ModuleCompletion.module_id,
                                     func.min(ModuleCompletion.completed_at))
                              .where(ModuleCompletion.user_id.in_(user_ids),
                                     ModuleCompletion.module_id.in_(list(module_ids)))
                              .group_by(ModuleCompletion.user_id, ModuleCompletion.module_id))
    return {(uid, mid): at for uid, mid, at in rows}


@dataclass(frozen=True)
class AssignmentStatus:
    """One learner's standing on one assignment."""

    due_on: date
    total: int
    done: int
    completed_at: datetime | None
    overdue: bool

    @property
    def percent(self) -> int:
        """Share of required modules completed, 0..100."""
        return round(100 * self.done / self.total) if self.total else 0


def assignment_status(*, user_id: int, module_ids: list[int], due_on: date,
                      completions: dict[tuple[int, int], datetime], today: date) -> AssignmentStatus:
    """Pure: how far `user_id` is on modules `module_ids` due `due_on`, given their first completions."""
    times = [completions.get((user_id, mid)) for mid in module_ids]
    done = [t for t in times if t is not None]
    completed_at = max(done) if module_ids and len(done) == len(module_ids) else None
    overdue = completed_at is None and today > due_on
    return AssignmentStatus(due_on=due_on, total=len(module_ids), done=len(done), completed_at=completed_at,
                            overdue=overdue)


def module_due_dates(assignments: list[Assignment], modules_of: dict[int, list[int]]) -> dict[int, date]:
    """Pure: each required module's earliest due date over these assignments, in assignment order."""
    due: dict[int, date] = {}
    for assignment in sorted(assignments, key=lambda a: (a.due_on, a.id)):
        for module_id in modules_of.get(assignment.id, []):
            due.setdefault(module_id, assignment.due_on)
    return due


def lessons_done(user_ids, module_ids) -> dict[tuple[int, int], tuple[int, int]]:
    """(user id, module id) -> (lessons done, lessons) in the version each learner takes, in one query."""
    if not module_ids:
        return {}
    rows = db.session.execute(
        select(Enrollment.user_id, Enrollment.module_id, func.count(LessonProgress.id), func.count(Lesson.id))
        .join(Lesson, Lesson.version_id == Enrollment.version_id)
        .outerjoin(LessonProgress, and_(LessonProgress.lesson_id == Lesson.id,
                                        LessonProgress.user_id == Enrollment.user_id))
        .where(Enrollment.user_id.in_(user_ids), Enrollment.module_id.in_(list(module_ids)))
        .group_by(Enrollment.user_id, Enrollment.module_id))
    return {(uid, mid): (done, total) for uid, mid, done, total in rows}


def best_scores(user_ids, module_ids) -> dict[tuple[int, int], float]:
    """(user id, module id) -> best score of a submitted quiz attempt (any version), in one query."""
    if not module_ids:
        return {}
    rows = db.session.execute(
        select(QuizAttempt.user_id, ModuleVersion.module_id, func.max(QuizAttempt.score))
        .join(QuizVersion, QuizVersion.id == QuizAttempt.quiz_version_id)
        .join(ModuleVersion, ModuleVersion.id == QuizVersion.module_version_id)
        .where(QuizAttempt.user_id.in_(user_ids), ModuleVersion.module_id.in_(list(module_ids)),
               QuizAttempt.submitted_at.is_not(None))
        .group_by(QuizAttempt.user_id, ModuleVersion.module_id))
    return {(uid, mid): score for uid, mid, score in rows}


@dataclass(slots=True)
class ModuleCell:
    """One learner's standing on one required module: not started, in progress (with %), or completed."""

    state: str
    percent: int
    completed_at: datetime | None
    best_score: float | None
    overdue: bool

    @property
    def day(self) -> str:
        """The completion day, YYYY-MM-DD (empty when not completed)."""
        return f"{self.completed_at:%Y-%m-%d}" if self.completed_at else ""

    @property
    def score_text(self) -> str:
        """The best quiz score as a whole percentage (empty without a submitted attempt)."""
        return "" if self.best_score is None else f"{self.best_score:.0f}%"

    @property
    def label(self) -> str:
        """Words for the cell (also what the CSV says)."""
        if self.state == "completed":
            return f"Completed {self.completed_at:%Y-%m-%d}"
        text = f"In progress {self.percent}%" if self.state == "in_progress" else "Not started"
        return text + (" (overdue)" if self.overdue else "")


def module_cell(*, user_id: int, module_id: int, due_on: date | None, completions: dict, lessons: dict,
                scores: dict, today: date) -> ModuleCell:
    """Pure: the cell of `user_id` on `module_id` from the three lookups (overdue as assignment_status says)."""
    status = assignment_status(user_id=user_id, module_ids=[module_id], due_on=due_on or date.max,
                               completions=completions, today=today)
    score = scores.get((user_id, module_id))
    if status.completed_at is not None:
        return ModuleCell("completed", 100, status.completed_at, score, False)
    done, total = lessons.get((user_id, module_id), (None, 0))
    if done is None and score is None:
        return ModuleCell("not_started", 0, None, None, status.overdue)
    percent = min(99, round(100 * (done or 0) / total)) if total else 0
    return ModuleCell("in_progress", percent, None, score, status.overdue)
