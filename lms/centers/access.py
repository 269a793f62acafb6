"""Who may run which center: center admins manage only their own center (checklist 9); site admins every one."""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from lms.centers.models import Center, Membership
from lms.centers.service import admin_centers
from lms.extensions import db


def center_for_admin_or_404(slug: str) -> Center:
    """The center by slug, if the signed-in user administers it; anyone else gets 404, never a hint."""
    center = db.session.scalar(select(Center).where(Center.slug == slug))
    if center is None or center.id not in {c.id for c in admin_centers(current_user)}:
        abort(404)
    return center


@dataclass(frozen=True)
class CenterAccess:
    """The center and what the signed-in user is there (site admins count as center admins)."""

    center: Center
    role: str
    agency: str = ""

    @property
    def is_admin(self) -> bool:
        """May change the center's people, rosters and settings."""
        return self.role == "center_admin"

    @property
    def agency_only(self) -> str | None:
        """The agency an agency coordinator is limited to (None: the whole center)."""
        return self.agency if self.role == "agency_coordinator" else None


def center_access_or_404(slug: str, *roles: str) -> CenterAccess:
    """The center and the user's role there, when that role is one of `roles`; 404 otherwise (never a hint)."""
    center = db.session.scalar(select(Center).where(Center.slug == slug))
    if center is None:
        abort(404)
    if current_user.is_site_admin:
        role = "center_admin"
    else:
        role = db.session.scalar(select(Membership.role).where(
            Membership.user_id == current_user.id, Membership.center_id == center.id,
            Membership.removed_at.is_(None)))
    if role not in roles:
        abort(404)
    return CenterAccess(center, role, current_user.agency)


def site_admin_or_404() -> None:
    """Only site admins; everyone else gets 404."""
    if not current_user.is_site_admin:
        abort(404)
