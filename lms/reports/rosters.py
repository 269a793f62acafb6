"""The rosters licensing boards ask for, of the learners who completed a program: a POST roster for officers and a
CE roster for licensed clinicians and CPS workers (each learner on the roster their discipline's layout names)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from lms.auth.models import User
from lms.centers.cohort_models import CohortMember
from lms.centers.models import Membership
from lms.certificates.issuing.center_settings import program_settings_for, settings_for
from lms.certificates.models import IssuanceRequest
from lms.curriculum.models import Module
from lms.extensions import db
from lms.programs.models import Program, ProgramVersion
from lms.programs.spec import ProgramSpec
from lms.reports.assignments import best_scores, first_completions
from lms.reports.attendance_hours import Hours, attendance_hours
from lms.reports.grid_requirements import requirement_cell, requirement_columns, requirement_progress

# The last two columns: hours credited at instructor-led sessions attended, and signed field (practicum) hours.
ATTENDANCE_HEADER = ["session hours", "field hours"]
POST_HEADER = ["name", "agency", "badge number", "course number", "completion date", "hours", "score",
               *ATTENDANCE_HEADER]
CE_HEADER = ["name", "license type", "license number", "license state", "hours", "date", "provider number",
             "approval statement", *ATTENDANCE_HEADER]


@dataclass(frozen=True)
class Completer:
    """A learner who completed every module of the program, when, their mean best quiz score, and their session and
    field hours."""

    user: User
    completed_at: datetime
    score: float | None
    hours: Hours = Hours()


def completers(program: Program, *, center_id: int, layout: str, cohort_id: int | None = None,
               agency: str | None = None) -> list[Completer]:
    """Members of the center (or of one cohort) whose discipline prints `layout` and who completed the program: every
    module and, for a program that requires them, its field activities and sessions."""
    spec = ProgramSpec.from_dict(program.current_version.spec)
    disciplines = [d for d in ("officer", "clinician", "cps_worker", "other") if spec.layouts.get(d, "ce") == layout]
    module_ids = list(db.session.scalars(select(Module.id).where(Module.slug.in_(list(spec.modules)))))
    if cohort_id is not None:
        people = select(CohortMember.user_id).where(CohortMember.cohort_id == cohort_id)
    else:
        people = select(Membership.user_id).where(Membership.center_id == center_id)
    statement = select(User).where(User.id.in_(people), User.discipline.in_(disciplines)).order_by(User.full_name)
    if agency is not None:
        statement = statement.where(User.agency == agency)
    users = db.session.scalars(statement).all()
    ids = select(User.id).where(User.id.in_(people), User.discipline.in_(disciplines))
    completions = first_completions(ids, module_ids) if users and module_ids else {}
    scores = best_scores(ids, module_ids) if users and module_ids else {}
    done = [u for u in users if module_ids and None not in [completions.get((u.id, m)) for m in module_ids]]
    met_at: dict[int, datetime] = {}
    if done and (spec.activities or spec.sessions):
        done = field_work_met(program.id, done)
        met_at = program_met_at(program.id, [u.id for u in done])
    hours = attendance_hours([u.id for u in done])
    result = []
    for user in done:
        mine = [scores[(user.id, m)] for m in module_ids if (user.id, m) in scores]
        modules_done = max(completions[(user.id, m)] for m in module_ids)
        result.append(Completer(user, max(modules_done, met_at.get(user.id, modules_done)),
                                round(sum(mine) / len(mine), 1) if mine else None, hours[user.id]))
    return result


def program_met_at(program_id: int, user_ids: list[int]) -> dict[int, datetime]:
    """When each learner met the whole program: the certificate request made the moment the last requirement was
    met (a module, a sign-off, an attendance or the evaluation), whichever side finished last. Requests of a bulk
    issue are left out: they say when the admin ran it, not when the learner finished. One query."""
    rows = db.session.execute(
        select(IssuanceRequest.user_id, func.min(IssuanceRequest.created_at))
        .join(ProgramVersion, ProgramVersion.id == IssuanceRequest.program_version_id)
        .where(ProgramVersion.program_id == program_id, IssuanceRequest.user_id.in_(user_ids),
               IssuanceRequest.batch_id.is_(None), IssuanceRequest.requested_by.is_(None))
        .group_by(IssuanceRequest.user_id))
    return {user_id: at for user_id, at in rows}


def field_work_met(program_id: int, users: list[User]) -> list[User]:
    """The users who also meet the program's field-activity and session requirements for their discipline (three
    queries whatever their number)."""
    columns = requirement_columns([program_id])
    progress = requirement_progress([u.id for u in users], columns)
    return [u for u in users if all(cell.met or not cell.applies for cell in (
        requirement_cell(user_id=u.id, discipline=u.discipline, column=c, progress=progress) for c in columns))]


def post_rows(program: Program, found: list[Completer], *, center_id: int) -> list[list[str]]:
    """POST roster cells: name, agency, badge number, course number, completion date, hours, score, session hours,
    field hours."""
    numbers = program_settings_for(center_id, program.id)
    hours = ProgramSpec.from_dict(program.current_version.spec).ce_hours
    return [[c.user.full_name, c.user.agency, c.user.badge_number, numbers.post_course_number,
             f"{c.completed_at:%Y-%m-%d}", f"{hours:g}", "" if c.score is None else f"{c.score:.1f}",
             c.hours.session_hours, c.hours.field_hours] for c in found]


def ce_rows(program: Program, found: list[Completer], *, center_id: int) -> list[list[str]]:
    """CE roster cells: name, license type/number/state, hours, date, provider number, approval statement,
    session hours, field hours."""
    settings = settings_for(center_id)
    numbers = program_settings_for(center_id, program.id)
    spec = ProgramSpec.from_dict(program.current_version.spec)
    statement = numbers.ce_approval_statement or spec.accreditation.get("ce", {}).get("approval_statement", "")
    return [[c.user.full_name, c.user.license_type, c.user.license_number, c.user.license_state,
             f"{spec.ce_hours:g}", f"{c.completed_at:%Y-%m-%d}", settings.ce_provider_number, statement,
             c.hours.session_hours, c.hours.field_hours] for c in found]
