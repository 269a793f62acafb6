"""Publishing certificate programs as immutable versions (with `flask lms content import`)."""
from __future__ import annotations

from lms.programs.models import Program, ProgramVersion
from lms.programs.spec import ProgramSpec
from lms.versioning import PublishResult, publish_version


def publish_program(spec: ProgramSpec) -> PublishResult:
    """Add a version unless one with the same content exists; does not commit."""
    _, version, created = publish_version(
        identity_model=Program, version_model=ProgramVersion, slug=spec.slug, content_hash=spec.content_hash,
        build=lambda program_id, number: ProgramVersion(program_id=program_id, number=number,
                                                        content_hash=spec.content_hash, title=spec.title,
                                                        spec=spec.to_dict()))
    return PublishResult(spec.slug, version, created)
