"""Accepting an invitation: the emailed link opens a page to choose a password, once, before it expires."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import logout_user

from lms.auth.views import start_session
from lms.centers.forms import AcceptInvitationForm
from lms.centers.invitations import accept_invitation, pending_invitation
from lms.centers.models import ROLES

bp = Blueprint("invitations", __name__, url_prefix="/invitations")


@bp.route("/<token>", methods=["GET", "POST"])
def accept(token: str):
    """Choose a password and join the center (a person who already has one just signs in)."""
    invitation = pending_invitation(token)
    if invitation is None:
        flash("This invitation has expired or was already used. Ask your training center for a new one.", "error")
        return redirect(url_for("auth.signin"))
    user = invitation.user
    if user.has_password:
        accept_invitation(invitation, password=None)
        flash(f"You are a member of {invitation.center.name}. Sign in with your password.", "success")
        return redirect(url_for("auth.signin"))
    form = AcceptInvitationForm(email=user.email, full_name=user.full_name)
    if form.validate_on_submit():
        logout_user()
        accept_invitation(invitation, password=form.password.data)
        start_session(user, remember=False)
        flash(f"Welcome to {invitation.center.name}! Your password is set.", "success")
        return redirect(url_for("progress.dashboard"))
    return render_template("invitations/accept.html", form=form, invitation=invitation, user=user,
                           role_label=ROLES.get(invitation.role, invitation.role)), \
        422 if request.method == "POST" else 200
