"""Site administration: centers (create, rename, archive; the picker), every account, everyone's audit log."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from lms import accounts_admin
from lms.audit.pages import audit_csv, render_audit
from lms.auth.forms import EmptyForm
from lms.auth.models import User
from lms.centers import selectors
from lms.centers.access import site_admin_or_404
from lms.centers.forms import CenterForm, CenterSearchForm, UserSearchForm
from lms.centers.models import Center
from lms.centers.service import CenterError, create_center, rename_center, set_archived
from lms.extensions import db
from lms.timeutil import utcnow

bp = Blueprint("site_admin", __name__, url_prefix="/admin")


@bp.context_processor
def _now():
    """Pages compare lock times with now."""
    return {"now": utcnow()}


@bp.before_request
@login_required
def _only_site_admins():
    site_admin_or_404()


def _center_or_404(slug: str) -> Center:
    center = db.session.scalar(select(Center).where(Center.slug == slug))
    if center is None:
        abort(404)
    return center


@bp.route("/centers", methods=["GET", "POST"])
def centers():
    """Every center (the picker into each center's pages), searched by name and paged; a form to create one."""
    form = CenterForm()
    if form.validate_on_submit():
        center = create_center(name=form.name.data, region=form.region.data or "", actor_id=current_user.id)
        flash(f"{center.name} is created. Invite its first center admin.", "success")
        return redirect(url_for("center_people.invite", slug=center.slug, role="center_admin"))
    search = CenterSearchForm(request.args)
    valid = search.validate()
    page = selectors.centers_page(search.q.data or "" if valid else "", request.args.get("page", 1, type=int))
    return render_template("site_admin/centers.html", form=form, search=search, page=page), \
        422 if request.method == "POST" or not valid else 200


@bp.route("/centers/<slug>", methods=["GET", "POST"])
def center(slug: str):
    """Rename a center or change its region; archive or reopen it."""
    the_center = _center_or_404(slug)
    form = CenterForm(obj=the_center, center_id=the_center.id)
    if form.validate_on_submit():
        try:
            rename_center(the_center, name=form.name.data, region=form.region.data or "", actor_id=current_user.id)
        except CenterError as error:
            form.name.errors.append(str(error))
        else:
            flash("The center is saved.", "success")
            return redirect(url_for(".center", slug=slug))
    return render_template("site_admin/center.html", center=the_center, form=form, empty=EmptyForm()), \
        422 if request.method == "POST" else 200


@bp.post("/centers/<slug>/archive")
def archive(slug: str):
    """Archive (or, with restore, reopen) a center; nothing is deleted."""
    the_center = _center_or_404(slug)
    if EmptyForm().validate_on_submit():
        restore = request.args.get("restore") == "1"
        set_archived(the_center, archived=not restore, actor_id=current_user.id)
        flash(f"{the_center.name} is {'reopened' if restore else 'archived; its records are kept'}.", "success")
    return redirect(url_for(".center", slug=slug))


@bp.get("/users")
def users():
    """Every account, searched by name or email, paged."""
    form = UserSearchForm(request.args)
    valid = form.validate()
    page = selectors.users_page(form.q.data or "" if valid else "", form.page.data or 1 if valid else 1)
    return render_template("site_admin/users.html", form=form, page=page), 200 if valid else 422


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/users/<id:user_id>")
def user(user_id: int):
    """One account: its centers and roles, and the account actions."""
    account = _user_or_404(user_id)
    return render_template("site_admin/user.html", account=account, memberships=selectors.memberships_of(user_id),
                           empty=EmptyForm(), roles=selectors.ROLES_LABELS)


_ACTIONS = {
    "deactivate": (lambda u, a: accounts_admin.set_deactivated(u, deactivated=True, actor=a), "is deactivated"),
    "reactivate": (lambda u, a: accounts_admin.set_deactivated(u, deactivated=False, actor=a), "is reactivated"),
    "lock": (lambda u, a: accounts_admin.set_locked(u, locked=True, actor=a), "is locked"),
    "unlock": (lambda u, a: accounts_admin.set_locked(u, locked=False, actor=a), "is unlocked"),
    "reset": (lambda u, a: accounts_admin.send_reset_for(u, actor=a), "will get a password-reset email"),
    "grant_editor": (lambda u, a: accounts_admin.set_curriculum_editor(u, granted=True, actor=a),
                     "is a curriculum editor"),
    "revoke_editor": (lambda u, a: accounts_admin.set_curriculum_editor(u, granted=False, actor=a),
                      "is no longer a curriculum editor"),
}


@bp.post("/users/<id:user_id>/<any(deactivate, reactivate, lock, unlock, reset, grant_editor, revoke_editor):action>")
def account_action(user_id: int, action: str):
    """Deactivate, reactivate, lock, unlock, send a password reset, grant or revoke the curriculum-editor role."""
    account = _user_or_404(user_id)
    if EmptyForm().validate_on_submit():
        do, done = _ACTIONS[action]
        try:
            do(account, current_user._get_current_object())
        except accounts_admin.AccountError as error:
            flash(str(error), "error")
        else:
            flash(f"{account.full_name} {done}.", "success")
    return redirect(url_for(".user", user_id=user_id))


@bp.get("/audit")
def audit():
    """Everyone's audit log with filters and paging."""
    return render_audit(center=None, csv_endpoint="site_admin.audit_csv_view")


@bp.get("/audit.csv")
def audit_csv_view():
    """Everyone's filtered audit log as CSV."""
    return audit_csv(center=None, actor_id=current_user.id, filename="audit.csv")
