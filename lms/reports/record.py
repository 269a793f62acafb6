"""One learner's record for the staff who may see it: lessons done, quiz attempts, completions, certificates and
their cohorts' assignments at the center (a fixed number of queries)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from lms.auth.models import User
from lms.centers.cohort_models import Assignment, Cohort, CohortMember
from lms.certificates.issuing import selectors as certificate_selectors
from lms.certificates.issuing.selectors import CertificateView
from lms.curriculum.models import Lesson, ModuleVersion
from lms.evaluations.models import CourseEvaluation
from lms.evaluations.time_on_task import ModuleTime, time_by_module
from lms.extensions import db
from lms.programs.models import ProgramVersion
from lms.progress.models import LessonProgress, ModuleCompletion
from lms.quizzes.models import QuizAttempt, QuizVersion
from lms.reports.assignments import AssignmentStatus, assignment_modules, assignment_status, first_completions


@dataclass(frozen=True)
class LessonDone:
    """A lesson marked done."""

    module_title: str
    version: int
    lesson_title: str
    completed_at: datetime


@dataclass(frozen=True)
class AttemptLine:
    """A submitted (or open) quiz attempt."""

    id: int
    module_title: str
    number: int
    started_at: datetime
    submitted_at: datetime | None
    score: float | None
    passed: bool | None


@dataclass(frozen=True)
class CompletionLine:
    """A completed module version."""

    module_title: str
    version: int
    completed_at: datetime


@dataclass(frozen=True)
class CohortLine:
    """One of the learner's cohorts at the center, with each assignment's status."""

    cohort_id: int
    cohort_name: str
    statuses: tuple[tuple[Assignment, AssignmentStatus], ...]


@dataclass(frozen=True)
class Record:
    """Everything a trainer or center admin reads about one learner."""

    user: User
    lessons: tuple[LessonDone, ...]
    attempts: tuple[AttemptLine, ...]
    completions: tuple[CompletionLine, ...]
    certificates: tuple[CertificateView, ...]
    cohorts: tuple[CohortLine, ...]
    time: tuple[ModuleTime, ...] = ()
    evaluations: tuple[tuple[str, datetime, str], ...] = ()  # (program title, submitted, attestation as ticked)


def learner_record(user: User, *, center_id: int, today: date, cohort_ids=None) -> Record:
    """The learner's record; `cohort_ids` narrows the cohorts listed (a trainer sees the ones they train)."""
    lessons = tuple(LessonDone(*row) for row in db.session.execute(
        select(ModuleVersion.title, ModuleVersion.number, Lesson.title, LessonProgress.completed_at)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id).join(ModuleVersion, ModuleVersion.id == Lesson.version_id)
        .where(LessonProgress.user_id == user.id).order_by(LessonProgress.completed_at, LessonProgress.id)))
    attempts = tuple(AttemptLine(*row) for row in db.session.execute(
        select(QuizAttempt.id, ModuleVersion.title, QuizAttempt.number, QuizAttempt.started_at,
               QuizAttempt.submitted_at, QuizAttempt.score, QuizAttempt.passed)
        .join(QuizVersion, QuizVersion.id == QuizAttempt.quiz_version_id)
        .join(ModuleVersion, ModuleVersion.id == QuizVersion.module_version_id)
        .where(QuizAttempt.user_id == user.id).order_by(QuizAttempt.started_at, QuizAttempt.id)))
    completions = tuple(CompletionLine(*row) for row in db.session.execute(
        select(ModuleVersion.title, ModuleVersion.number, ModuleCompletion.completed_at)
        .join(ModuleVersion, ModuleVersion.id == ModuleCompletion.version_id)
        .where(ModuleCompletion.user_id == user.id).order_by(ModuleCompletion.completed_at)))
    certificates = tuple(v for v in certificate_selectors.of_learner(user.id) if v.certificate.center_id == center_id)
    evaluations = tuple(tuple(row) for row in db.session.execute(
        select(ProgramVersion.title, CourseEvaluation.submitted_at, CourseEvaluation.attestation)
        .join(ProgramVersion, ProgramVersion.id == CourseEvaluation.program_version_id)
        .where(CourseEvaluation.user_id == user.id).order_by(CourseEvaluation.submitted_at)).all())
    return Record(user, lessons, attempts, completions, certificates,
                  _cohorts(user.id, center_id, today, cohort_ids), tuple(time_by_module(user.id)), evaluations)


def _cohorts(user_id: int, center_id: int, today: date, cohort_ids) -> tuple[CohortLine, ...]:
    statement = (select(Cohort.id, Cohort.name, Assignment).join(CohortMember, CohortMember.cohort_id == Cohort.id)
                 .outerjoin(Assignment, Assignment.cohort_id == Cohort.id)
                 .where(CohortMember.user_id == user_id, Cohort.center_id == center_id)
                 .order_by(Cohort.name, Assignment.due_on))
    if cohort_ids is not None:
        statement = statement.where(Cohort.id.in_(list(cohort_ids)))
    rows = db.session.execute(statement).all()
    assignments = [a for _, _, a in rows if a is not None]
    modules_of = assignment_modules(assignments)
    completions = first_completions([user_id], {m for ids in modules_of.values() for m in ids})
    lines: dict[int, tuple[str, list]] = {}
    for cohort_id, name, assignment in rows:
        entry = lines.setdefault(cohort_id, (name, []))
        if assignment is not None:
            entry[1].append((assignment, assignment_status(user_id=user_id, module_ids=modules_of[assignment.id],
                                                           due_on=assignment.due_on, completions=completions,
                                                           today=today)))
    return tuple(CohortLine(cid, name, tuple(items)) for cid, (name, items) in lines.items())


RECORD_CSV_HEADER = ["kind", "module or program", "detail", "date", "score"]


def record_csv_rows(record: Record, *, with_scores: bool):
    """The record as CSV cells: one line per lesson done, attempt, completion and certificate."""
    for line in record.lessons:
        yield ["lesson done", f"{line.module_title} (v{line.version})", line.lesson_title,
               f"{line.completed_at:%Y-%m-%d %H:%M}", ""]
    for a in record.attempts:
        score = f"{a.score:.1f}" if with_scores and a.score is not None else ""
        state = "open" if a.submitted_at is None else ("passed" if a.passed else "not passed")
        when = a.submitted_at or a.started_at
        yield ["quiz attempt", a.module_title, f"attempt {a.number}, {state}", f"{when:%Y-%m-%d %H:%M}", score]
    for c in record.completions:
        yield ["module completed", f"{c.module_title} (v{c.version})", "", f"{c.completed_at:%Y-%m-%d %H:%M}", ""]
    for t in record.time:
        detail = f"lessons {round(t.lesson_seconds / 60)} min, quiz {round(t.quiz_seconds / 60)} min"
        yield ["time on task", t.title, detail, "", ""]
    for title, submitted_at, attestation in record.evaluations:
        yield ["evaluation and attestation", title, attestation, f"{submitted_at:%Y-%m-%d %H:%M}", ""]
    for v in record.certificates:
        yield ["certificate", v.document.program_title, f"{v.document.short_code} {v.status.code}",
               v.document.issued_on, ""]
