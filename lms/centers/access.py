"""Who may run which center: center admins manage only their own center (checklist 9); site admins every one;
trainers see the cohorts they train; agency coordinators read their agency's members' progress."""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from lms.auth.models import User
from lms.centers.cohort_models import Cohort, CohortMember, CohortTrainer, Team, TeamMember
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


def _center_and_role(slug: str) -> tuple[Center, str | None]:
    """The center by slug (404 if none) and the signed-in user's current role there; site admins count as
    center admins, removed members and strangers have no role."""
    center = db.session.scalar(select(Center).where(Center.slug == slug))
    if center is None:
        abort(404)
    if current_user.is_site_admin:
        return center, "center_admin"
    return center, db.session.scalar(select(Membership.role).where(
        Membership.user_id == current_user.id, Membership.center_id == center.id, Membership.removed_at.is_(None)))


def center_access_or_404(slug: str, *roles: str) -> CenterAccess:
    """The center and the user's role there, when that role is one of `roles`; 404 otherwise (never a hint)."""
    center, role = _center_and_role(slug)
    if role not in roles:
        abort(404)
    return CenterAccess(center, role, current_user.agency)


def site_admin_or_404() -> None:
    """Only site admins; everyone else gets 404."""
    if not current_user.is_site_admin:
        abort(404)


@dataclass(frozen=True)
class Viewer:
    """What the signed-in user may see at one center: everything (admin), the cohorts they train (trainer), or
    read-only the members of their agency (agency coordinator)."""

    center: Center
    user_id: int
    is_admin: bool
    trained: frozenset[int]
    agency: str | None = None

    def may_see_cohort(self, cohort_id: int) -> bool:
        """Admins and agency coordinators see every cohort of the center (coordinators only their agency's
        members in it); trainers only the cohorts they train."""
        return self.is_admin or self.agency is not None or cohort_id in self.trained

    @property
    def sees_scores(self) -> bool:
        """Staff see quiz scores; an agency coordinator sees progress and certificates."""
        return self.agency is None


def center_viewer_or_404(slug: str) -> Viewer:
    """The signed-in user's view of the center: its admins, site admins, its trainers and agency coordinators;
    anyone else (including staff of another center) gets 404."""
    center, role = _center_and_role(slug)
    if role == "center_admin":
        return Viewer(center=center, user_id=current_user.id, is_admin=True, trained=frozenset())
    if role == "agency_coordinator" and current_user.agency:
        return Viewer(center=center, user_id=current_user.id, is_admin=False, trained=frozenset(),
                      agency=current_user.agency)
    if role != "trainer":  # a learner, a removed member or a stranger; a trainer moved to another role too
        abort(404)
    trained = frozenset(db.session.scalars(select(CohortTrainer.cohort_id).join(
        Cohort, Cohort.id == CohortTrainer.cohort_id).where(
        CohortTrainer.user_id == current_user.id, Cohort.center_id == center.id)))
    return Viewer(center=center, user_id=current_user.id, is_admin=False, trained=trained)


def cohort_for_viewer_or_404(slug: str, cohort_id: int) -> tuple[Viewer, Cohort]:
    """The center viewer and the cohort, if it is at that center and the viewer may see it; otherwise 404."""
    viewer = center_viewer_or_404(slug)
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or cohort.center_id != viewer.center.id or not viewer.may_see_cohort(cohort.id):
        abort(404)
    return viewer, cohort


def cohort_for_admin_or_404(slug: str, cohort_id: int) -> tuple[Center, Cohort]:
    """The center and cohort, if the signed-in user administers the center; otherwise 404."""
    center = center_for_admin_or_404(slug)
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or cohort.center_id != center.id:
        abort(404)
    return center, cohort


def team_viewer_or_404(slug: str, cohort_id: int, team_id: int) -> tuple[Viewer | None, Cohort, Team]:
    """Staff who may see the cohort get their Viewer; a member of the team gets None (statuses, no scores);
    anyone else 404."""
    from werkzeug.exceptions import NotFound

    team = db.session.get(Team, team_id)
    if team is None or team.cohort_id != cohort_id:
        abort(404)
    try:
        viewer, cohort = cohort_for_viewer_or_404(slug, cohort_id)
        return viewer, cohort, team
    except NotFound:
        cohort = team.cohort
        if cohort.center.slug != slug or db.session.scalar(select(TeamMember.id).where(
                TeamMember.team_id == team.id, TeamMember.user_id == current_user.id)) is None:
            raise
        return None, cohort, team


def learner_for_viewer_or_404(slug: str, user_id: int) -> tuple[Viewer, User]:
    """A learner whose record the viewer may read: any member of the center for its admins, a learner of a
    cohort they train for a trainer, a member of their agency for an agency coordinator; otherwise 404."""
    viewer = center_viewer_or_404(slug)
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    member = select(Membership.id).where(Membership.user_id == user_id, Membership.center_id == viewer.center.id)
    if viewer.is_admin or viewer.agency is not None:
        allowed = db.session.scalar(member) is not None and (viewer.agency is None or user.agency == viewer.agency)
    else:
        allowed = bool(viewer.trained) and db.session.scalar(select(CohortMember.id).where(
            CohortMember.user_id == user_id, CohortMember.cohort_id.in_(list(viewer.trained)))) is not None
    if not allowed:
        abort(404)
    return viewer, user
