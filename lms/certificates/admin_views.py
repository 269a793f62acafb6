"""Center admin: issued certificates (filters, CSV, ZIP), approvals, revocation and re-issue."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from lms.audit.service import record_event
from lms.auth.models import User
from lms.certificates import selectors
from lms.centers.access import center_for_admin_or_404
from lms.certificates.bulk import csv_of, zip_of
from lms.certificates.forms import FilterForm, ReasonForm, SelectionForm
from lms.certificates.issuance import decide_request, request_certificate, revoke
from lms.certificates.models import BulkJob, Certificate, IssuanceRequest, Program, ProgramVersion
from lms.extensions import db

bp = Blueprint("center_admin", __name__, url_prefix="/centers/<slug>/admin")


def _filtered(center, form: FilterForm) -> list[selectors.CertificateView]:
    clauses = []
    if form.program.data:
        clauses.append(Certificate.program_version_id.in_(select(ProgramVersion.id).join(Program).where(
            Program.slug == form.program.data)))
    day = lambda d: datetime.combine(d, time.min)  # noqa: E731
    if form.issued_from.data:
        clauses.append(Certificate.issued_at >= day(form.issued_from.data))
    if form.issued_to.data:
        clauses.append(Certificate.issued_at < day(form.issued_to.data) + timedelta(days=1))
    if form.expiring_from.data:
        clauses.append(Certificate.expires_at >= day(form.expiring_from.data))
    if form.expiring_to.data:
        clauses.append(Certificate.expires_at < day(form.expiring_to.data) + timedelta(days=1))
    views = selectors.of_center(center.id, statement_filter=clauses)
    return [v for v in views if not form.status.data or v.status.code == form.status.data]


def _filter_form() -> FilterForm:
    form = FilterForm(request.args)
    form.program.choices = [SelectChoice("", "Any program")] + [
        SelectChoice(p.slug, p.current_version.title) for p in db.session.scalars(select(Program))
        if p.current_version]
    return form


@bp.get("/certificates")
@login_required
def certificates(slug: str):
    """Issued certificates with filters; requests awaiting approval or failed; bulk jobs."""
    center = center_for_admin_or_404(slug)
    form = _filter_form()
    valid = form.validate() if request.args else True
    views = _filtered(center, form) if valid else []
    pending = db.session.execute(select(IssuanceRequest, User).join(User, User.id == IssuanceRequest.user_id).where(
        IssuanceRequest.center_id == center.id, IssuanceRequest.status.in_(("awaiting_approval", "failed")))
        .order_by(IssuanceRequest.created_at)).all()
    jobs = db.session.scalars(select(BulkJob).where(BulkJob.center_id == center.id)
                              .order_by(BulkJob.id.desc()).limit(5)).all()
    return render_template("certificates/admin_list.html", center=center, form=form, views=views, pending=pending,
                           jobs=jobs, reason_form=ReasonForm(), selection=SelectionForm()), 200 if valid else 422


@bp.get("/certificates.csv")
@login_required
def export_csv(slug: str):
    """The filtered list as CSV."""
    center = center_for_admin_or_404(slug)
    form = _filter_form()
    if request.args and not form.validate():
        abort(400)
    record_event(action="certificate.exported", actor_id=current_user.id, target_type="center",
                 target_id=center.id, center_id=center.id, commit=True)
    return Response(csv_of(_filtered(center, form)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{center.slug}-certificates.csv"'})


@bp.post("/certificates.zip")
@login_required
def export_zip(slug: str):
    """The selected certificates' PDFs in one ZIP (each download of someone else's certificate is audited)."""
    center = center_for_admin_or_404(slug)
    form = SelectionForm()
    if not form.validate_on_submit():
        flash("Choose at least one certificate for the ZIP.", "error")
        return redirect(url_for(".certificates", slug=slug))
    wanted = set(form.selected.data)
    views = selectors.of_center(center.id, statement_filter=[Certificate.public_id.in_(wanted)])
    if len(views) != len(wanted):
        abort(404)
    record_event(action="certificate.downloaded_by_staff", actor_id=current_user.id, target_type="certificate",
                 target_id=f"{len(views)} in a ZIP", center_id=center.id,
                 detail={"public_ids": [v.public_id for v in views]}, commit=True)
    return Response(zip_of(views), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{center.slug}-certificates.zip"'})


def _own_certificate_or_404(center, public_id: str) -> selectors.CertificateView:
    view = selectors.by_public_id(public_id)
    if view is None or view.certificate.center_id != center.id:
        abort(404)
    return view


@bp.get("/certificates/<public_id>")
@login_required
def certificate(slug: str, public_id: str):
    """One certificate with revoke and re-issue."""
    center = center_for_admin_or_404(slug)
    view = _own_certificate_or_404(center, public_id)
    return render_template("certificates/admin_detail.html", center=center, view=view, reason_form=ReasonForm(),
                           trail=view.certificate.snapshot.get("modules", []))


@bp.post("/certificates/<public_id>/revoke")
@login_required
def revoke_certificate(slug: str, public_id: str):
    """Revoke with a reason verifiers will see."""
    center = center_for_admin_or_404(slug)
    view = _own_certificate_or_404(center, public_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash("Give the reason for revoking (at most 500 characters).", "error")
    elif view.status.code == "revoked":
        flash("This certificate is already revoked.", "info")
    else:
        revoke(view.certificate, actor_id=current_user.id, reason=form.reason.data)
        flash(f"Certificate {view.document.short_code} is revoked.", "success")
    return redirect(url_for(".certificate", slug=slug, public_id=public_id))


@bp.post("/certificates/<public_id>/reissue")
@login_required
def reissue(slug: str, public_id: str):
    """Issue a corrected certificate (the learner's details as they stand now) that supersedes this one."""
    center = center_for_admin_or_404(slug)
    view = _own_certificate_or_404(center, public_id)
    if view.status.code == "superseded":
        flash("A newer certificate already replaces this one.", "info")
        return redirect(url_for(".certificate", slug=slug, public_id=public_id))
    request_certificate(user_id=view.certificate.user_id, center_id=center.id,
                        version=view.certificate.program_version, actor_id=current_user.id,
                        supersedes_id=view.certificate.id, skip_approval=True)
    db.session.commit()
    flash("A new certificate is being issued; it will replace this one.", "success")
    return redirect(url_for(".certificates", slug=slug))


@bp.post("/requests/<id:request_id>/<any(approve, reject):decision>")
@login_required
def decide(slug: str, request_id: int, decision: str):
    """Approve or reject a request awaiting approval."""
    center = center_for_admin_or_404(slug)
    item = db.session.get(IssuanceRequest, request_id)
    if item is None or item.center_id != center.id:
        abort(404)
    form = ReasonForm()  # CSRFProtect has checked the token; the reason is needed only to reject
    if decision == "reject" and not form.validate_on_submit():
        flash("Give the reason for rejecting.", "error")
        return redirect(url_for(".certificates", slug=slug))
    try:
        decide_request(item, approve=decision == "approve", actor_id=current_user.id,
                       reason=form.reason.data or "" if decision == "reject" else "")
        flash("Approved: the certificate is being issued." if decision == "approve" else "Request rejected.",
              "success")
    except ValueError as error:
        flash(str(error), "info")
    return redirect(url_for(".certificates", slug=slug))
