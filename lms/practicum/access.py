"""Who may run a cohort's sessions: its trainers, the center's admins, site admins; everyone else gets 404."""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from lms.centers.cohort_models import Cohort
from lms.centers.models import Center
from lms.centers.service import admin_centers
from lms.extensions import db
from lms.practicum.models import LiveSession
from lms.practicum.selectors import trains


def _center_or_404(slug: str) -> Center:
    center = db.session.scalar(select(Center).where(Center.slug == slug))
    if center is None:
        abort(404)
    return center


def cohort_for_trainer_or_404(slug: str, cohort_id: int) -> tuple[Center, Cohort]:
    """The center and cohort, if the signed-in user trains the cohort or administers the center."""
    center = _center_or_404(slug)
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or cohort.center_id != center.id:
        abort(404)
    if not trains(current_user.id, cohort.id) and center.id not in {c.id for c in admin_centers(current_user)}:
        abort(404)
    return center, cohort


def session_for_trainer_or_404(slug: str, session_id: int) -> tuple[Center, LiveSession]:
    """The center and session, under the same rule as its cohort."""
    session = db.session.get(LiveSession, session_id)
    if session is None:
        abort(404)
    center, _ = cohort_for_trainer_or_404(slug, session.cohort_id)
    return center, session
