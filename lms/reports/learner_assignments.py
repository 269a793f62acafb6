"""What a learner has been assigned, by which cohorts and by when: the dashboard's list, in a constant number of
queries. The same program or module assigned by two cohorts is listed once, with the earlier due date."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from lms.centers.cohort_models import Assignment, Cohort, CohortMember, CohortTrainer, Team, TeamMember
from lms.centers.models import Center
from lms.curriculum.models import Module, ModuleVersion
from lms.extensions import db
from lms.programs.models import Program, ProgramVersion
from lms.reports.assignments import AssignmentStatus, assignment_modules, assignment_status, first_completions


@dataclass(frozen=True)
class LearnerAssignment:
    """One thing to finish: a program or module, its due date, who assigned it and how far the learner is."""

    kind: str
    slug: str
    title: str
    cohorts: tuple[str, ...]
    status: AssignmentStatus


def _title_rows(assignments: list[Assignment]) -> dict[tuple[str, int], tuple[str, str]]:
    program_ids = {a.program_id for a in assignments if a.program_id}
    module_ids = {a.module_id for a in assignments if a.module_id}
    titles = {}
    if program_ids:
        titles.update({("program", pid): (slug, title) for pid, slug, title in db.session.execute(
            select(Program.id, Program.slug, ProgramVersion.title).join(
                ProgramVersion, ProgramVersion.id == Program.current_version_id).where(Program.id.in_(program_ids)))})
    if module_ids:
        titles.update({("module", mid): (slug, title) for mid, slug, title in db.session.execute(
            select(Module.id, Module.slug, ModuleVersion.title).join(
                ModuleVersion, ModuleVersion.id == Module.current_version_id).where(Module.id.in_(module_ids)))})
    return titles


def learner_assignments(user_id: int, *, today: date) -> list[LearnerAssignment]:
    """The learner's assignments from every active cohort, ordered by due date (overdue ones first)."""
    rows = db.session.execute(select(Assignment, Cohort.name).join(Cohort, Cohort.id == Assignment.cohort_id)
                              .join(CohortMember, CohortMember.cohort_id == Cohort.id)
                              .where(CohortMember.user_id == user_id, Cohort.archived_at.is_(None))
                              .order_by(Assignment.due_on, Assignment.id)).all()
    if not rows:
        return []
    assignments = [a for a, _ in rows]
    modules_of = assignment_modules(assignments)
    completions = first_completions([user_id], {m for ids in modules_of.values() for m in ids})
    titles = _title_rows(assignments)
    grouped: dict[tuple[str, int], tuple[Assignment, list[str]]] = {}
    for assignment, cohort_name in rows:
        key = ("program", assignment.program_id) if assignment.program_id else ("module", assignment.module_id)
        grouped.setdefault(key, (assignment, []))[1].append(cohort_name)
    result = []
    for key, (assignment, cohorts) in grouped.items():
        if key not in titles:
            continue
        status = assignment_status(user_id=user_id, module_ids=modules_of[assignment.id], due_on=assignment.due_on,
                                   completions=completions, today=today)
        result.append(LearnerAssignment(key[0], *titles[key], tuple(dict.fromkeys(cohorts)), status))
    return sorted(result, key=lambda a: (a.status.completed_at is not None, a.status.due_on, a.title))


@dataclass(frozen=True)
class TrainedCohort:
    """A cohort the user trains, with its center's slug for links."""

    id: int
    name: str
    center_slug: str
    center_name: str


def trained_cohorts(user_id: int) -> list[TrainedCohort]:
    """Active cohorts the user is a trainer of, in one query."""
    rows = db.session.execute(select(Cohort.id, Cohort.name, Center.slug, Center.name)
                              .join(CohortTrainer, CohortTrainer.cohort_id == Cohort.id)
                              .join(Center, Center.id == Cohort.center_id)
                              .where(CohortTrainer.user_id == user_id, Cohort.archived_at.is_(None))
                              .order_by(Cohort.name))
    return [TrainedCohort(*row) for row in rows]


@dataclass(frozen=True)
class MyTeam:
    """A team the learner is in, with what its page's link needs."""

    team_id: int
    team_name: str
    cohort_id: int
    cohort_name: str
    center_slug: str


def my_teams(user_id: int) -> list[MyTeam]:
    """The learner's teams in active cohorts, in one query."""
    rows = db.session.execute(select(Team.id, Team.name, Cohort.id, Cohort.name, Center.slug)
                              .join(TeamMember, TeamMember.team_id == Team.id)
                              .join(Cohort, Cohort.id == Team.cohort_id).join(Center, Center.id == Cohort.center_id)
                              .where(TeamMember.user_id == user_id, Cohort.archived_at.is_(None))
                              .order_by(Cohort.name, Team.name))
    return [MyTeam(*row) for row in rows]
