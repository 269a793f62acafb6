"""A center's home page and its people: members list, invite one person, a member's page, role, removal."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from lms.auth.forms import EmptyForm
from lms.auth.models import User
from lms.centers import invitations, members, selectors
from lms.centers.access import center_access_or_404
from lms.centers.forms import BoardFieldsForm, InviteForm, MemberFilterForm, RoleForm
from lms.extensions import db
from lms.timeutil import utcnow

bp = Blueprint("center_people", __name__, url_prefix="/centers/<slug>")

STAFF = ("center_admin", "trainer", "agency_coordinator")
READERS = ("center_admin", "agency_coordinator")


@bp.context_processor
def _now():
    """Pages compare lock times with now."""
    return {"now": utcnow()}


@bp.app_context_processor
def _has_endpoint():
    """The center navigation links pages of other areas only when they exist (has_endpoint('cohorts.index'))."""
    return {"has_endpoint": lambda name: name in current_app.view_functions}


@bp.get("/")
@login_required
def home(slug: str):
    """The center's home for its staff: counts and where to go next."""
    access = center_access_or_404(slug, *STAFF)
    counts = selectors.center_counts(access.center.id) if access.is_admin else {}
    return render_template("centers/home.html", access=access, center=access.center, counts=counts)


def _filter_form(center_id: int) -> MemberFilterForm:
    form = MemberFilterForm(request.args)
    form.agency.choices = [SelectChoice("", "Any agency")] + [
        SelectChoice(a, a) for a in selectors.agencies_of(center_id)]
    form.cohort.choices = [SelectChoice("", "Any cohort")] + [
        SelectChoice(c.id, c.name) for c in selectors.cohorts_of(center_id)]
    return form


@bp.get("/people")
@login_required
def people(slug: str):
    """Members with search, filters and paging (an agency coordinator sees only their agency, read-only)."""
    access = center_access_or_404(slug, *READERS)
    form = _filter_form(access.center.id)
    valid = form.validate()
    filters = selectors.MemberFilters(q=form.q.data or "", role=form.role.data or "",
                                      discipline=form.discipline.data or "", agency=form.agency.data or "",
                                      cohort=form.cohort.data, status=form.status.data or "",
                                      page=form.page.data or 1) if valid else selectors.MemberFilters()
    page = selectors.members_page(access.center.id, filters, agency_only=access.agency_only)
    return render_template("centers/people.html", access=access, center=access.center, form=form, page=page,
                           roles=selectors.ROLES_LABELS), 200 if valid else 422


@bp.route("/people/invite", methods=["GET", "POST"])
@login_required
def invite(slug: str):
    """Invite one person: a new account gets an invitation link by email; an existing one joins at once."""
    access = center_access_or_404(slug, "center_admin")
    form = InviteForm()
    if request.method == "GET" and request.args.get("role") in selectors.ROLES_LABELS:
        form.role.data = request.args["role"]
    if form.validate_on_submit():
        try:
            outcome = invitations.invite_person(
                center=access.center, email=form.email.data, full_name=form.full_name.data,
                discipline=form.discipline.data, agency=form.agency.data or "", role=form.role.data,
                actor=current_user._get_current_object())
        except invitations.InvitationError as error:
            form.email.errors.append(str(error))
        else:
            flash(f"Invitation sent to {outcome.user.email}." if outcome.invited else
                  f"{outcome.user.email} already had an account and is now a member; we told them by email.",
                  "success")
            return redirect(url_for(".member", slug=slug, user_id=outcome.user.id))
    return render_template("centers/invite.html", access=access, center=access.center, form=form), \
        422 if request.method == "POST" else 200


def _member_or_404(access, user_id: int):
    membership = members.membership_or_404(access.center, user_id)
    user = db.session.get(User, user_id)
    if access.agency_only is not None and (not user.agency or user.agency != access.agency_only):
        abort(404)
    return membership, user


@bp.get("/people/<id:user_id>")
@login_required
def member(slug: str, user_id: int):
    """One member: profile, board fields, cohorts and teams, invitation; role and removal for admins."""
    access = center_access_or_404(slug, *READERS)
    membership, user = _member_or_404(access, user_id)
    return render_template("centers/member.html", access=access, center=access.center, membership=membership,
                           user=user, record=selectors.member_record(access.center.id, user_id),
                           role_form=RoleForm(role=membership.role), board_form=BoardFieldsForm(obj=user),
                           empty=EmptyForm(), roles=selectors.ROLES_LABELS)


def _admin_member(slug: str, user_id: int):
    """(access, membership, user) for a center admin acting on one member; 404 otherwise."""
    access = center_access_or_404(slug, "center_admin")
    return (access, *_member_or_404(access, user_id))


def _back(slug: str, user_id: int):
    return redirect(url_for(".member", slug=slug, user_id=user_id))


@bp.post("/people/<id:user_id>/role")
@login_required
def change_role(slug: str, user_id: int):
    """Give the member another role."""
    access, membership, user = _admin_member(slug, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash("Choose a role from the list.", "error")
        return _back(slug, user_id)
    try:
        members.change_role(membership, role=form.role.data, actor=current_user._get_current_object())
    except members.MemberError as error:
        flash(str(error), "error")
    else:
        flash(f"{user.full_name} is now {selectors.ROLES_LABELS[form.role.data]}.", "success")
    return _back(slug, user_id)


@bp.post("/people/<id:user_id>/remove")
@login_required
def remove(slug: str, user_id: int):
    """Take the member off the center's lists; their records stay."""
    access, membership, user = _admin_member(slug, user_id)
    if not EmptyForm().validate_on_submit():
        flash("The form expired; try again.", "error")
        return _back(slug, user_id)
    try:
        members.remove_member(membership, actor=current_user._get_current_object())
    except members.MemberError as error:
        flash(str(error), "error")
        return _back(slug, user_id)
    flash(f"{user.full_name} is removed from {access.center.name}. Their progress and certificates are kept.",
          "success")
    return redirect(url_for(".people", slug=slug))


@bp.post("/people/<id:user_id>/profile")
@login_required
def board_fields(slug: str, user_id: int):
    """Save the member's badge/employee number and license fields."""
    access, _membership, user = _admin_member(slug, user_id)
    form = BoardFieldsForm()
    if not form.validate_on_submit():
        for name, errors in form.errors.items():
            flash(f"{getattr(form, name).label.text}: {' '.join(errors)}", "error")
        return _back(slug, user_id)
    members.update_board_fields(user, center_id=access.center.id, actor=current_user._get_current_object(),
                                **{name: getattr(form, name).data for name in members.BOARD_FIELDS})
    flash("The board fields are saved.", "success")
    return _back(slug, user_id)


@bp.post("/people/<id:user_id>/resend")
@login_required
def resend(slug: str, user_id: int):
    """Send a fresh invitation link (the earlier one stops working)."""
    access, _membership, user = _admin_member(slug, user_id)
    if EmptyForm().validate_on_submit():
        try:
            invitations.resend_invitation(center=access.center, user=user, actor=current_user._get_current_object())
        except invitations.InvitationError as error:
            flash(str(error), "error")
        else:
            flash(f"A new invitation is on its way to {user.email}.", "success")
    return _back(slug, user_id)



from lms.centers import views_audit, views_roster  # noqa: E402,F401  (their routes are on this blueprint)
