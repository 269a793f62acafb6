"""A center's own certificate programs, made in the browser by its admins: any shared published module and the
center's own, in order, with the hours, certificate fields, field work, live sessions and disclosures a program file
has (the last three validated as in a file: lms/programs/requirements_text.py). Each save publishes an immutable
version like a file import does, so certificates already issued keep the version (and the snapshot) they were
issued from."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.audit.service import record_event
from lms.curriculum.models import Module
from lms.disciplines import DISCIPLINES
from lms.extensions import db
from lms.programs.checks import supported_hours
from lms.programs.models import Program, ProgramVersion
from lms.programs.requirements_text import Requirements
from lms.programs.selectors import program_modules
from lms.programs.spec import EVALUATION, LAYOUTS, ProgramSpec
from lms.timeutil import utcnow
from lms.versioning import publish_version

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ProgramRefused(ValueError):
    """A center program that cannot be saved as asked; the message says what to change."""


@dataclass(frozen=True)
class ProgramFields:
    """What the center admin's form gives (the slug only when creating)."""

    title: str
    summary: str
    modules: tuple[str, ...]
    ce_hours: float
    validity_months: int | None
    layouts: dict
    objectives: tuple[str, ...]
    evaluation: str = "optional"
    post_authority: str = ""
    ce_category: str = ""
    delivery_format: str = ""
    course_level: str = ""
    approval_statement: str = ""
    requirements: Requirements = field(default_factory=Requirements)


def _check_modules(center_id: int, slugs: tuple[str, ...]) -> None:
    """Refuse an empty list, a repeated module, an unknown or unpublished one, or another center's."""
    if not slugs:
        raise ProgramRefused("A program needs at least one module.")
    repeated = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if repeated:
        raise ProgramRefused(f"A module is listed twice: {', '.join(repeated)}.")
    found = dict(db.session.execute(select(Module.slug, Module.owner_center_id).where(
        Module.slug.in_(slugs), Module.current_version_id.is_not(None))).all())
    for slug in slugs:
        if slug not in found:
            raise ProgramRefused(f"No published module is called '{slug}'; use a slug from the list of modules.")
        if found[slug] not in (None, center_id):
            raise ProgramRefused(f"'{slug}' is another center's own module; a program may include the shared "
                                 "modules and this center's own.")


def _spec(slug: str, fields: ProgramFields) -> ProgramSpec:
    """The validated spec, its content hash taken over everything it states."""
    title, objectives = " ".join(fields.title.split()), tuple(o.strip() for o in fields.objectives if o.strip())
    if not title or len(title) > 200:
        raise ProgramRefused("A program needs a title of at most 200 characters.")
    if not objectives:
        raise ProgramRefused("A program needs at least one learning objective.")
    if not 0.5 <= fields.ce_hours <= 200:
        raise ProgramRefused("CE hours must be between 0.5 and 200.")
    if fields.validity_months is not None and not 1 <= fields.validity_months <= 240:
        raise ProgramRefused("Months of validity must be 1 to 240, or empty for a certificate that does not expire.")
    if set(fields.layouts) != set(DISCIPLINES) or not set(fields.layouts.values()) <= set(LAYOUTS):
        raise ProgramRefused("Choose a certificate layout (POST or CE) for every discipline.")
    if fields.evaluation not in EVALUATION:
        raise ProgramRefused("The course evaluation is either required or optional.")
    minutes = sum(row[1] for row in program_modules(fields.modules))
    if fields.ce_hours > supported_hours(minutes):
        raise ProgramRefused(f"CE hours are {fields.ce_hours:g}, but the modules' estimated minutes add up to "
                             f"{minutes} (at most {supported_hours(minutes):g} hours).")
    ce = {key: value.strip() for key, value in (("category", fields.ce_category),
                                                ("delivery_format", fields.delivery_format),
                                                ("course_level", fields.course_level),
                                                ("approval_statement", fields.approval_statement)) if value.strip()}
    post = {"post_authority": fields.post_authority.strip()} if fields.post_authority.strip() else {}
    spec = ProgramSpec(slug=slug, title=title, summary=fields.summary.strip(), modules=tuple(fields.modules),
                       ce_hours=float(fields.ce_hours), validity_months=fields.validity_months,
                       layouts=dict(fields.layouts), objectives=objectives, accreditation={"post": post, "ce": ce},
                       evaluation=fields.evaluation, activities=dict(fields.requirements.activities),
                       sessions=tuple(fields.requirements.sessions), disclosures=dict(fields.requirements.disclosures))
    digest = hashlib.sha256(json.dumps(spec.to_dict(), sort_keys=True).encode()).hexdigest()
    return replace(spec, content_hash=digest)


def _publish(program: Program, spec: ProgramSpec) -> ProgramVersion:
    _, version, _ = publish_version(
        identity_model=Program, version_model=ProgramVersion, slug=program.slug, content_hash=spec.content_hash,
        build=lambda program_id, number: ProgramVersion(program_id=program_id, number=number,
                                                        content_hash=spec.content_hash, title=spec.title,
                                                        spec=spec.to_dict()))
    return version


def _taken(slug: str) -> bool:
    """A program (shared or any center's) or a program file already uses this slug."""
    folder = current_app.config.get("PROGRAMS_DIR")
    return (db.session.scalar(select(Program.id).where(Program.slug == slug)) is not None
            or bool(folder and (Path(folder) / f"{slug}.yaml").exists()))


def _commit(message: str) -> None:
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise ProgramRefused(message) from exc


def create_center_program(*, center_id: int, slug: str, fields: ProgramFields, actor_id: int | None) -> Program:
    """A new program the center owns, with its first version, audited; commits."""
    slug = slug.strip()
    if not SLUG.match(slug) or len(slug) > 60:
        raise ProgramRefused("A program's name is lowercase letters, digits and hyphens (at most 60), "
                             "e.g. 'county-refresher'.")
    _check_modules(center_id, fields.modules)
    spec = _spec(slug, fields)
    if _taken(slug):
        raise ProgramRefused(f"A program called '{slug}' already exists; choose another name.")
    program = Program(slug=slug, owner_center_id=center_id)
    db.session.add(program)
    db.session.flush()
    version = _publish(program, spec)
    record_event(action="program.created", actor_id=actor_id, target_type="program", target_id=program.id,
                 center_id=center_id, detail={"slug": slug, "version": version.number})
    _commit(f"A program called '{slug}' already exists; choose another name.")
    return program


def update_center_program(program: Program, *, fields: ProgramFields, expected_version_id: int | None,
                          actor_id: int | None) -> ProgramVersion:
    """Publish the changed program as its next version (unchanged content keeps the current one), audited;
    commits. Refused when someone saved it since the form was opened."""
    if program.owner_center_id is None:
        raise ProgramRefused("A shared program is changed in its file, not here.")
    db.session.refresh(program, with_for_update=True)  # PostgreSQL: two saves at once take turns
    if expected_version_id != program.current_version_id:
        raise ProgramRefused("Someone else saved this program since you opened it; reload the page and try again.")
    _check_modules(program.owner_center_id, fields.modules)
    spec = _spec(program.slug, fields)
    before = program.current_version_id
    version = _publish(program, spec)
    if version.id != before:
        record_event(action="program.updated", actor_id=actor_id, target_type="program", target_id=program.id,
                     center_id=program.owner_center_id, detail={"slug": program.slug, "version": version.number})
    _commit("Someone else saved this program at the same time; reload the page and try again.")
    return version


def set_archived(program: Program, *, archived: bool, actor_id: int | None) -> None:
    """Archive the program (offered no more, no new certificates) or bring it back, audited; commits."""
    if program.owner_center_id is None:
        raise ProgramRefused("A shared program cannot be archived here.")
    if (program.archived_at is not None) == archived:
        return
    program.archived_at = utcnow() if archived else None
    record_event(action="program.archived" if archived else "program.restored", actor_id=actor_id,
                 target_type="program", target_id=program.id, center_id=program.owner_center_id,
                 detail={"slug": program.slug})
    _commit("Someone else changed this program at the same time; try again.")
