"""Site-administrator accounts (created from the command line) and what a site admin does to any account:
deactivate and reactivate, lock and unlock, send a password reset."""
from __future__ import annotations

from datetime import timedelta

from lms.audit.service import record_event
from lms.auth.models import User, new_session_token
from lms.auth.passwords import password_problem
from lms.auth.service import find_user_by_email, register_user
from lms.extensions import db
from lms.timeutil import utcnow

# An admin's lock lasts until an admin lifts it (sign-in failures lock for minutes only).
ADMIN_LOCK = timedelta(days=365 * 100)


class AccountError(ValueError):
    """An account change that is refused (the message says why)."""


def make_site_admin(*, email: str, full_name: str, password: str) -> User:
    """Create a site admin, or promote the existing account with this email; ValueError on a bad password."""
    user = find_user_by_email(email)
    if user is not None:
        user.is_site_admin = True
        db.session.commit()
        return user
    problem = password_problem(password, email=email, full_name=full_name)
    if problem:
        raise ValueError(problem)
    return register_user(email=email, password=password, full_name=full_name, discipline="other",
                         agency="", center_id=None, is_site_admin=True)


def _audit(action: str, user: User, actor: User) -> None:
    record_event(action=action, actor_id=actor.id, target_type="user", target_id=user.id,
                 detail={"email": user.email})


def set_deactivated(user: User, *, deactivated: bool, actor: User) -> None:
    """Deactivate an account (it cannot sign in and its sessions end; its records stay) or reactivate it."""
    if user.id == actor.id:
        raise AccountError("You cannot deactivate your own account.")
    user.deactivated_at = utcnow() if deactivated else None
    if deactivated:
        user.session_token = new_session_token()
    _audit("account.deactivated" if deactivated else "account.reactivated", user, actor)
    db.session.commit()


def set_locked(user: User, *, locked: bool, actor: User) -> None:
    """Lock an account until an admin unlocks it (signing it out everywhere), or unlock it; commits."""
    if user.id == actor.id:
        raise AccountError("You cannot lock your own account.")
    user.failed_logins = 0
    user.locked_until = utcnow() + ADMIN_LOCK if locked else None
    if locked:
        user.session_token = new_session_token()
    _audit("account.locked" if locked else "account.unlocked", user, actor)
    db.session.commit()


def send_reset_for(user: User, *, actor: User) -> None:
    """Email the person a password-reset link (through the queue) and commit."""
    if not user.is_active:
        raise AccountError("This account is deactivated; reactivate it first.")
    from lms.auth.tasks import request_password_reset

    if not request_password_reset(user.email):  # queued: the worker mails the link
        raise AccountError("The task queue cannot be reached, so no email was sent. Try again in a few minutes.")
    _audit("account.reset_sent_by_admin", user, actor)
    db.session.commit()


def set_curriculum_editor(user: User, *, granted: bool, actor: User) -> None:
    """Grant or take away the curriculum-editor role (may change, review and publish the shared modules);
    commits."""
    if user.deactivated_at is not None and granted:
        raise AccountError("A deactivated account cannot be made a curriculum editor.")
    user.is_curriculum_editor = granted
    _audit("account.curriculum_editor_granted" if granted else "account.curriculum_editor_revoked", user, actor)
    db.session.commit()
