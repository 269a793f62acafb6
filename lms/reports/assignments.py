"""What an assignment asks of a learner, and how far each learner is: a constant number of queries for any size.

A learner's completion of a module counts once, whichever cohort assigned it and whichever version they took."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from lms.centers.cohort_models import Assignment
from lms.programs.models import Program, ProgramVersion
from lms.curriculum.models import Module
from lms.extensions import db
from lms.progress.models import ModuleCompletion


def assignment_modules(assignments: list[Assignment]) -> dict[int, list[int]]:
    """Module ids each assignment requires (a program's current version's modules, in order), in one query."""
    program_ids = {a.program_id for a in assignments if a.program_id is not None}
    program_slugs: dict[int, list[str]] = {}
    if program_ids:
        rows = db.session.execute(select(Program.id, ProgramVersion.spec).join(
            ProgramVersion, ProgramVersion.id == Program.current_version_id).where(Program.id.in_(program_ids)))
        program_slugs = {pid: list(spec.get("modules", [])) for pid, spec in rows}
    wanted = {slug for slugs in program_slugs.values() for slug in slugs}
    ids = dict(db.session.execute(select(Module.slug, Module.id).where(Module.slug.in_(wanted))).all()) if wanted else {}
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
