"""Reads of certificate programs. Every lookup goes through `_visible`: the shared programs (files) and the live
programs of the given centers; a center's own program is never found for anyone else (their pages 404)."""
from __future__ import annotations

from sqlalchemy import or_, select

from lms.centers.models import Membership
from lms.extensions import db
from lms.programs.models import Program, ProgramVersion
from lms.programs.spec import ProgramSpec


def member_centers(user_id: int):
    """The centers the user is a current member of (a subquery)."""
    return select(Membership.center_id).where(Membership.user_id == user_id, Membership.removed_at.is_(None))


def _visible(centers):
    """Shared programs, and the unarchived programs owned by `centers` (ids or a subquery; None: no center's)."""
    if centers is None:
        return Program.owner_center_id.is_(None)
    return or_(Program.owner_center_id.is_(None),
               Program.owner_center_id.in_(centers) & Program.archived_at.is_(None))


def visible_to_center(center_id: int | None):
    """The clause every center-side lookup uses: shared programs and this center's live own ones."""
    return _visible(None if center_id is None else [center_id])


def _for_user(user):
    """What `user` sees: site admins every live program, others the shared ones and their centers' own."""
    if getattr(user, "is_site_admin", False):
        return or_(Program.owner_center_id.is_(None), Program.archived_at.is_(None))
    if not getattr(user, "is_authenticated", False):
        return _visible(None)
    return _visible(member_centers(user.id))


def published_programs(*, center_id: int | None = None) -> list[Program]:
    """Every program with a current version that `center_id` may use (None: the shared ones only), by slug."""
    return list(db.session.scalars(select(Program).where(Program.current_version_id.is_not(None),
                                                         visible_to_center(center_id))
                                   .order_by(Program.slug)))


def current_programs(*, center_id: int | None = None) -> list[tuple[Program, ProgramSpec]]:
    """Every published program `center_id` may use, with its current version's spec."""
    return [(p, ProgramSpec.from_dict(p.current_version.spec)) for p in published_programs(center_id=center_id)]


def program_by_slug(slug: str, *, center_id: int | None = None, include_archived: bool = False) -> Program | None:
    """A published program by its slug, shared or `center_id`'s own (None when unknown, unpublished or another
    center's; archived ones only when asked, for records such as rosters)."""
    visible = (or_(Program.owner_center_id.is_(None), Program.owner_center_id == center_id) if include_archived
               else visible_to_center(center_id))
    return db.session.scalar(select(Program).where(
        Program.slug == slug, Program.current_version_id.is_not(None), visible))


def program_for_user(slug: str, user) -> Program | None:
    """A published program by its slug as `user` (anonymous included) may see it; None otherwise."""
    return db.session.scalar(select(Program).where(Program.slug == slug, Program.current_version_id.is_not(None),
                                                   _for_user(user)))


def current_versions(*, user_id: int | None = None, center_ids=None) -> list[tuple[ProgramVersion, int | None]]:
    """(current version, owning center or None) of every program the user's centers (or `center_ids`) may use,
    in one query."""
    centers = member_centers(user_id) if user_id is not None else center_ids
    return [tuple(row) for row in db.session.execute(
        select(ProgramVersion, Program.owner_center_id).join(Program, Program.current_version_id == ProgramVersion.id)
        .where(_visible(centers)).order_by(Program.slug))]


def current_specs(*, user_id: int | None = None) -> list[ProgramSpec]:
    """The current specs of every program the user's centers may use (every shared one without a user)."""
    return [ProgramSpec.from_dict(version.spec) for version, _ in current_versions(user_id=user_id)]


def center_owned_slugs(slugs) -> set[str]:
    """Which of these slugs are the names of a center's own program (archived ones too)."""
    return set(db.session.scalars(select(Program.slug).where(Program.slug.in_(list(slugs)),
                                                             Program.owner_center_id.is_not(None))))


def program_modules(slugs) -> list[tuple[str, int, float, str]]:
    """(title, estimated minutes, CE hours, CE category) of the program's modules' current versions, in the
    program's order (one query)."""
    from lms.curriculum.models import Module, ModuleVersion

    rows = {row[0]: row[1:] for row in db.session.execute(
        select(Module.slug, ModuleVersion.title, ModuleVersion.estimated_minutes, ModuleVersion.ce_hours,
               ModuleVersion.ce_category).join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .where(Module.slug.in_(list(slugs))))}
    return [tuple(rows[slug]) for slug in slugs if slug in rows]


def center_program(center_id: int, slug: str) -> Program | None:
    """The center's own program by its slug, archived or not (None for a shared or another center's one)."""
    return db.session.scalar(select(Program).where(Program.slug == slug, Program.owner_center_id == center_id))


def center_program_rows(center_id: int) -> list[tuple[Program, ProgramVersion]]:
    """The center's own programs with their current versions, live ones first, by title (one query)."""
    return [tuple(row) for row in db.session.execute(
        select(Program, ProgramVersion).join(ProgramVersion, ProgramVersion.id == Program.current_version_id)
        .where(Program.owner_center_id == center_id)
        .order_by(Program.archived_at.is_not(None), ProgramVersion.title))]


def usable_modules(center_id: int) -> list[tuple[str, str, int, bool]]:
    """(slug, title, estimated minutes, the center's own) of every published module a center program may
    include: the shared ones and the center's own (one query)."""
    from lms.curriculum.models import Module, ModuleVersion

    return [tuple(row) for row in db.session.execute(
        select(Module.slug, ModuleVersion.title, ModuleVersion.estimated_minutes, Module.owner_center_id.is_not(None))
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .where(or_(Module.owner_center_id.is_(None), Module.owner_center_id == center_id))
        .order_by(Module.position, Module.slug))]
