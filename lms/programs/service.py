"""Publishing certificate programs as immutable versions (with `flask lms content import`)."""
from __future__ import annotations

from sqlalchemy import select

from lms.programs.models import Program, ProgramVersion
from lms.programs.spec import ProgramSpec
from lms.extensions import db
from lms.versioning import PublishResult, publish_version


def publish_program(spec: ProgramSpec) -> PublishResult:
    """Add a version unless one with the same content exists; does not commit."""
    _, version, created = publish_version(
        identity_model=Program, version_model=ProgramVersion, slug=spec.slug, content_hash=spec.content_hash,
        build=lambda program_id, number: ProgramVersion(program_id=program_id, number=number,
                                                        content_hash=spec.content_hash, title=spec.title,
                                                        spec=spec.to_dict()))
    return PublishResult(spec.slug, version, created)


def current_programs() -> list[tuple[Program, ProgramSpec]]:
    """Every program with its current version's spec."""
    programs = db.session.scalars(select(Program).where(Program.current_version_id.is_not(None))
                                  .order_by(Program.slug)).all()
    return [(p, ProgramSpec.from_dict(p.current_version.spec)) for p in programs]
