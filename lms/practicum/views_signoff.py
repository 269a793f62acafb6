"""Supervisors sign off: the emailed single-use link (no account needed) and, signed in, several at once."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.auth.forms import EmptyForm
from lms.practicum import clock, selectors, service
from lms.practicum.forms import DecisionForm, refuse_nul
from lms.practicum.kinds import SIGNER_ROLES, kind_label

bp = Blueprint("signoff", __name__, url_prefix="/signoff")


@bp.get("")
@login_required
def pending():
    """Entries waiting for the signed-in supervisor's signature."""
    page = selectors.open_requests_for(current_user.email, clock.now(), page=request.args.get("page", 1, type=int))
    return render_template("practicum/pending.html", page=page, requests=page.rows,
                           kind_label=kind_label, roles=SIGNER_ROLES, form=EmptyForm())


@bp.post("/approve")
@login_required
def approve_many():
    """Approve the ticked entries."""
    form = EmptyForm()
    ids = [int(i) for i in request.form.getlist("request_id") if i.isdigit()]
    if not form.validate_on_submit() or not ids:
        flash("Tick at least one entry to approve.", "error")
        return redirect(url_for(".pending"))
    done = service.approve_many(user=current_user, request_ids=ids, now=clock.now())
    flash(f"Approved {done} entr{'y' if done == 1 else 'ies'}.", "success")
    return redirect(url_for(".pending"))


@bp.route("/<token>", methods=["GET", "POST"])
def review(token: str):
    """The page an emailed link opens: the entry, and approve or return with a comment (a CSRF-protected form)."""
    now = clock.now()
    try:
        signoff = service.request_for_token(token, now)
    except service.SignoffError as problem:
        return render_template("practicum/link_unusable.html", message=str(problem)), 410
    form = DecisionForm()
    if request.method == "POST" and form.validate_on_submit() and refuse_nul(form):
        actor = current_user.id if current_user.is_authenticated else None
        entry = service.decide(request=signoff, decision=form.decision.data, comment=form.comment.data or "",
                               now=now, actor_id=actor)
        return render_template("practicum/signed.html", entry=entry, decision=form.decision.data,
                               kind_label=kind_label)
    return render_template("practicum/review.html", signoff=signoff, entry=signoff.entry, form=form,
                           kind_label=kind_label, roles=SIGNER_ROLES), 422 if request.method == "POST" else 200
