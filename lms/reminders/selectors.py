"""Reads for the reminder batches: a fixed number of queries whatever the number of learners."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import aliased

from lms.auth.models import User
from lms.centers.cohort_models import Assignment, Cohort, CohortMember
from lms.centers.models import Center, Membership
from lms.certificates.models import Certificate, CertificateRevocation
from lms.curriculum.models import Module, ModuleVersion
from lms.extensions import db
from lms.programs.models import Program, ProgramVersion
from lms.reports.assignments import assignment_modules, first_completions


@dataclass(frozen=True)
class OpenAssignment:
    """An assignment of a live cohort at a live center, with what it requires."""

    id: int
    cohort_id: int
    cohort_name: str
    center_id: int
    center_name: str
    due_on: date
    title: str
    module_ids: tuple[int, ...]


@dataclass(frozen=True)
class Learner:
    """A reachable cohort member: active account with a password, still a member of the cohort's center."""

    user_id: int
    cohort_id: int
    full_name: str
    email: str
    agency: str


def open_assignments(*, due_from: date | None = None, due_to: date | None = None,
                     center_ids: list[int] | None = None) -> list[OpenAssignment]:
    """Assignments of unarchived cohorts at unarchived centers, optionally by due date and center (4-5 queries)."""
    statement = (select(Assignment, Cohort.name, Center.id, Center.name)
                 .join(Cohort, Cohort.id == Assignment.cohort_id).join(Center, Center.id == Cohort.center_id)
                 .where(Cohort.archived_at.is_(None), Center.archived_at.is_(None)).order_by(Assignment.id))
    if due_from is not None:
        statement = statement.where(Assignment.due_on >= due_from)
    if due_to is not None:
        statement = statement.where(Assignment.due_on <= due_to)
    if center_ids is not None:
        statement = statement.where(Center.id.in_(center_ids))
    rows = db.session.execute(statement).all()
    if not rows:
        return []
    assignments = [row[0] for row in rows]
    modules = assignment_modules(assignments)
    titles = _titles(assignments)
    return [OpenAssignment(id=a.id, cohort_id=a.cohort_id, cohort_name=cohort_name, center_id=center_id,
                           center_name=center_name, due_on=a.due_on, module_ids=tuple(modules[a.id]),
                           title=titles.get(("p", a.program_id) if a.program_id else ("m", a.module_id), ""))
            for a, cohort_name, center_id, center_name in rows]


def _titles(assignments: list[Assignment]) -> dict[tuple[str, int], str]:
    """Current titles of the programs and modules assigned, in two queries."""
    program_ids = {a.program_id for a in assignments if a.program_id}
    module_ids = {a.module_id for a in assignments if a.module_id}
    titles: dict[tuple[str, int], str] = {}
    if program_ids:
        titles |= {("p", pid): title for pid, title in db.session.execute(
            select(Program.id, ProgramVersion.title)
            .join(ProgramVersion, ProgramVersion.id == Program.current_version_id).where(Program.id.in_(program_ids)))}
    if module_ids:
        titles |= {("m", mid): title for mid, title in db.session.execute(
            select(Module.id, ModuleVersion.title).join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
            .where(Module.id.in_(module_ids)))}
    return titles


def _members_of(cohort_ids: list[int]):
    """A select of the reachable members (cohort id, user) of these cohorts."""
    return (select(CohortMember.cohort_id, User.id, User.full_name, User.email, User.agency)
            .join(User, User.id == CohortMember.user_id).join(Cohort, Cohort.id == CohortMember.cohort_id)
            .join(Membership, (Membership.user_id == User.id) & (Membership.center_id == Cohort.center_id))
            .where(CohortMember.cohort_id.in_(cohort_ids), Membership.removed_at.is_(None),
                   User.deactivated_at.is_(None), User.password_hash != ""))


def learners_with_completions(assignments: list[OpenAssignment]
                              ) -> tuple[dict[int, list[Learner]], dict[tuple[int, int], datetime]]:
    """Reachable learners by cohort, and their first completions of the assigned modules (two queries)."""
    cohort_ids = sorted({a.cohort_id for a in assignments})
    by_cohort: dict[int, list[Learner]] = {}
    for cohort_id, user_id, name, email, agency in db.session.execute(_members_of(cohort_ids).order_by(User.id)):
        by_cohort.setdefault(cohort_id, []).append(Learner(user_id, cohort_id, name, email, agency))
    module_ids = {mid for a in assignments for mid in a.module_ids}
    user_ids = select(CohortMember.user_id).where(CohortMember.cohort_id.in_(cohort_ids))
    return by_cohort, first_completions(user_ids, module_ids)


@dataclass(frozen=True)
class ExpiringCertificate:
    """A live certificate that expires soon, with what its reminder says."""

    id: int
    user_id: int
    full_name: str
    email: str
    agency: str
    center_id: int
    center_name: str
    program_slug: str
    title: str
    short_code: str
    expires_at: datetime


def expiring_certificates(*, now: datetime, until: datetime, center_ids: list[int] | None = None,
                          reachable_only: bool = True) -> list[ExpiringCertificate]:
    """Certificates expiring in (now, until]: not revoked, not superseded, not followed by a newer certificate of
    the same program, at unarchived centers; with `reachable_only`, only active accounts (one query)."""
    newer, newer_version = aliased(Certificate), aliased(ProgramVersion)
    replaced = exists(select(newer.id).join(newer_version, newer_version.id == newer.program_version_id).where(
        newer.user_id == Certificate.user_id, newer_version.program_id == ProgramVersion.program_id,
        newer.issued_at > Certificate.issued_at,
        newer.id.not_in(select(CertificateRevocation.certificate_id))))
    statement = (select(Certificate.id, User.id, User.full_name, User.email, User.agency, Center.id, Center.name,
                        Program.slug, ProgramVersion.title, Certificate.short_code, Certificate.expires_at)
                 .join(User, User.id == Certificate.user_id).join(Center, Center.id == Certificate.center_id)
                 .join(ProgramVersion, ProgramVersion.id == Certificate.program_version_id)
                 .join(Program, Program.id == ProgramVersion.program_id)
                 .where(Certificate.expires_at > now, Certificate.expires_at <= until, Center.archived_at.is_(None),
                        Certificate.id.not_in(select(CertificateRevocation.certificate_id)),
                        Certificate.id.not_in(select(Certificate.supersedes_id)
                                              .where(Certificate.supersedes_id.is_not(None))),
                        ~replaced)
                 .order_by(Certificate.id))
    if reachable_only:
        statement = statement.where(User.deactivated_at.is_(None), User.password_hash != "")
    if center_ids is not None:
        statement = statement.where(Center.id.in_(center_ids))
    return [ExpiringCertificate(*row) for row in db.session.execute(statement)]


@dataclass(frozen=True)
class DigestRecipient:
    """A center admin or agency coordinator who gets the weekly digest."""

    user_id: int
    role: str
    full_name: str
    email: str
    agency: str
    center_id: int
    center_name: str


def digest_recipients() -> list[DigestRecipient]:
    """Active center admins and agency coordinators of unarchived centers (one query)."""
    rows = db.session.execute(
        select(User.id, Membership.role, User.full_name, User.email, User.agency, Center.id, Center.name)
        .join(Membership, Membership.user_id == User.id).join(Center, Center.id == Membership.center_id)
        .where(Membership.role.in_(("center_admin", "agency_coordinator")), Membership.removed_at.is_(None),
               Center.archived_at.is_(None), User.deactivated_at.is_(None), User.password_hash != "")
        .order_by(Center.id, User.id))
    return [DigestRecipient(*row) for row in rows]
