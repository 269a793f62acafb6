"""Sign-up, sign-in, sign-out, password reset, profile and password change."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from lms.auth import service, tasks
from lms.auth.forms import (
    ChangePasswordForm,
    EmptyForm,
    ForgotPasswordForm,
    ProfileForm,
    ResetPasswordForm,
    SignInForm,
    SignUpForm,
)
from lms.auth.models import User
from lms.auth.passwords import verify_password
from lms.auth.redirects import safe_next
from lms.auth.signup_tokens import read_signup_token
from lms.centers.service import admin_centers, center_choices, staff_center
from lms.extensions import db, limiter, login_manager

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    """Find the user of a session; a rotated session token (sign-out, password change) refuses old cookies."""
    user_id, _, token = identity.partition(".")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_token != token:
        return None  # deactivated accounts lose their sessions at once
    return user


def start_session(user: User, *, remember: bool) -> None:
    session.clear()  # a new session at sign-in (no fixation)
    session.permanent = True
    login_user(user, remember=remember)
    # The menu's "Center admin" link, kept in the session so pages need no query for it; every admin page
    # checks the role itself, so a stale value shows a link at most.
    administered = admin_centers(user)
    session["admin_center"] = administered[0].slug if administered else ""
    staff = None if administered else staff_center(user)
    session["staff_center"] = staff[0] if staff else ""
    from lms.authoring.access import staff_center_slug

    session["author_center"] = staff_center_slug(user)


def _account_and_address() -> str:
    """Rate-limit key for sign-in and sign-up: the client address plus the email typed, so a training room
    behind one address gets a limit per learner; a looser limit per address alone stops sprays."""
    return f"{get_remote_address()}/{service.normalize_email(request.form.get('email', ''))[:254]}"


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"], key_func=_account_and_address)
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_ADDRESS"], methods=["POST"])
def signup():
    """Ask for an account at a training center; the emailed link finishes it (same answer for taken emails)."""
    form = SignUpForm()
    form.center.choices = [SelectChoice("", "Choose a training center")] + center_choices()
    if form.validate_on_submit():
        if tasks.request_signup(email=form.email.data, password=form.password.data, full_name=form.full_name.data,
                                discipline=form.discipline.data, agency=form.agency.data, center_id=form.center.data):
            flash(SIGNUP_SENT.format(hours=current_app.config["SIGNUP_CONFIRM_MAX_AGE"] // 3600), "success")
            return redirect(url_for("auth.signin"))
        return _queue_down("auth/signup.html", form)
    return render_template("auth/signup.html", form=form), 200 if request.method == "GET" else 422


QUEUE_DOWN = "We cannot send email just now, so nothing was sent. Please try again in a few minutes."


def _queue_down(template: str, form):
    """The form again, saying the request could not be queued (the same answer for every address): 503 with a
    Retry-After, never a 500."""
    flash(QUEUE_DOWN, "error")
    return render_template(template, form=form), 503, {"Retry-After": "60"}


SIGNUP_SENT = ("Check your email: we sent a message to that address. Open the link in it to finish creating your "
               "account (it works for {hours} hours). Nothing arrived? Look in the spam folder, or sign in if you "
               "already have an account.")


@bp.route("/signup/confirm/<token>", methods=["GET", "POST"])
def confirm_signup(token: str):
    """Finish a sign-up from the emailed link: a button (mail scanners only GET), then the account and session."""
    answers = read_signup_token(token)
    if answers is None:
        flash("This sign-up link has expired or is not valid. Please sign up again.", "error")
        return redirect(url_for("auth.signup"))
    form = EmptyForm()
    if form.validate_on_submit():
        user = service.register_confirmed(answers)
        if user is None:
            flash("This link was already used, or an account with this email exists. Sign in, or reset your "
                  "password.", "info")
            return redirect(url_for("auth.signin"))
        start_session(user, remember=False)
        flash("Welcome! Your account is ready. Start with any module below.", "success")
        return redirect(url_for("progress.dashboard"))
    return render_template("auth/confirm.html", form=form, answers=answers)


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"], key_func=_account_and_address)
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_ADDRESS"], methods=["POST"])
def signin():
    """Sign in with email and password."""
    form = SignInForm()
    status = 422 if request.method == "POST" else 200
    headers = {}
    if form.validate_on_submit():
        result = service.authenticate(email=form.email.data, password=form.password.data,
                                      address=request.remote_addr or "")
        if result.user is not None:
            start_session(result.user, remember=form.remember.data)
            flash(f"Signed in as {result.user.full_name}.", "success")
            return redirect(safe_next(request.args.get("next"), url_for("progress.dashboard")))
        if result.wait:
            flash(f"Too many failed attempts from here. Wait {result.wait} seconds and try again, or reset your "
                  "password.", "error")
            status, headers = 429, {"Retry-After": str(result.wait)}
        else:
            flash(result.problem or "That email and password do not match an account.", "error")
    return render_template("auth/signin.html", form=form), status, headers


@bp.post("/signout")
def signout():
    """Sign out here and invalidate copies of this session's cookies."""
    if current_user.is_authenticated:
        service.sign_out_everywhere(current_user._get_current_object())
    logout_user()
    session.clear()
    flash("You are signed out.", "success")
    return redirect(url_for("auth.signin"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET"], methods=["POST"], key_func=_account_and_address)
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET_ADDRESS"], methods=["POST"])
def forgot_password():
    """Ask for a password-reset link by email (queued: the answer is the same for every address)."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        if not tasks.request_password_reset(form.email.data):
            return _queue_down("auth/forgot.html", form)
        flash("If an account uses that email, a reset link is on its way. It works once, within an hour.", "success")
        return redirect(url_for("auth.signin"))
    return render_template("auth/forgot.html", form=form), 422 if request.method == "POST" else 200


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from an emailed link."""
    user = service.user_for_reset_token(token)
    if user is None:
        flash("This reset link has expired or was already used. Ask for a new one.", "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        service.change_password(user, new_password=form.password.data)
        flash("Your password is changed. Sign in with the new one.", "success")
        return redirect(url_for("auth.signin"))
    return render_template("auth/reset.html", form=form), 422 if request.method == "POST" else 200


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    """Edit name, email, discipline and agency."""
    user = current_user._get_current_object()
    form = ProfileForm(obj=user, user_id=user.id)
    if form.validate_on_submit():
        service.update_profile(user, full_name=form.full_name.data, email=form.email.data,
                               discipline=form.discipline.data, agency=form.agency.data)
        flash("Your profile is saved.", "success")
        return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", form=form), 422 if request.method == "POST" else 200


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the password (signs out other sessions)."""
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not verify_password(user.password_hash, form.current.data):
            form.current.errors.append("This is not your current password.")
        else:
            service.change_password(user, new_password=form.password.data)
            start_session(user, remember=False)
            flash("Your password is changed. Other devices have been signed out.", "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/password.html", form=form), 422 if request.method == "POST" else 200


@bp.app_context_processor
def _empty_form():
    """Every template can render POST-only buttons (sign out) with a CSRF token."""
    return {"empty_form": EmptyForm}


@bp.app_template_global("csrf_field")
def csrf_field() -> Markup:
    """The hidden CSRF input that EmptyForm().csrf_token renders, without building a form (hot pages)."""
    return Markup('<input name="csrf_token" type="hidden" value="%s">') % generate_csrf()

