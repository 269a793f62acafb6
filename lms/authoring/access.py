"""Who may author: trainers and center admins of the center, and site admins; anyone else gets 404."""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from lms.centers.models import Center, Membership
from lms.extensions import db

STAFF_ROLES = ("trainer", "center_admin")


def is_staff(user, center_id: int) -> bool:
    """True for a site admin, or a trainer or center admin of this center."""
    if user.is_site_admin:
        return True
    return db.session.scalar(select(Membership.id).where(
        Membership.user_id == user.id, Membership.center_id == center_id, Membership.role.in_(STAFF_ROLES),
        Membership.removed_at.is_(None))) is not None


def center_for_staff_or_404(slug: str) -> Center:
    """The center by slug, if the signed-in user is on its staff; anyone else gets 404, never a hint."""
    center = db.session.scalar(select(Center).where(Center.slug == slug))
    if center is None or not current_user.is_authenticated or not is_staff(current_user, center.id):
        abort(404)
    return center


def staff_center_slug(user) -> str:
    """The first center the user may author for (for the menu link), or ''."""
    query = select(Center.slug).order_by(Center.name)
    if not user.is_site_admin:
        query = query.join(Membership).where(Membership.user_id == user.id, Membership.role.in_(STAFF_ROLES),
                                             Membership.removed_at.is_(None))
    return db.session.scalars(query.limit(1)).first() or ""
