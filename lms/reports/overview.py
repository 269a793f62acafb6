"""A center's overview per program: enrolled, in progress, completed, overdue, certified, and certificates expiring
within 30, 60 and 90 days, in a constant number of queries whatever the number of learners."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.orm import aliased

from lms.auth.models import User
from lms.centers.cohort_models import Assignment, Cohort, CohortMember
from lms.certificates.models import Certificate, CertificateRevocation
from lms.extensions import db
from lms.programs.models import Program, ProgramVersion
from lms.progress.models import Enrollment
from lms.reports.assignments import assignment_modules, assignment_status, first_completions

WINDOWS = (30, 60, 90)


@dataclass(frozen=True)
class ProgramLine:
    """One program's figures at the center."""

    program_id: int
    slug: str
    title: str
    enrolled: int = 0
    in_progress: int = 0
    completed: int = 0
    overdue: int = 0
    certified: int = 0
    expiring: tuple[int, ...] = (0, 0, 0)


OVERVIEW_CSV_HEADER = ["program", "enrolled", "in progress", "completed", "overdue", "certified",
                       *(f"certificates expiring within {d} days" for d in WINDOWS)]


def overview_csv_rows(lines: list[ProgramLine]):
    """The overview as CSV cells."""
    for line in lines:
        yield [line.title, line.enrolled, line.in_progress, line.completed, line.overdue, line.certified,
               *line.expiring]


def _learners(center_id: int, agency: str | None):
    statement = (select(CohortMember.user_id, Assignment.program_id, func.min(Assignment.due_on))
                 .join(Assignment, Assignment.cohort_id == CohortMember.cohort_id)
                 .join(Cohort, Cohort.id == CohortMember.cohort_id)
                 .where(Cohort.center_id == center_id, Cohort.archived_at.is_(None), Assignment.program_id.is_not(None))
                 .group_by(CohortMember.user_id, Assignment.program_id))
    if agency is not None:
        statement = statement.join(User, User.id == CohortMember.user_id).where(User.agency == agency)
    return statement


def _certificates(center_id: int, agency: str | None, now: datetime):
    newer = aliased(Certificate)
    valid = or_(Certificate.expires_at.is_(None), Certificate.expires_at > now)
    windows = [func.count(distinct(case((and_(Certificate.expires_at > now,
                                              Certificate.expires_at <= now + timedelta(days=d)),
                                         Certificate.user_id)))) for d in WINDOWS]
    statement = (select(ProgramVersion.program_id, func.count(distinct(case((valid, Certificate.user_id)))), *windows)
                 .join(ProgramVersion, ProgramVersion.id == Certificate.program_version_id)
                 .outerjoin(CertificateRevocation, CertificateRevocation.certificate_id == Certificate.id)
                 .outerjoin(newer, newer.supersedes_id == Certificate.id)
                 .where(Certificate.center_id == center_id, CertificateRevocation.id.is_(None), newer.id.is_(None))
                 .group_by(ProgramVersion.program_id))
    if agency is not None:
        statement = statement.join(User, User.id == Certificate.user_id).where(User.agency == agency)
    return {pid: (certified, tuple(expiring)) for pid, certified, *expiring in db.session.execute(statement)}


def center_overview(center_id: int, *, now: datetime, agency: str | None = None) -> list[ProgramLine]:
    """Per program assigned or certified at the center; an agency coordinator passes their `agency`."""
    today = now.date()
    assignments = list(db.session.scalars(select(Assignment).join(Cohort, Cohort.id == Assignment.cohort_id).where(
        Cohort.center_id == center_id, Cohort.archived_at.is_(None), Assignment.program_id.is_not(None))))
    modules_of = assignment_modules(assignments)
    program_modules = {a.program_id: modules_of[a.id] for a in assignments}
    all_modules = {m for ids in program_modules.values() for m in ids}
    learners = _learners(center_id, agency).subquery()
    people = db.session.execute(select(learners)).all() if assignments else []
    user_ids = select(learners.c.user_id)
    completions = first_completions(user_ids, all_modules) if people else {}
    started = set(db.session.execute(select(Enrollment.user_id, Enrollment.module_id).distinct().where(
        Enrollment.user_id.in_(user_ids), Enrollment.module_id.in_(list(all_modules)))).all()) if people else set()
    counts: dict[int, list[int]] = {}
    for user_id, program_id, due_on in people:
        module_ids = program_modules.get(program_id, [])
        status = assignment_status(user_id=user_id, module_ids=module_ids, due_on=due_on, completions=completions,
                                   today=today)
        figures = counts.setdefault(program_id, [0, 0, 0, 0])
        figures[0] += 1
        if status.completed_at is not None:
            figures[2] += 1
            continue
        if status.done or any((user_id, m) in started for m in module_ids):
            figures[1] += 1
        if status.overdue:
            figures[3] += 1
    certificates = _certificates(center_id, agency, now)
    wanted = set(counts) | set(certificates)
    if not wanted:
        return []
    titles = db.session.execute(select(Program.id, Program.slug, ProgramVersion.title).join(
        ProgramVersion, ProgramVersion.id == Program.current_version_id).where(Program.id.in_(wanted))
        .order_by(ProgramVersion.title)).all()
    lines = []
    for program_id, slug, title in titles:
        enrolled, in_progress, completed, overdue = counts.get(program_id, [0, 0, 0, 0])
        certified, expiring = certificates.get(program_id, (0, (0, 0, 0)))
        lines.append(ProgramLine(program_id, slug, title, enrolled, in_progress, completed, overdue, certified,
                                 expiring))
    return lines
