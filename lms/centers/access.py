"""Who may run which center: center admins manage only their own center (checklist 9); site admins every one."""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from lms.centers.models import Center
from lms.centers.service import admin_centers
from lms.extensions import db


def center_for_admin_or_404(slug: str) -> Center:
    """The center by slug, if the signed-in user administers it; anyone else gets 404, never a hint."""
    center = db.session.scalar(select(Center).where(Center.slug == slug))
    if center is None or center.id not in {c.id for c in admin_centers(current_user)}:
        abort(404)
    return center
