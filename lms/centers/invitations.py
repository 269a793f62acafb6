"""Invitations: a single-use, expiring link by email (through the queue) that lets a person join a center and
choose a password. Only the token's SHA-256 is stored."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, has_request_context, url_for
from sqlalchemy import insert, select, update

from lms.audit.service import record_event
from lms.auth.models import User, new_session_token
from lms.auth.passwords import hash_password
from lms.auth.service import find_user_by_email, normalize_email
from lms.centers.models import ROLES, Center, Invitation, Membership
from lms.extensions import db
from lms.mail_tasks import queue_mail, queue_templated_mail, templated_message
from lms.timeutil import utcnow


class InvitationError(ValueError):
    """An invitation that cannot be sent (the message says why)."""


def absolute_url(endpoint: str, **values) -> str:
    """The public address of a page, for emails (works in requests and in CLI commands alike)."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        with current_app.test_request_context():
            path = url_for(endpoint, **values)
    return current_app.config["BASE_URL"].rstrip("/") + path


def token_hash(token: str) -> str:
    """The stored form of an invitation token."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_rows(people: list[tuple[int, str, str]], *, center: Center, role_of: dict[int, str],
                    actor_id: int | None, inviter_name: str = "") -> tuple[list[dict], list[dict]]:
    """New invitations for (user id, email, full name) people: rows to insert and the emails to send after
    the commit (send_mail arguments). Only the tokens' hashes go in the rows."""
    now = utcnow()
    days = current_app.config["INVITATION_MAX_AGE_DAYS"]
    rows, messages = [], []
    for user_id, email, full_name in people:
        token = secrets.token_urlsafe(32)
        role = role_of.get(user_id, "learner")
        rows.append({"token_hash": token_hash(token), "user_id": user_id, "center_id": center.id, "role": role,
                     "invited_by_id": actor_id, "created_at": now, "expires_at": now + timedelta(days=days)})
        messages.append(templated_message(
            to=email, subject=f"You are invited to {center.name}", template="invitation", center_name=center.name,
            full_name=full_name, role_label=ROLES.get(role, role), link=absolute_url("invitations.accept", token=token),
            days=days, inviter_name=inviter_name))
    return rows, messages


def revoke_pending(user_ids: list[int], center_id: int) -> None:
    """Earlier unused invitations of these people to the center stop working (a new link replaces them)."""
    if user_ids:
        db.session.execute(update(Invitation).where(
            Invitation.user_id.in_(user_ids), Invitation.center_id == center_id, Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None)).values(revoked_at=utcnow()))


def issue_invitation(*, user: User, center: Center, role: str, actor_id: int | None, inviter_name: str = "") -> None:
    """Replace the person's pending invitations to the center with a new one, emailed after the commit; the
    caller commits."""
    db.session.flush()
    revoke_pending([user.id], center.id)
    rows, messages = invitation_rows([(user.id, user.email, user.full_name)], center=center,
                                     role_of={user.id: role}, actor_id=actor_id, inviter_name=inviter_name)
    db.session.execute(insert(Invitation), rows)
    queue_mail(**messages[0])


@dataclass(frozen=True)
class InviteOutcome:
    """What inviting did: a new account, an invitation link sent, or an existing account added."""

    user: User
    created: bool
    invited: bool


def invite_person(*, center: Center, email: str, full_name: str, discipline: str, agency: str, role: str,
                  actor: User | None) -> InviteOutcome:
    """Invite a person to a center with a role and commit: a new account waits for its password (invitation
    link); an existing account gets the membership at once (and a link if it never chose a password)."""
    if center.is_archived:
        raise InvitationError("This center is archived; it takes no invitations.")
    if role not in ROLES:
        raise InvitationError("Choose a role from the list.")
    user = find_user_by_email(email)
    created = user is None
    if user is None:
        user = User(email=normalize_email(email), full_name=" ".join(full_name.split()), discipline=discipline,
                    agency=agency.strip(), password_hash="")
        db.session.add(user)
        db.session.flush()
    elif not user.is_active:
        raise InvitationError("This account is deactivated; a site admin can reactivate it first.")
    membership = db.session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.center_id == center.id))
    if membership is None:
        membership = Membership(user_id=user.id, center_id=center.id, role=role)
        db.session.add(membership)
    membership.role, membership.removed_at = role, None
    invited = not user.has_password
    if invited:
        issue_invitation(user=user, center=center, role=role, actor_id=actor.id if actor else None,
                         inviter_name=actor.full_name if actor else "")
    else:
        queue_templated_mail(to=user.email, subject=f"You have been added to {center.name}", template="added",
                             center_name=center.name, full_name=user.full_name, role_label=ROLES[role],
                             link=absolute_url("auth.signin"))
    record_event(action="center.invite", actor_id=actor.id if actor else None, target_type="user",
                 target_id=user.id, center_id=center.id,
                 detail={"email": user.email, "role": role, "new_account": created, "link_sent": invited})
    db.session.commit()
    return InviteOutcome(user, created, invited)


def pending_invitation(token: str) -> Invitation | None:
    """The invitation this token opens, if it is unused, unrevoked, unexpired and its center is open."""
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == token_hash(token)))
    if (invitation is None or invitation.accepted_at or invitation.revoked_at or invitation.expires_at <= utcnow()
            or invitation.center.is_archived or not invitation.user.is_active):
        return None
    return invitation


def accept_invitation(invitation: Invitation, *, password: str | None) -> User:
    """Use the invitation once: set the password (when the person has none yet) and commit."""
    user = invitation.user
    now = utcnow()
    invitation.accepted_at = now
    if password is not None and not user.has_password:
        user.password_hash = hash_password(password)
        user.session_token = new_session_token()
    record_event(action="center.invitation_accepted", actor_id=user.id, target_type="user", target_id=user.id,
                 center_id=invitation.center_id, detail={"role": invitation.role})
    db.session.commit()
    return user


def has_pending_invitation(user_id: int, center_id: int) -> bool:
    """True when the person has an unused, unexpired invitation to the center."""
    return db.session.scalar(select(Invitation.id).where(
        Invitation.user_id == user_id, Invitation.center_id == center_id, Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None), Invitation.expires_at > utcnow()).limit(1)) is not None


def resend_invitation(*, center: Center, user: User, actor: User) -> None:
    """Send a fresh invitation link to a member who has not chosen a password yet; commits."""
    membership = db.session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.center_id == center.id, Membership.removed_at.is_(None)))
    if membership is None or user.has_password:
        raise InvitationError("This person already has a password; they can sign in or reset it.")
    if center.is_archived:
        raise InvitationError("This center is archived; it takes no invitations.")
    issue_invitation(user=user, center=center, role=membership.role, actor_id=actor.id,
                     inviter_name=actor.full_name)
    record_event(action="center.invitation_resent", actor_id=actor.id, target_type="user", target_id=user.id,
                 center_id=center.id)
    db.session.commit()
