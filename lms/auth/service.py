"""Account writes: register, sign-in bookkeeping, password reset and change, profile edits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from lms.audit.service import record_event
from lms.auth.models import User, new_session_token
from lms.auth.passwords import hash_password, verify_password
from lms.centers.models import Membership
from lms.extensions import db
from lms.mail_tasks import queue_mail
from lms.timeutil import utcnow

# A real hash of a random password, checked when the email is unknown so timing does not reveal accounts.
@cache
def _dummy_hash() -> str:
    """A hash to check unknown emails against (same cost as a real one); made on first use, not at import."""
    return hash_password("not-a-real-password-4f1c")


def normalize_email(email: str) -> str:
    """Emails are stored and compared trimmed and lowercased."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """The account with this email, if any."""
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def register_user(*, email: str, password: str, full_name: str, discipline: str, agency: str,
                  center_id: int | None, role: str = "learner", is_site_admin: bool = False) -> User:
    """Create an account (and its center membership) and commit."""
    user = User(email=normalize_email(email), full_name=" ".join(full_name.split()), discipline=discipline,
                agency=agency.strip(), password_hash=hash_password(password), is_site_admin=is_site_admin)
    db.session.add(user)
    db.session.flush()
    if center_id is not None:
        db.session.add(Membership(user_id=user.id, center_id=center_id, role=role))
    record_event(action="account.create", actor_id=user.id, target_type="user", target_id=user.id)
    db.session.commit()
    return user


@dataclass(frozen=True)
class SignInResult:
    """The user when the credentials are right and the account is not locked."""

    user: User | None
    locked: bool = False


def authenticate(*, email: str, password: str) -> SignInResult:
    """Check credentials, count failures, lock after too many; audits both outcomes and commits."""
    user = find_user_by_email(email)
    now = utcnow()
    if user is None:
        verify_password(_dummy_hash(), password)
        record_event(action="auth.signin_failed", detail={"email": normalize_email(email)[:254]}, commit=True)
        return SignInResult(None)
    if user.locked_until and user.locked_until > now:
        record_event(action="auth.signin_locked", actor_id=user.id, target_type="user", target_id=user.id,
                     commit=True)
        return SignInResult(None, locked=True)
    if not verify_password(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
            user.locked_until = now + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
            user.failed_logins = 0
        record_event(action="auth.signin_failed", actor_id=user.id, target_type="user", target_id=user.id,
                     commit=True)
        return SignInResult(None)
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    record_event(action="auth.signin", actor_id=user.id, target_type="user", target_id=user.id, commit=True)
    return SignInResult(user)


def sign_out_everywhere(user: User) -> None:
    """Rotate the session token so every copied session or remember-me cookie stops working."""
    user.session_token = new_session_token()
    db.session.commit()


def change_password(user: User, *, new_password: str) -> None:
    """Set a new password and sign out every other session."""
    user.password_hash = hash_password(new_password)
    user.session_token = new_session_token()
    user.failed_logins, user.locked_until = 0, None
    record_event(action="account.password_changed", actor_id=user.id, target_type="user", target_id=user.id)
    db.session.commit()


def update_profile(user: User, *, full_name: str, email: str, discipline: str, agency: str) -> None:
    """Change the profile fields a user may edit."""
    user.full_name, user.email = " ".join(full_name.split()), normalize_email(email)
    user.discipline, user.agency = discipline, agency.strip()
    record_event(action="account.profile_updated", actor_id=user.id, target_type="user", target_id=user.id)
    db.session.commit()


def email_taken(email: str, *, except_user_id: int | None = None) -> bool:
    """True when another account already uses this email."""
    query = select(func.count()).select_from(User).where(User.email == normalize_email(email))
    if except_user_id is not None:
        query = query.where(User.id != except_user_id)
    return bool(db.session.scalar(query))


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def make_reset_token(user: User) -> str:
    """A signed token bound to the current password hash: it dies when used (the hash changes) or expires."""
    return _reset_serializer().dumps({"uid": user.id, "ph": user.password_hash[-16:]})


def user_for_reset_token(token: str) -> User | None:
    """The user a valid, unexpired, unused reset token belongs to."""
    try:
        data = _reset_serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or user.password_hash[-16:] != data.get("ph"):
        return None
    return user


def send_password_reset(email: str) -> None:
    """Email a reset link when the account exists; say nothing either way."""
    user = find_user_by_email(email)
    if user is None:
        return
    link = current_app.config["BASE_URL"].rstrip("/") + url_for("auth.reset_password", token=make_reset_token(user))
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    queue_mail(to=user.email, subject="Reset your CD-CP Cross-Training password",
              body=f"Hello {user.full_name},\n\nSomeone asked to reset the password of your account. To choose a "
                   f"new password, open this link within {minutes} minutes:\n\n{link}\n\nThe link works once. If you "
                   "did not ask for this, ignore this message; your password stays as it is.\n")
    record_event(action="account.reset_requested", actor_id=user.id, target_type="user", target_id=user.id,
                 commit=True)
