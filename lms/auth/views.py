"""Sign-up, sign-in, sign-out, password reset, profile and password change."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from lms.auth import service
from lms.auth.forms import (ChangePasswordForm, EmptyForm, ForgotPasswordForm, ProfileForm, ResetPasswordForm,
                            SignInForm, SignUpForm)
from lms.auth.models import User
from lms.auth.passwords import verify_password
from lms.auth.redirects import safe_next
from lms.centers.service import admin_centers, center_choices
from lms.extensions import db, limiter, login_manager

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    """Find the user of a session; a rotated session token (sign-out, password change) refuses old cookies."""
    user_id, _, token = identity.partition(".")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.session_token == token else None


def _start_session(user: User, *, remember: bool) -> None:
    session.clear()  # a new session at sign-in (no fixation)
    session.permanent = True
    login_user(user, remember=remember)
    # The menu's "Center admin" link, kept in the session so pages need no query for it; every admin page
    # checks the role itself, so a stale value shows a link at most.
    administered = admin_centers(user)
    session["admin_center"] = administered[0].slug if administered else ""
    from lms.authoring.access import staff_center_slug

    session["author_center"] = staff_center_slug(user)


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def signup():
    """Create an account at a training center."""
    form = SignUpForm()
    form.center.choices = center_choices()
    if form.validate_on_submit():
        user = service.register_user(email=form.email.data, password=form.password.data,
                                     full_name=form.full_name.data, discipline=form.discipline.data,
                                     agency=form.agency.data, center_id=form.center.data)
        _start_session(user, remember=False)
        flash("Welcome! Your account is ready. Start with any module below.", "success")
        return redirect(url_for("progress.dashboard"))
    return render_template("auth/signup.html", form=form), 200 if request.method == "GET" else 422


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def signin():
    """Sign in with email and password."""
    form = SignInForm()
    if form.validate_on_submit():
        result = service.authenticate(email=form.email.data, password=form.password.data)
        if result.user is not None:
            _start_session(result.user, remember=form.remember.data)
            flash(f"Signed in as {result.user.full_name}.", "success")
            return redirect(safe_next(request.args.get("next"), url_for("progress.dashboard")))
        message = ("Too many failed attempts. Try again in a few minutes, or reset your password."
                   if result.locked else "That email and password do not match an account.")
        flash(message, "error")
    status = 422 if request.method == "POST" else 200
    return render_template("auth/signin.html", form=form), status


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
@limiter.limit("10 per hour", methods=["POST"])
def forgot_password():
    """Ask for a password-reset link by email."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        service.send_password_reset(form.email.data)
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
            _start_session(user, remember=False)
            flash("Your password is changed. Other devices have been signed out.", "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/password.html", form=form), 422 if request.method == "POST" else 200


@bp.app_context_processor
def _empty_form():
    """Every template can render POST-only buttons (sign out) with a CSRF token."""
    return {"empty_form": EmptyForm}

