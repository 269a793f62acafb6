"""Writes about a center's members: role changes, removal (records kept), board profile fields."""
from __future__ import annotations

from flask import abort
from sqlalchemy import select

from lms.audit.service import record_event
from lms.auth.models import User
from lms.centers.invitations import revoke_pending
from lms.centers.models import ROLES, Center, Membership
from lms.extensions import db
from lms.timeutil import utcnow


class MemberError(ValueError):
    """A change to a member that is refused (the message says why)."""


def membership_or_404(center: Center, user_id: int) -> Membership:
    """The current (not removed) membership of a user at the center; 404 otherwise."""
    membership = db.session.scalar(select(Membership).where(
        Membership.center_id == center.id, Membership.user_id == user_id, Membership.removed_at.is_(None)))
    if membership is None:
        abort(404)
    return membership


def _not_self(membership: Membership, actor: User, what: str) -> None:
    if membership.user_id == actor.id and not actor.is_site_admin:
        raise MemberError(f"You cannot {what} yourself; ask another center admin or a site admin.")


def change_role(membership: Membership, *, role: str, actor: User) -> None:
    """Give a member another role at the center and commit."""
    if role not in ROLES:
        raise MemberError("Choose a role from the list.")
    if role == membership.role:
        return
    _not_self(membership, actor, "change the role of")
    record_event(action="member.role_changed", actor_id=actor.id, target_type="user", target_id=membership.user_id,
                 center_id=membership.center_id, detail={"from": membership.role, "to": role})
    membership.role = role
    db.session.commit()


def remove_member(membership: Membership, *, actor: User) -> None:
    """Take a person off the center's lists (their progress, attempts and certificates stay) and commit."""
    _not_self(membership, actor, "remove")
    membership.removed_at = utcnow()
    revoke_pending([membership.user_id], membership.center_id)  # an unused invitation link stops working too
    record_event(action="member.removed", actor_id=actor.id, target_type="user", target_id=membership.user_id,
                 center_id=membership.center_id, detail={"role": membership.role})
    db.session.commit()


BOARD_FIELDS = ("badge_number", "license_type", "license_number", "license_state")


def update_board_fields(user: User, *, center_id: int, actor: User, **values: str) -> None:
    """Set the badge/employee number and license fields a licensing board asks for, and commit."""
    changed = {}
    for name in BOARD_FIELDS:
        value = (values.get(name) or "").strip()
        value = value.upper() if name == "license_state" else value
        if getattr(user, name) != value:
            changed[name] = [getattr(user, name), value]
            setattr(user, name, value)
    if changed:
        record_event(action="member.profile_updated", actor_id=actor.id, target_type="user", target_id=user.id,
                     center_id=center_id, detail=changed)
        db.session.commit()
