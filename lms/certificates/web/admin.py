"""Center admin: issued certificates (filters, search, pages, CSV, ZIP), approvals, revocation and re-issue."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from lms.audit.service import record_event
from lms.centers.access import center_for_admin_or_404
from lms.certificates.issuing import listing, selectors
from lms.certificates.issuing.exports import MAX_ZIP, chunks, zip_file
from lms.certificates.issuing.service import decide_request, revoke
from lms.certificates.issuing.service import reissue as reissue_certificate
from lms.certificates.web.forms import FilterForm, ReasonForm, SelectionForm
from lms.programs.selectors import published_programs
from lms.spreadsheet import csv_lines

bp = Blueprint("center_admin", __name__, url_prefix="/centers/<slug>/admin")


def _filter_form(formdata, center_id: int) -> FilterForm:
    form = FilterForm(formdata)
    form.program.choices = [SelectChoice("", "Any program")] + [
        SelectChoice(p.slug, p.current_version.title) for p in published_programs(center_id=center_id)]
    return form


@bp.get("/certificates")
@login_required
def certificates(slug: str):
    """Issued certificates, 100 a page, with filters, search and sorting; requests awaiting approval or failed;
    bulk jobs."""
    center = center_for_admin_or_404(slug)
    form = _filter_form(request.args, center.id)
    valid = form.validate()
    found = listing.page(center.id, form.filters(), form.page.data or 1) if valid else None
    # only the filter form's own fields go on to links: raw query args could name url_for's own arguments
    query = {k: v for k, v in request.args.items() if k in form._fields and k != "page" and v}
    return render_template("certificates/admin_list.html", center=center, form=form, page=found, query=query,
                           pending=selectors.needing_attention(center.id),
                           jobs=selectors.recent_bulk_jobs(center.id), reason_form=ReasonForm(),
                           selection=SelectionForm(), max_zip=MAX_ZIP), 200 if valid else 422


@bp.get("/certificates.csv")
@login_required
def export_csv(slug: str):
    """The filtered list as CSV (UTF-8 with a byte-order mark), streamed."""
    center = center_for_admin_or_404(slug)
    form = _filter_form(request.args, center.id)
    if not form.validate():
        return Response("The filters are not valid: " + "; ".join(e for errors in form.errors.values()
                                                                   for e in errors) + "\n",
                        status=400, mimetype="text/plain")
    filters = form.filters()
    record_event(action="certificate.exported", actor_id=current_user.id, target_type="center",
                 target_id=center.id, center_id=center.id, commit=True)
    rows = listing.csv_rows(center.id, filters)
    return Response(stream_with_context(csv_lines(listing.CSV_COLUMNS, rows)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{center.slug}-certificates.csv"'})


@bp.post("/certificates.zip")
@login_required
def export_zip(slug: str):
    """The chosen certificates' PDFs, or every one the filters match, in one ZIP (audited: staff downloads)."""
    center = center_for_admin_or_404(slug)
    form = SelectionForm()
    filters_form = _filter_form(request.form, center.id)
    if not form.validate_on_submit() or not filters_form.validate():
        flash("Choose at least one certificate for the ZIP, or every one that matches.", "error")
        return redirect(url_for(".certificates", slug=slug))
    if form.all_matching.data:
        filters = filters_form.filters()
    else:
        filters = listing.Filters(public_ids=tuple(set(form.selected.data)))
    ids = listing.matching_ids(center.id, filters, MAX_ZIP)
    if len(ids) > MAX_ZIP:
        flash(f"More than {MAX_ZIP:,} certificates match: narrow the filters (for example by dates) and "
              "download them in parts.", "error")
        return redirect(url_for(".certificates", slug=slug, **{k: v for k, v in request.form.items()
                                                               if k in filters_form.data and v}))
    if not form.all_matching.data and len(ids) != len(set(form.selected.data)):
        abort(404)
    if not ids:
        flash("No certificates match, so there is nothing to put in a ZIP.", "info")
        return redirect(url_for(".certificates", slug=slug))
    record_event(action="certificate.downloaded_by_staff", actor_id=current_user.id, target_type="certificate",
                 target_id=f"{len(ids)} in a ZIP", center_id=center.id,
                 detail={"public_ids": [public_id for _, public_id in ids]}, commit=True)
    return Response(chunks(zip_file([i for i, _ in ids])), mimetype="application/zip",
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
    reissue_certificate(view.certificate, actor_id=current_user.id)
    flash("A new certificate is being issued; it will replace this one.", "success")
    return redirect(url_for(".certificates", slug=slug))


@bp.post("/requests/<id:request_id>/<any(approve, reject):decision>")
@login_required
def decide(slug: str, request_id: int, decision: str):
    """Approve or reject a request awaiting approval."""
    center = center_for_admin_or_404(slug)
    item = selectors.request_of(center.id, request_id)
    if item is None:
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
