"""Sign-up and password-reset requests: the request only queues them, so the answer (and its timing) is the same
whether or not an account uses the address; the worker looks the address up and mails its owner."""
from __future__ import annotations

from flask import current_app

from lms.audit.service import record_event
from lms.auth.passwords import hash_password
from lms.auth.service import find_user_by_email, make_reset_token, normalize_email
from lms.auth.signup_tokens import make_signup_token
from lms.mail_tasks import queue_templated_mail
from lms.queue import app_task, try_send
from lms.urls import external_url


def request_signup(*, email: str, password: str, full_name: str, discipline: str, agency: str,
                   center_id: int) -> bool:
    """Queue a sign-up; the password is hashed here so that only its hash travels through the queue. False when
    the queue is unreachable (logged; the same for every address, so it tells nothing about accounts)."""
    return try_send(signup_requested, normalize_email(email), " ".join(full_name.split()), discipline,
                    agency.strip(), center_id, hash_password(password))


def request_password_reset(email: str) -> bool:
    """Queue a reset request for an address (nothing is looked up during the request); False when the queue is
    unreachable (logged)."""
    return try_send(password_reset_requested, normalize_email(email))


@app_task(retries=3, retry_delay=30)
def signup_requested(email: str, full_name: str, discipline: str, agency: str, center_id: int,
                     password_hash: str) -> None:
    """Mail a link that finishes the sign-up, or tell an existing account's owner that someone tried."""
    site = current_app.config["SITE_NAME"]
    user = find_user_by_email(email)
    if user is not None:
        queue_templated_mail(to=user.email, subject=f"Someone tried to create a {site} account with your email",
                             template="signup_existing", full_name=user.full_name, site=site,
                             signin_url=external_url("auth.signin"), reset_url=external_url("auth.forgot_password"))
        record_event(action="account.signup_existing", actor_id=user.id, target_type="user", target_id=user.id,
                     commit=True)
        return
    token = make_signup_token(email=email, full_name=full_name, discipline=discipline, agency=agency,
                              center_id=center_id, password_hash=password_hash)
    queue_templated_mail(to=email, subject=f"Finish creating your {site} account", template="signup_confirm",
                         full_name=full_name, site=site, hours=current_app.config["SIGNUP_CONFIRM_MAX_AGE"] // 3600,
                         link=external_url("auth.confirm_signup", token=token))
    record_event(action="account.signup_requested", detail={"email": email[:254]}, commit=True)


@app_task(retries=3, retry_delay=30)
def password_reset_requested(email: str) -> None:
    """Email a reset link when an account uses the address; nothing otherwise."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    site = current_app.config["SITE_NAME"]
    queue_templated_mail(to=user.email, subject=f"Reset your {site} password", template="password_reset",
                         full_name=user.full_name, site=site,
                         minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60,
                         link=external_url("auth.reset_password", token=make_reset_token(user)))
    record_event(action="account.reset_requested", actor_id=user.id, target_type="user", target_id=user.id,
                 commit=True)
