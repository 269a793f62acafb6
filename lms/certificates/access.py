"""Who may see what: center admins manage only their own center's records (checklist 9)."""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from lms.centers.models import Center, Membership
from lms.extensions import db


def admin_centers(user) -> list[Center]:
    """Centers the user administers (every center for a site admin)."""
    if user.is_site_admin:
        return list(db.session.scalars(select(Center).order_by(Center.name)))
    return list(db.session.scalars(select(Center).join(Membership).where(
        Membership.user_id == user.id, Membership.role == "center_admin").order_by(Center.name)))


def center_for_admin_or_404(slug: str) -> Center:
    """The center by slug, if the signed-in user administers it; anyone else gets 404, never a hint."""
    center = db.session.scalar(select(Center).where(Center.slug == slug))
    if center is None or center.id not in {c.id for c in admin_centers(current_user)}:
        abort(404)
    return center


def may_download(user, certificate) -> bool:
    """The learner, an admin of the issuing center, or a site admin."""
    if user.id == certificate.user_id or user.is_site_admin:
        return True
    return certificate.center_id in {c.id for c in admin_centers(user)}
