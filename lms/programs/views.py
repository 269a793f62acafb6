"""Center admins make, change and archive their center's own certificate programs."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.auth.forms import EmptyForm
from lms.centers.access import center_for_admin_or_404
from lms.programs import center_service, selectors
from lms.programs.center_service import ProgramRefused
from lms.programs.forms import ProgramForm
from lms.programs.spec import ProgramSpec

bp = Blueprint("center_programs", __name__, url_prefix="/centers/<slug>/programs")


def _own_or_404(slug: str, program_slug: str):
    center = center_for_admin_or_404(slug)
    program = selectors.center_program(center.id, program_slug)
    if program is None:
        abort(404)
    return center, program


def _form_page(center, form, program=None, status: int = 200):
    return render_template("programs/form.html", center=center, form=form, program=program,
                           modules=selectors.usable_modules(center.id)), status


@bp.get("")
@login_required
def index(slug: str):
    """The center's own programs (archived ones last) and the shared ones it may also assign."""
    center = center_for_admin_or_404(slug)
    return render_template("programs/index.html", center=center, own=selectors.center_program_rows(center.id),
                           shared=selectors.published_programs(), form=EmptyForm())


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new(slug: str):
    """The form for a new program; saving publishes its first version."""
    center = center_for_admin_or_404(slug)
    form = ProgramForm()
    if not form.validate_on_submit():
        return _form_page(center, form, status=422 if request.method == "POST" else 200)
    try:
        program = center_service.create_center_program(center_id=center.id, slug=form.program_slug.data or "",
                                                       fields=form.fields(), actor_id=current_user.id)
    except ProgramRefused as exc:
        flash(str(exc), "error")
        return _form_page(center, form, status=422)
    flash(f"Program '{program.current_version.title}' saved; cohorts can now be assigned it.", "success")
    return redirect(url_for(".index", slug=slug))


@bp.route("/<program_slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str, program_slug: str):
    """Change a program: saving publishes a new version; certificates already issued keep theirs."""
    center, program = _own_or_404(slug, program_slug)
    form = ProgramForm()
    if request.method == "GET":
        form.fill(program, ProgramSpec.from_dict(program.current_version.spec))
        return _form_page(center, form, program)
    if not form.validate_on_submit():
        return _form_page(center, form, program, 422)
    try:
        version = center_service.update_center_program(program, fields=form.fields(),
                                                       expected_version_id=form.expected_version(),
                                                       actor_id=current_user.id)
    except ProgramRefused as exc:
        flash(str(exc), "error")
        return _form_page(center, form, program, 422)
    flash(f"Program saved (version {version.number}).", "success")
    return redirect(url_for(".index", slug=slug))


@bp.post("/<program_slug>/archive")
@login_required
def archive(slug: str, program_slug: str):
    """Archive a program (or, with restore, offer it again); nothing is deleted."""
    _, program = _own_or_404(slug, program_slug)
    if EmptyForm().validate_on_submit():
        restore = request.args.get("restore") == "1"
        center_service.set_archived(program, archived=not restore, actor_id=current_user.id)
        flash(f"Program '{program.slug}' is {'offered again' if restore else 'archived; its records are kept'}.",
              "success")
    return redirect(url_for(".index", slug=slug))
