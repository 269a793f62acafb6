"""Publishing certificate programs as immutable versions (with `flask lms content import`)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from lms.certificates.models import Program, ProgramVersion
from lms.certificates.programs import ProgramSpec
from lms.extensions import db


@dataclass(frozen=True)
class ProgramResult:
    """What happened to one program: a new version, or unchanged."""

    slug: str
    version: ProgramVersion
    created: bool


def publish_program(spec: ProgramSpec) -> ProgramResult:
    """Add a version unless one with the same content exists; does not commit."""
    program = db.session.scalar(select(Program).where(Program.slug == spec.slug))
    if program is None:
        program = Program(slug=spec.slug)
        db.session.add(program)
        db.session.flush()
    existing = db.session.scalar(select(ProgramVersion).where(
        ProgramVersion.program_id == program.id, ProgramVersion.content_hash == spec.content_hash))
    if existing is not None:
        if program.current_version_id != existing.id:
            program.current_version = existing
        return ProgramResult(spec.slug, existing, created=False)
    number = (db.session.scalar(select(func.max(ProgramVersion.number)).where(
        ProgramVersion.program_id == program.id)) or 0) + 1
    version = ProgramVersion(program_id=program.id, number=number, content_hash=spec.content_hash,
                             title=spec.title, spec=spec.to_dict())
    db.session.add(version)
    db.session.flush()
    program.current_version = version
    return ProgramResult(spec.slug, version, created=True)


def current_programs() -> list[tuple[Program, ProgramSpec]]:
    """Every program with its current version's spec."""
    programs = db.session.scalars(select(Program).where(Program.current_version_id.is_not(None))
                                  .order_by(Program.slug)).all()
    return [(p, ProgramSpec.from_dict(p.current_version.spec)) for p in programs]
