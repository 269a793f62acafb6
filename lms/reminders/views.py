"""Email settings on the account page, and the unsubscribe link of every reminder (RFC 8058 one-click too)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.auth.models import User
from lms.extensions import csrf, db
from lms.reminders.forms import EmailSettingsForm
from lms.reminders.kinds import KINDS
from lms.reminders.links import read_unsubscribe_token
from lms.reminders.service import opted_out_kinds, save_email_settings
from lms.reminders.service import unsubscribe as stop_kind

bp = Blueprint("reminders", __name__)


@bp.route("/account/email-settings", methods=["GET", "POST"])
@login_required
def email_settings():
    """Choose which reminder emails to get."""
    form = EmailSettingsForm()
    if form.validate_on_submit():
        save_email_settings(current_user.id, wanted=form.wanted())
        flash("Your email settings are saved.", "success")
        return redirect(url_for("reminders.email_settings"))
    if request.method == "GET":
        out = opted_out_kinds(current_user.id)
        for kind in KINDS:
            form[kind].data = kind not in out
    return render_template("reminders/email_settings.html", form=form), 422 if request.method == "POST" else 200


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the authority; mail clients' one-click POST (RFC 8058) carries no CSRF token
def unsubscribe(token: str):
    """GET: ask to confirm; POST (the button, or a mail client's one-click): stop this kind of email."""
    found = read_unsubscribe_token(token)
    user = db.session.get(User, found[0]) if found else None
    if user is None:
        return render_template("reminders/unsubscribe_invalid.html"), 404
    kind = found[1]
    if request.method == "POST":
        stop_kind(user.id, kind)
        return render_template("reminders/unsubscribed.html", label=KINDS[kind][0])
    return render_template("reminders/unsubscribe.html", label=KINDS[kind][0], hint=KINDS[kind][1], token=token,
                           email=user.email)
