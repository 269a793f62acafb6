"""Center admins keep the list of approved supervisors per agency, and the center's time zone."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.auth.forms import EmptyForm
from lms.centers.access import center_for_admin_or_404
from lms.practicum import clock, selectors, service
from lms.practicum.forms import SupervisorForm, TimeZoneForm, refuse_nul
from lms.practicum.kinds import SIGNER_ROLES

bp = Blueprint("practicum_center", __name__, url_prefix="/centers/<slug>/practicum")


@bp.route("/supervisors", methods=["GET", "POST"])
@login_required
def supervisors(slug: str):
    """The approved supervisors; add one."""
    center = center_for_admin_or_404(slug)
    form = SupervisorForm()
    if request.method == "POST" and form.validate_on_submit() and refuse_nul(form):
        service.add_supervisor(center_id=center.id, full_name=form.full_name.data, email=form.email.data,
                               agency=form.agency.data, role=form.role.data, actor_id=current_user.id)
        flash(f"{form.full_name.data} can now sign off as {SIGNER_ROLES[form.role.data].lower()}.", "success")
        return redirect(url_for(".supervisors", slug=slug))
    return render_template("practicum/supervisors.html", center=center, form=form, roles=SIGNER_ROLES,
                           rows=selectors.supervisors(center.id), empty=EmptyForm(),
                           tz_form=TimeZoneForm(time_zone=service.time_zone_for(center.id))), \
        422 if request.method == "POST" else 200


@bp.post("/supervisors/<id:supervisor_id>/remove")
@login_required
def remove_supervisor(slug: str, supervisor_id: int):
    """Take a supervisor off the list."""
    center = center_for_admin_or_404(slug)
    if EmptyForm().validate_on_submit() and service.remove_supervisor(
            center_id=center.id, supervisor_id=supervisor_id, actor_id=current_user.id, now=clock.now()):
        flash("Removed from the approved supervisors.", "success")
    else:
        flash("That supervisor is not on the list.", "error")
    return redirect(url_for(".supervisors", slug=slug))


@bp.post("/time-zone")
@login_required
def time_zone(slug: str):
    """Set the center's time zone."""
    center = center_for_admin_or_404(slug)
    form = TimeZoneForm()
    if form.validate_on_submit():
        service.save_time_zone(center_id=center.id, time_zone=form.time_zone.data, actor_id=current_user.id)
        flash(f"Sessions are now scheduled in {form.time_zone.data}.", "success")
    else:
        for error in form.time_zone.errors:
            flash(error, "error")
    return redirect(url_for(".supervisors", slug=slug))
