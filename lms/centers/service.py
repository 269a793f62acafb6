"""Center reads and writes used by accounts and admin commands."""
from __future__ import annotations

import re

from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from lms.centers.models import Center, Membership
from lms.extensions import db


def center_choices() -> list[SelectChoice]:
    """Choices for a select field of centers, by name."""
    centers = db.session.scalars(select(Center).order_by(Center.name)).all()
    return [SelectChoice(c.id, f"{c.name} ({c.region})" if c.region else c.name) for c in centers]


def slugify(name: str) -> str:
    """A URL slug from a center name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80] or "center"


def create_center(*, name: str, region: str) -> Center:
    """Create a training center (or return the one with this name) and commit."""
    existing = db.session.scalar(select(Center).where(Center.name == name.strip()))
    if existing:
        return existing
    center = Center(name=name.strip(), region=region.strip(), slug=slugify(name))
    db.session.add(center)
    db.session.commit()
    return center


def set_role(*, user_id: int, center_id: int, role: str) -> Membership:
    """Give a user a role at a center (creating the membership if needed) and commit."""
    membership = db.session.scalar(select(Membership).where(
        Membership.user_id == user_id, Membership.center_id == center_id))
    if membership is None:
        membership = Membership(user_id=user_id, center_id=center_id, role=role)
        db.session.add(membership)
    membership.role = role
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
        Membership.user_id == user.id, Membership.role == "center_admin").order_by(Center.name)))
