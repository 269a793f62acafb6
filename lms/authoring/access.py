"""Who may author. A center's workspace: its trainers and center admins, and site admins; anyone else gets 404.
Shared (shipped) modules: only curriculum editors (a site-level role the site admin grants) and site admins
may change, review and publish them, whichever center's workspace the draft is kept in (the site-wide review
queue, lms/authoring/shared_reviews.py, relies on this). A center's own modules: only that center's trainers and
admins."""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from lms.centers.models import Center, Membership
from lms.extensions import db

STAFF_ROLES = ("trainer", "center_admin")
SHARED_REFUSED = ("Only curriculum editors may change a shared module; a site admin grants that role. "
                  "Your center can make its own modules instead.")


def is_staff(user, center_id: int) -> bool:
    """True for a site admin, or a trainer or center admin of this center."""
    if user.is_site_admin:
        return True
    return db.session.scalar(select(Membership.id).where(
        Membership.user_id == user.id, Membership.center_id == center_id, Membership.role.in_(STAFF_ROLES),
        Membership.removed_at.is_(None))) is not None


def may_edit_shared(user) -> bool:
    """Curriculum editors and site admins edit, review and publish the shared modules."""
    return bool(user.is_site_admin or user.is_curriculum_editor)


def may_author(user, *, center_id: int, owner_center_id: int | None) -> bool:
    """May this user change (and review, and publish) a module owned by `owner_center_id` (None: shared) from
    the workspace of `center_id`? The role over shared modules is site-wide, so a shared draft kept at any center
    qualifies; the center's own pages still show its workspace to its staff only."""
    if owner_center_id is None:
        return may_edit_shared(user)
    return owner_center_id == center_id and is_staff(user, center_id)


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
