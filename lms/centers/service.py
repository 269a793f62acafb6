"""Center reads and writes used by accounts and admin commands: create, rename, archive, roles."""
from __future__ import annotations

import re

from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice

from lms.audit.service import record_event
from lms.centers.models import Center, Membership
from lms.extensions import db
from lms.timeutil import utcnow


class CenterError(ValueError):
    """A center change that cannot be made (the message says why)."""


def center_choices() -> list[SelectChoice]:
    """Choices for a select field of open (not archived) centers, by name."""
    centers = db.session.scalars(select(Center).where(Center.archived_at.is_(None)).order_by(Center.name)).all()
    return [SelectChoice(c.id, f"{c.name} ({c.region})" if c.region else c.name) for c in centers]


def slugify(name: str) -> str:
    """A URL slug from a center name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80] or "center"


def _free_slug(name: str) -> str:
    base, n = slugify(name), 1
    slug = base
    while db.session.scalar(select(func.count()).select_from(Center).where(Center.slug == slug)):
        n += 1
        slug = f"{base[:76]}-{n}"
    return slug


def create_center(*, name: str, region: str, actor_id: int | None = None) -> Center:
    """Create a training center (or return the one with this name) and commit."""
    name = " ".join(name.split())
    existing = db.session.scalar(select(Center).where(Center.name == name))
    if existing:
        return existing
    center = Center(name=name, region=region.strip(), slug=_free_slug(name))
    db.session.add(center)
    db.session.flush()
    record_event(action="center.create", actor_id=actor_id, target_type="center", target_id=center.id,
                 center_id=center.id, detail={"name": name, "region": center.region})
    db.session.commit()
    return center


def name_taken(name: str, *, except_id: int | None = None) -> bool:
    """True when another center already has this name."""
    query = select(func.count()).select_from(Center).where(Center.name == " ".join(name.split()))
    if except_id is not None:
        query = query.where(Center.id != except_id)
    return bool(db.session.scalar(query))


def rename_center(center: Center, *, name: str, region: str, actor_id: int) -> None:
    """Change a center's name and region (its slug, and so its links, stay) and commit."""
    name = " ".join(name.split())
    if name_taken(name, except_id=center.id):
        raise CenterError("Another center already has this name.")
    record_event(action="center.rename", actor_id=actor_id, target_type="center", target_id=center.id,
                 center_id=center.id, detail={"from": [center.name, center.region], "to": [name, region.strip()]})
    center.name, center.region = name, region.strip()
    db.session.commit()


def set_archived(center: Center, *, archived: bool, actor_id: int) -> None:
    """Archive a center (no sign-ups, invitations or reminders; records kept) or reopen it; commits."""
    center.archived_at = utcnow() if archived else None
    record_event(action="center.archive" if archived else "center.restore", actor_id=actor_id,
                 target_type="center", target_id=center.id, center_id=center.id)
    db.session.commit()


def set_role(*, user_id: int, center_id: int, role: str) -> Membership:
    """Give a user a role at a center (creating or restoring the membership if needed) and commit."""
    membership = db.session.scalar(select(Membership).where(
        Membership.user_id == user_id, Membership.center_id == center_id))
    if membership is None:
        membership = Membership(user_id=user_id, center_id=center_id, role=role)
        db.session.add(membership)
    membership.role, membership.removed_at = role, None
    db.session.commit()
    return membership


def primary_membership(user_id: int) -> Membership | None:
    """The user's first membership (their home training center)."""
    return db.session.scalar(select(Membership).where(Membership.user_id == user_id).order_by(Membership.id))


def admin_centers(user) -> list[Center]:
    """Centers the user administers (every center for a site admin)."""
    if user.is_site_admin:
        return list(db.session.scalars(select(Center).order_by(Center.name)))
    return list(db.session.scalars(select(Center).join(Membership).where(
        Membership.user_id == user.id, Membership.role == "center_admin", Membership.removed_at.is_(None))
        .order_by(Center.name)))


def staff_center(user) -> tuple[str, str] | None:
    """(slug, role) of the first center where the user is a trainer or agency coordinator, for the menu."""
    row = db.session.execute(select(Center.slug, Membership.role).join(Membership).where(
        Membership.user_id == user.id, Membership.role.in_(("trainer", "agency_coordinator")),
        Membership.removed_at.is_(None)).order_by(Membership.id).limit(1)).first()
    return (row[0], row[1]) if row else None
