"""Center admin: certificate settings, the signing key, and bulk issuance with its progress."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from lms.auth.forms import EmptyForm
from lms.centers.access import center_for_admin_or_404
from lms.certificates.documents.keys import SigningKeyError
from lms.certificates.issuing import bulk, selectors
from lms.certificates.issuing.center_keys import active_key, create_center_key, import_center_key
from lms.certificates.issuing.center_settings import program_settings_for, save_settings, settings_for
from lms.certificates.web.forms import BulkForm, KeyImportForm, SettingsForm, numbers_of, program_numbers_form
from lms.programs.selectors import program_by_slug, published_programs

bp = Blueprint("center_setup", __name__, url_prefix="/centers/<slug>/admin")


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings(slug: str):
    """Signatory, CE provider, per-program numbers, approval, and the signing key."""
    center = center_for_admin_or_404(slug)
    programs = published_programs(center_id=center.id)
    form = SettingsForm(obj=settings_for(center.id))
    numbers = program_numbers_form(programs, {p.id: program_settings_for(center.id, p.id) for p in programs})
    if request.method == "POST":
        numbers_valid = numbers.validate()
        if form.validate_on_submit() and numbers_valid:
            save_settings(center_id=center.id, actor_id=current_user.id, signatory_name=form.signatory_name.data,
                          signatory_title=form.signatory_title.data, ce_provider_name=form.ce_provider_name.data,
                          ce_provider_number=form.ce_provider_number.data,
                          requires_approval=form.requires_approval.data, programs=numbers_of(numbers, programs))
            flash("Certificate settings saved.", "success")
            return redirect(url_for(".settings", slug=slug))
        for errors in numbers.errors.values():
            for error in errors:
                flash(error, "error")
    per_program = [(p, numbers[f"post_{p.id}"], numbers[f"statement_{p.id}"]) for p in programs]
    return render_template("certificates/admin_settings.html", center=center, form=form, per_program=per_program,
                           key=active_key(center.id), key_form=KeyImportForm(), empty=EmptyForm()), \
        422 if request.method == "POST" else 200


@bp.post("/key")
@login_required
def generate_key(slug: str):
    """Make a new self-signed signing key, after the admin confirms on a page that says what happens (certificates
    signed with the old key keep verifying; a key from a certificate authority is replaced)."""
    center = center_for_admin_or_404(slug)
    if request.form.get("confirm") != "y":
        return render_template("certificates/admin_key_confirm.html", center=center, key=active_key(center.id),
                               empty=EmptyForm())
    key = create_center_key(center, actor_id=current_user.id)
    flash(f"New signing key installed. Fingerprint: {key.fingerprint}", "success")
    return redirect(url_for(".settings", slug=slug))


@bp.post("/key/import")
@login_required
def import_key(slug: str):
    """Install a key and certificate from a certificate authority's PKCS#12 file."""
    center = center_for_admin_or_404(slug)
    form = KeyImportForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for(".settings", slug=slug))
    try:
        key = import_center_key(center, form.bundle.data.read(), (form.password.data or "").encode() or None,
                                actor_id=current_user.id)
    except SigningKeyError as error:
        flash(f"That file could not be used: {error}", "error")
        return redirect(url_for(".settings", slug=slug))
    flash(f"Signing key imported. Fingerprint: {key.fingerprint}", "success")
    return redirect(url_for(".settings", slug=slug))


@bp.route("/bulk", methods=["GET", "POST"])
@login_required
def bulk_issue(slug: str):
    """Issue a program's certificate to every member who completed it and has none: choose the program, check
    the list of recipients (and whom a revocation leaves out), then confirm."""
    center = center_for_admin_or_404(slug)
    form = BulkForm()
    form.program.choices = [SelectChoice("", "Choose a program")] + [
        SelectChoice(p.slug, p.current_version.title) for p in published_programs(center_id=center.id)]
    if form.validate_on_submit():
        program = program_by_slug(form.program.data, center_id=center.id)
        if program is None:
            flash("Choose a program from the list.", "error")
        elif form.confirm.data != "y":
            return render_template("certificates/admin_bulk_preview.html", center=center, form=form,
                                   program=program,
                                   preview=bulk.preview(center_id=center.id, version=program.current_version))
        else:
            job = bulk.start_bulk(center_id=center.id, version=program.current_version, actor_id=current_user.id,
                                  named=form.include.data or ())
            flash(f"{job.total} certificate(s) queued for issuing.", "success")
            return redirect(url_for(".bulk_job", slug=slug, job_id=job.id))
    return render_template("certificates/admin_bulk.html", center=center, form=form)


@bp.get("/bulk/<id:job_id>")
@login_required
def bulk_job(slug: str, job_id: int):
    """The progress of a bulk issue (the page refreshes itself while it runs)."""
    center = center_for_admin_or_404(slug)
    job = selectors.bulk_job_of(center.id, job_id)
    if job is None:
        abort(404)
    progress = bulk.progress(job)
    return render_template("certificates/admin_job.html", center=center, job=job, progress=progress,
                           results=[] if progress.waiting else bulk.results(job))
