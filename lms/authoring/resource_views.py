"""Center admins keep the center's local resource directory."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.auth.forms import EmptyForm
from lms.authoring import resource_service
from lms.authoring.forms import ResourceSearchForm
from lms.authoring.resource_selectors import directory_page
from lms.authoring.resource_service import ResourceRefused
from lms.centers.access import center_for_admin_or_404

bp = Blueprint("local_resources", __name__, url_prefix="/centers/<slug>/admin/resources")


@bp.get("")
@login_required
def directory(slug: str):
    """One page of the directory (searched by name or kind) with a form per entry, and one to add."""
    center = center_for_admin_or_404(slug)
    search = ResourceSearchForm(request.args)
    valid = search.validate()
    page = directory_page(center.id, q=search.q.data or "" if valid else "",
                          page=request.args.get("page", 1, type=int))
    return render_template("authoring/resources.html", center=center, search=search, page=page,
                           entries=page.rows, form=EmptyForm()), 200 if valid else 422


def _save(slug: str, entry_id: int | None):
    center = center_for_admin_or_404(slug)
    try:
        resource_service.save_entry(center_id=center.id, entry_id=entry_id, form=request.form,
                                    actor_id=current_user.id)
        flash("Entry saved.", "success")
    except ResourceRefused as exc:
        flash(str(exc), "error")
    return redirect(url_for(".directory", slug=slug))


@bp.post("")
@login_required
def add(slug: str):
    """Add an agency."""
    return _save(slug, None)


@bp.post("/<id:entry_id>")
@login_required
def update(slug: str, entry_id: int):
    """Change an agency's entry."""
    return _save(slug, entry_id)


@bp.post("/<id:entry_id>/delete")
@login_required
def delete(slug: str, entry_id: int):
    """Remove an agency."""
    center = center_for_admin_or_404(slug)
    try:
        resource_service.delete_entry(center_id=center.id, entry_id=entry_id, actor_id=current_user.id)
        flash("Entry removed.", "success")
    except ResourceRefused as exc:
        flash(str(exc), "error")
    return redirect(url_for(".directory", slug=slug))
