"""Authoring pages beyond one draft: a center's own new module, a draft from a ZIP, restoring a version,
images for a draft. Thin: form -> one service -> redirect."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required

from lms.authoring import selectors
from lms.authoring.forms import ImageForm, NewModuleForm, RestoreForm, ZipForm
from lms.authoring.image_service import add_image
from lms.authoring.new_module import create_center_module
from lms.authoring.restore import restore_version
from lms.authoring.service import DraftRefused
from lms.authoring.upload_service import draft_from_zip
from lms.authoring.views import _draft, bp, center_for_staff_or_404


def _form_error(form) -> str:
    return next((error for errors in form.errors.values() for error in errors), "Check the form.")


@bp.post("/modules/new")
@login_required
def new_module(slug: str):
    """Start a module of the center's own (only its members will see it)."""
    center = center_for_staff_or_404(slug)
    form = NewModuleForm()
    if not form.validate_on_submit():
        flash(_form_error(form), "error")
        return redirect(url_for(".index", slug=slug))
    try:
        draft = create_center_module(center_id=center.id, slug=form.module_slug.data, title=form.title.data,
                                     actor_id=current_user.id)
    except DraftRefused as exc:
        flash(str(exc), "error")
        return redirect(url_for(".index", slug=slug))
    flash("Your center's module is started; write it, then send it for review.", "success")
    return redirect(url_for(".draft", slug=slug, draft_id=draft.id))


@bp.post("/upload")
@login_required
def upload(slug: str):
    """Make a draft from a module ZIP."""
    center = center_for_staff_or_404(slug)
    form = ZipForm()
    if not form.validate_on_submit():
        flash(_form_error(form), "error")
        return redirect(url_for(".index", slug=slug))
    try:
        draft = draft_from_zip(center_id=center.id, data=form.archive.data.read(), actor_id=current_user.id)
    except DraftRefused as exc:
        flash(str(exc), "error")
        return redirect(url_for(".index", slug=slug))
    flash(f"A draft of {draft.folder} is made from the ZIP; its problems, if any, are listed below.", "success")
    return redirect(url_for(".draft", slug=slug, draft_id=draft.id))


@bp.post("/modules/<module>/versions/<id:number>/restore")
@login_required
def restore(slug: str, module: str, number: int):
    """Make an old version current again, with a change note."""
    center = center_for_staff_or_404(slug)
    found = selectors.module_for_center_or_404(module, center.id)
    form = RestoreForm()
    if not form.validate_on_submit():
        flash(_form_error(form), "error")
    else:
        try:
            restore_version(center_id=center.id, module=found, number=number, note=form.note.data,
                            actor_id=current_user.id)
            flash(f"Version {number} is current again.", "success")
        except DraftRefused as exc:
            flash(str(exc), "error")
    return redirect(url_for(".history", slug=slug, module=module))


@bp.post("/drafts/<id:draft_id>/images")
@login_required
def add_draft_image(slug: str, draft_id: int):
    """Upload an image for the draft; the page shows the markdown that places it in a lesson."""
    _, item = _draft(slug, draft_id)
    form = ImageForm()
    back = request.form.get("file", "")
    target = (url_for(".edit", slug=slug, draft_id=draft_id, name=back) if back in item.files
              else url_for(".draft", slug=slug, draft_id=draft_id))
    if not form.validate_on_submit():
        flash(f"The image was not added: {_form_error(form)}", "error")
        return redirect(target)
    try:
        snippet = add_image(item, data=form.image.data.read(), alt=form.alt.data, actor_id=current_user.id)
    except DraftRefused as exc:
        flash(str(exc), "error")
        return redirect(target)
    flash(f"Image added. Paste this line where it belongs: {snippet}", "success")
    return redirect(target)
