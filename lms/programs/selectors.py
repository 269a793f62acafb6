"""Reads of certificate programs: the published ones, and one by its slug."""
from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db
from lms.programs.models import Program
from lms.programs.spec import ProgramSpec


def published_programs() -> list[Program]:
    """Every program with a current version, by slug."""
    return list(db.session.scalars(select(Program).where(Program.current_version_id.is_not(None))
                                   .order_by(Program.slug)))


def current_programs() -> list[tuple[Program, ProgramSpec]]:
    """Every published program with its current version's spec."""
    return [(p, ProgramSpec.from_dict(p.current_version.spec)) for p in published_programs()]


def program_by_slug(slug: str) -> Program | None:
    """A published program by its slug (None when unknown or never published)."""
    program = db.session.scalar(select(Program).where(Program.slug == slug))
    return program if program is not None and program.current_version is not None else None


def program_modules(slugs) -> list[tuple[str, int, float, str]]:
    """(title, estimated minutes, CE hours, CE category) of the program's modules' current versions, in the
    program's order (one query)."""
    from lms.curriculum.models import Module, ModuleVersion

    rows = {row[0]: row[1:] for row in db.session.execute(
        select(Module.slug, ModuleVersion.title, ModuleVersion.estimated_minutes, ModuleVersion.ce_hours,
               ModuleVersion.ce_category).join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .where(Module.slug.in_(list(slugs))))}
    return [tuple(rows[slug]) for slug in slugs if slug in rows]
