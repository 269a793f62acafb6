"""Sign-up and password-reset requests: the request only queues them, so the answer (and its timing) is the same
whether or not an account uses the address; the worker looks the address up and mails its owner."""
from __future__ import annotations

from flask import current_app

from lms.audit.service import record_event
from lms.auth.passwords import hash_password
from lms.auth.service import find_user_by_email, make_reset_token, normalize_email
from lms.auth.signup_tokens import make_signup_token
from lms.mail_tasks import queue_mail
from lms.queue import app_task
from lms.urls import external_url


def request_signup(*, email: str, password: str, full_name: str, discipline: str, agency: str,
                   center_id: int) -> None:
    """Queue a sign-up; the password is hashed here so that only its hash travels through the queue."""
    signup_requested(normalize_email(email), " ".join(full_name.split()), discipline, agency.strip(), center_id,
                     hash_password(password))


def request_password_reset(email: str) -> None:
    """Queue a reset request for an address (nothing is looked up during the request)."""
    password_reset_requested(normalize_email(email))


@app_task(retries=3, retry_delay=30)
def signup_requested(email: str, full_name: str, discipline: str, agency: str, center_id: int,
                     password_hash: str) -> None:
    """Mail a link that finishes the sign-up, or tell an existing account's owner that someone tried."""
    site = current_app.config["SITE_NAME"]
    user = find_user_by_email(email)
    if user is not None:
        queue_mail(to=user.email, subject=f"Someone tried to create a {site} account with your email",
                   body=f"Hello {user.full_name},\n\nSomeone asked to create a new {site} account with this email "
                        f"address, which already has an account. If it was you, sign in instead:\n\n"
                        f"{external_url('auth.signin')}\n\nIf you have forgotten your password, choose a new one "
                        f"here:\n\n{external_url('auth.forgot_password')}\n\nIf it was not you, ignore this "
                        "message; nothing about your account has changed.\n")
        record_event(action="account.signup_existing", actor_id=user.id, target_type="user", target_id=user.id,
                     commit=True)
        return
    token = make_signup_token(email=email, full_name=full_name, discipline=discipline, agency=agency,
                              center_id=center_id, password_hash=password_hash)
    hours = current_app.config["SIGNUP_CONFIRM_MAX_AGE"] // 3600
    queue_mail(to=email, subject=f"Finish creating your {site} account",
               body=f"Hello {full_name},\n\nTo finish creating your {site} account, open this link within {hours} "
                    f"hours:\n\n{external_url('auth.confirm_signup', token=token)}\n\nIf you did not sign up, "
                    "ignore this message; no account is created without the link.\n")
    record_event(action="account.signup_requested", detail={"email": email[:254]}, commit=True)


@app_task(retries=3, retry_delay=30)
def password_reset_requested(email: str) -> None:
    """Email a reset link when an account uses the address; nothing otherwise."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    link = external_url("auth.reset_password", token=make_reset_token(user))
    queue_mail(to=user.email, subject=f"Reset your {current_app.config['SITE_NAME']} password",
               body=f"Hello {user.full_name},\n\nSomeone asked to reset the password of your account. To choose a "
                    f"new password, open this link within {minutes} minutes:\n\n{link}\n\nThe link works once. If you "
                    "did not ask for this, ignore this message; your password stays as it is.\n")
    record_event(action="account.reset_requested", actor_id=user.id, target_type="user", target_id=user.id,
                 commit=True)
