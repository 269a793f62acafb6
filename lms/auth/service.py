"""Account writes: register, sign-in bookkeeping, password reset and change, profile edits."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.audit.service import record_event
from lms.auth import throttle
from lms.auth.models import User, new_session_token
from lms.auth.passwords import hash_password, verify_password
from lms.centers.models import Center, Membership
from lms.extensions import db
from lms.mail_tasks import queue_templated_mail
from lms.timeutil import utcnow
from lms.urls import external_url


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


def register_user(*, email: str, password: str | None = None, full_name: str, discipline: str, agency: str,
                  center_id: int | None, role: str = "learner", is_site_admin: bool = False,
                  password_hash: str | None = None) -> User:
    """Create an account (and its center membership) and commit; give the password or its hash."""
    user = User(email=normalize_email(email), full_name=" ".join(full_name.split()), discipline=discipline,
                agency=agency.strip(), password_hash=password_hash or hash_password(password or ""),
                is_site_admin=is_site_admin)
    db.session.add(user)
    db.session.flush()
    if center_id is not None:
        db.session.add(Membership(user_id=user.id, center_id=center_id, role=role))
    record_event(action="account.create", actor_id=user.id, target_type="user", target_id=user.id)
    db.session.commit()
    return user


def register_confirmed(answers: dict) -> User | None:
    """Create the account an emailed sign-up link describes; None if the email was taken since (or the center
    is gone)."""
    if email_taken(answers["email"]) or db.session.get(Center, answers["center_id"]) is None:
        return None
    try:
        return register_user(email=answers["email"], password_hash=answers["password_hash"],
                             full_name=answers["full_name"], discipline=answers["discipline"],
                             agency=answers["agency"], center_id=answers["center_id"])
    except IntegrityError:  # the same link opened twice at once
        db.session.rollback()
        return None


@dataclass(frozen=True)
class SignInResult:
    """The user when the credentials are right; `wait` seconds when attempts from here are being slowed down."""

    user: User | None
    wait: int = 0
    locked: bool = False
    problem: str = ""


def authenticate(*, email: str, password: str, address: str = "") -> SignInResult:
    """Check credentials unless failures from this address (or everywhere) impose a wait; audits and commits.

    Known and unknown emails take the same path: a dummy hash is checked, failures are counted by the email's
    digest, and throttling applies alike, so neither the answer nor its timing tells whether an account exists."""
    user = find_user_by_email(email)
    key = throttle.email_key(email)
    state = throttle.state_for(email, address, user.id if user else None)
    if state.wait:
        record_event(action="auth.signin_throttled", actor_id=user.id if user else None, target_type="email",
                     target_id=key, detail={"wait": state.wait}, commit=True)
        return SignInResult(None, wait=state.wait)
    # hashed either way (an invited person with no password yet gets the dummy hash too: same answer and timing)
    matches = verify_password(user.password_hash if user and user.has_password else _dummy_hash(), password)
    matches = matches and user is not None and user.has_password
    if user is None or not matches:
        if user is not None and throttle.starts_delaying(state):
            _tell_owner_of_failures(user, address, state.pair_failures + 1)
        record_event(action=throttle.FAILED, actor_id=user.id if user else None, target_type="email", target_id=key,
                     detail={} if user else {"email": normalize_email(email)[:254]}, commit=True)
        return SignInResult(None)
    now = utcnow()
    if user.locked_until and user.locked_until > now:  # locked by a site admin (failures only slow sign-in down)
        record_event(action="auth.signin_locked", actor_id=user.id, target_type="user", target_id=user.id,
                     commit=True)
        return SignInResult(None, locked=True, problem="This account is locked. Ask your training center's "
                                                       "administrator to unlock it.")
    if not user.is_active:
        record_event(action="auth.signin_deactivated", actor_id=user.id, target_type="user", target_id=user.id,
                     commit=True)
        return SignInResult(None, problem="This account is deactivated. Ask your training center if this is a "
                                          "mistake.")
    user.last_login_at = now
    record_event(action=throttle.SIGNED_IN, actor_id=user.id, target_type="user", target_id=user.id, commit=True)
    return SignInResult(user)


def _tell_owner_of_failures(user: User, address: str, failures: int) -> None:
    site = current_app.config["SITE_NAME"]
    queue_templated_mail(to=user.email, subject=f"Failed sign-ins to your {site} account", template="failed_signins",
                         full_name=user.full_name, site=site, failures=failures, address=address,
                         reset_url=external_url("auth.forgot_password"))


def sign_out_everywhere(user: User) -> None:
    """Rotate the session token so every copied session or remember-me cookie stops working."""
    user.session_token = new_session_token()
    db.session.commit()


def change_password(user: User, *, new_password: str) -> None:
    """Set a new password and sign out every other session."""
    user.password_hash = hash_password(new_password)
    user.session_token = new_session_token()
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
    if user is None or not user.is_active or user.password_hash[-16:] != data.get("ph"):
        return None
    return user
