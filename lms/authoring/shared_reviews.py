"""The site-wide review queue for shared modules: curriculum editors and site admins see every shared draft sent
for review, from any center, and review it through the same service functions as the center workspace."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.auth.forms import EmptyForm
from lms.authoring import selectors, service
from lms.authoring.access import may_edit_shared
from lms.authoring.diff import diff_files
from lms.authoring.service import DraftRefused

bp = Blueprint("shared_reviews", __name__, url_prefix="/authoring/shared/reviews")


@bp.before_request
@login_required
def reviewers_only():
    """Only curriculum editors and site admins; for anyone else the queue does not exist."""
    if not may_edit_shared(current_user):
        abort(404)


def _lock() -> int:
    value = request.form.get("lock", "")
    return int(value) if value.isdigit() and len(value) <= 9 else 0


def _refusal(code: int, message: str):
    title = "Not found" if code == 404 else "Not waiting for review"
    return render_template("error.html", code=code, title=title, message=message), code


def _waiting(draft_id: int):
    """(the shared draft in review, None) or (None, the refusal page to return)."""
    draft = selectors.draft_by_id(draft_id)
    if draft is None:
        return None, _refusal(404, f"There is no draft number {draft_id}.")
    if draft.center_owned:
        return None, _refusal(404, f"Draft {draft_id} is of a center's own module; that center's staff review it "
                                   "in its authoring workspace.")
    if draft.status != "in_review":
        return None, _refusal(409, f"Draft {draft_id} of {draft.folder} is not waiting for review: it is "
                                   f"{draft.status.replace('_', ' ')}.")
    return draft, None


@bp.get("")
def index():
    """Shared drafts waiting for review, oldest sent first, 50 a page."""
    page = selectors.shared_review_queue(request.args.get("page", 1, type=int))
    return render_template("authoring/shared_reviews.html", page=page)


@bp.get("/<id:draft_id>")
def review(draft_id: int):
    """A shared draft in review: its change note, the side-by-side diff against the published version, and
    approve or send back."""
    draft, refused = _waiting(draft_id)
    if refused:
        return refused
    source = service.module_source(draft.slug)
    diffs = diff_files(source.files if source else {}, draft.files, old_label="published", new_label="draft")
    return render_template("authoring/shared_review.html", draft=draft, diffs=diffs, form=EmptyForm(),
                           can_approve=draft.submitted_by_id != current_user.id)


def _act(draft_id: int, action, done: str, **kwargs):
    draft, refused = _waiting(draft_id)
    if refused:
        return refused
    try:
        action(draft, expected=_lock(), actor_id=current_user.id, **kwargs)
    except DraftRefused as exc:
        flash(str(exc), "error")
        return redirect(url_for(".review", draft_id=draft_id))
    flash(done, "success")
    return redirect(url_for(".index"))


@bp.post("/<id:draft_id>/approve")
def approve(draft_id: int):
    """Approve and publish the shared draft as a new version (not by the person who sent it)."""
    return _act(draft_id, service.approve_and_publish, "Approved and published.")


@bp.post("/<id:draft_id>/send-back")
def send_back(draft_id: int):
    """Return the shared draft to its authors with a comment."""
    return _act(draft_id, service.send_back, "Sent back with your comment.", comment=request.form.get("comment", ""))
