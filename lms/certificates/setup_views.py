"""Center admin: certificate settings, the signing key, and bulk issuance with its progress."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from lms.auth.forms import EmptyForm
from lms.certificates import bulk
from lms.centers.access import center_for_admin_or_404
from lms.certificates.center_settings import program_settings_for, save_settings, settings_for
from lms.certificates.forms import BulkForm, KeyImportForm, SettingsForm
from lms.certificates.keyring import active_key, create_center_key, import_center_key
from lms.certificates.keys import SigningKeyError
from lms.certificates.models import BulkJob, Program
from lms.extensions import db

bp = Blueprint("center_setup", __name__, url_prefix="/centers/<slug>/admin")
MAX_STATEMENT = 2000


def _programs() -> list[Program]:
    return [p for p in db.session.scalars(select(Program).order_by(Program.slug)) if p.current_version]


def _program_numbers(programs: list[Program]) -> tuple[dict, list[str]]:
    numbers, problems = {}, []
    for program in programs:
        post = request.form.get(f"post_{program.id}", "").strip()
        statement = request.form.get(f"statement_{program.id}", "").strip()
        if len(post) > 80 or len(statement) > MAX_STATEMENT:
            problems.append(f"{program.current_version.title}: the course number is at most 80 characters and the "
                            f"approval statement at most {MAX_STATEMENT}.")
        numbers[program.id] = (post, statement)
    return numbers, problems


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings(slug: str):
    """Signatory, CE provider, per-program numbers, approval, and the signing key."""
    center = center_for_admin_or_404(slug)
    programs = _programs()
    form = SettingsForm(obj=settings_for(center.id))
    if request.method == "POST":
        numbers, problems = _program_numbers(programs)
        if form.validate_on_submit() and not problems:
            save_settings(center_id=center.id, actor_id=current_user.id, signatory_name=form.signatory_name.data,
                          signatory_title=form.signatory_title.data, ce_provider_name=form.ce_provider_name.data,
                          ce_provider_number=form.ce_provider_number.data,
                          requires_approval=form.requires_approval.data, programs=numbers)
            flash("Certificate settings saved.", "success")
            return redirect(url_for(".settings", slug=slug))
        for problem in problems:
            flash(problem, "error")
    per_program = [(p, program_settings_for(center.id, p.id)) for p in programs]
    return render_template("certificates/admin_settings.html", center=center, form=form, per_program=per_program,
                           key=active_key(center.id), key_form=KeyImportForm(), empty=EmptyForm()), \
        422 if request.method == "POST" else 200


@bp.post("/key")
@login_required
def generate_key(slug: str):
    """Make a new self-signed signing key (the old one stays valid for what it signed)."""
    center = center_for_admin_or_404(slug)
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
    """Issue a program's certificate to every member who completed it and has none."""
    center = center_for_admin_or_404(slug)
    form = BulkForm()
    form.program.choices = [SelectChoice("", "Choose a program")] + [
        SelectChoice(p.slug, p.current_version.title) for p in _programs()]
    if form.validate_on_submit():
        program = db.session.scalar(select(Program).where(Program.slug == form.program.data))
        if program is None or program.current_version is None:
            flash("Choose a program from the list.", "error")
        else:
            job = bulk.start_bulk(center_id=center.id, version=program.current_version, actor_id=current_user.id)
            flash(f"{job.total} certificate(s) queued for issuing.", "success")
            return redirect(url_for(".bulk_job", slug=slug, job_id=job.id))
    return render_template("certificates/admin_bulk.html", center=center, form=form)


@bp.get("/bulk/<id:job_id>")
@login_required
def bulk_job(slug: str, job_id: int):
    """The progress of a bulk issue (the page refreshes itself while it runs)."""
    center = center_for_admin_or_404(slug)
    job = db.session.get(BulkJob, job_id)
    if job is None or job.center_id != center.id:
        abort(404)
    return render_template("certificates/admin_job.html", center=center, job=job, progress=bulk.progress(job))
