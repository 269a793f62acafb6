"""Roster import pages: upload a CSV, preview what it creates and changes, confirm (atomic)."""
from __future__ import annotations

import base64
import binascii

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.centers.access import center_access_or_404
from lms.centers.forms import RosterConfirmForm, RosterUploadForm
from lms.centers.roster import RosterChanged, apply_roster, plan_roster, roster_template
from lms.centers.roster_file import COLUMNS, RosterFileError, read_roster
from lms.centers.views_people import bp

SHOWN = 500  # rows listed per section of the preview; the counts cover all


def _read(data: bytes):
    return read_roster(data, max_bytes=current_app.config["ROSTER_MAX_BYTES"])


def _upload_page(access, form, error: str = "", status: int = 200):
    return render_template("centers/roster_upload.html", access=access, center=access.center, form=form,
                           error=error, columns=COLUMNS,
                           max_mb=current_app.config["ROSTER_MAX_BYTES"] / 1e6), status


def _preview(access, data: bytes, filename: str, notice: str = ""):
    actor = current_user._get_current_object()
    try:
        roster = _read(data)
    except RosterFileError as error:
        return _upload_page(access, RosterUploadForm(), str(error), 422)
    plan = plan_roster(access.center, roster, actor=actor)
    confirm = RosterConfirmForm(content=base64.urlsafe_b64encode(data).decode(), digest=plan.digest,
                                filename=filename)
    return render_template("centers/roster_preview.html", access=access, center=access.center, plan=plan,
                           roster=roster, confirm=confirm, filename=filename, shown=SHOWN,
                           notice=notice), 422 if plan.problems or notice else 200


@bp.route("/roster", methods=["GET", "POST"])
@login_required
def roster(slug: str):
    """Upload a roster file; the answer is the preview (nothing is written yet)."""
    access = center_access_or_404(slug, "center_admin")
    form = RosterUploadForm()
    if request.method == "GET":
        return _upload_page(access, form)
    if not form.validate_on_submit():
        return _upload_page(access, form, "Choose a CSV file to upload.", 422)
    upload = form.file.data
    data = upload.stream.read(current_app.config["ROSTER_MAX_BYTES"] + 1)
    return _preview(access, data, (upload.filename or "roster.csv")[:200])


@bp.post("/roster/confirm")
@login_required
def roster_confirm(slug: str):
    """Import the previewed file, all or nothing; invitations go out after the commit."""
    access = center_access_or_404(slug, "center_admin")
    form = RosterConfirmForm()
    try:
        data = base64.urlsafe_b64decode(form.content.data or "") if form.validate_on_submit() else None
    except (binascii.Error, ValueError):
        data = None
    if not data:
        return _upload_page(access, RosterUploadForm(), "The preview expired. Upload the file again.", 422)
    try:
        result = apply_roster(access.center, _read(data), actor=current_user._get_current_object(),
                              digest=form.digest.data, filename=form.filename.data or "roster.csv")
    except RosterFileError as error:
        return _upload_page(access, RosterUploadForm(), str(error), 422)
    except RosterChanged as error:
        return _preview(access, data, form.filename.data or "roster.csv", notice=str(error))
    flash(f"Roster imported: {result.created} new, {result.changed} changed, {result.unchanged} unchanged; "
          f"{result.invited} invitation(s) on their way.", "success")
    return redirect(url_for(".people", slug=slug))


@bp.get("/roster/template.csv")
@login_required
def roster_template_csv(slug: str):
    """An example roster file with every column."""
    center_access_or_404(slug, "center_admin")
    return Response("\ufeff" + roster_template(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="roster-template.csv"'})
