"""The dashboard's requirement progress: each current program with field-activity or session requirements."""
from __future__ import annotations

from sqlalchemy import select

from lms.certificates.issuing.eligibility import completed_slugs
from lms.extensions import db
from lms.practicum.progress import Requirement, practicum_requirements
from lms.practicum.selectors import practicum_facts
from lms.programs.models import Program, ProgramVersion
from lms.programs.spec import ProgramSpec


def program_requirements(user) -> list[tuple[str, list[Requirement]]]:
    """(program title, requirements with progress) for the programs that require more than modules."""
    specs = [ProgramSpec.from_dict(raw) for raw in db.session.scalars(select(ProgramVersion.spec).join(
        Program, Program.current_version_id == ProgramVersion.id).order_by(Program.slug))]  # one query
    programs = [spec for spec in specs if spec.activities or spec.sessions]
    if not programs:
        return []
    done = completed_slugs([user.id])[user.id]
    entries, series = practicum_facts(user.id)
    result = []
    for spec in programs:
        modules = Requirement("Modules", len(set(spec.modules) & done), len(spec.modules), "completed")
        result.append((spec.title, [modules, *practicum_requirements(
            activities=spec.activities, sessions=spec.sessions, discipline=user.discipline, entries=entries,
            attended_series=series)]))
    return result
