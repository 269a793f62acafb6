"""Team pages of a cohort: form a team; a team's page; add members one at a time from a paged search of the
learners in no team; rename, dissolve, move members. Center admins (and site
admins) change them; trainers and the team's own members see them."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.auth.forms import EmptyForm
from lms.centers import team_service
from lms.centers.access import cohort_for_admin_or_404, team_viewer_or_404
from lms.centers.cohort_forms import AddMemberForm, MoveForm, RenameForm, TeamForm, UnteamedSearchForm
from lms.centers.cohort_models import Cohort, Team
from lms.centers.cohort_service import CohortError
from lms.centers.cohort_views import _admin_write, _form_problem, bp
from lms.centers.selectors import unteamed_page
from lms.centers.team_rules import MAX_SIZE
from lms.extensions import db
from lms.reports.grid import GridQuery, cohort_grid, team_completion
from lms.timeutil import utcnow


@bp.post("/<id:cohort_id>/teams")
@login_required
def create_team(slug: str, cohort_id: int):
    """Form a team (named here; its members are added on its page)."""
    made: list[int] = []

    def write(found, form):
        team = team_service.create_team(found, name=form.name.data, user_ids=[], actor_id=current_user.id)
        made.append(team.id)
        return f"Formed the team “{team.name}”. Add its members below."
    response = _admin_write(slug, cohort_id, TeamForm, write, "#teams")
    if made:
        return redirect(url_for(".team", slug=slug, cohort_id=cohort_id, team_id=made[0]) + "#add")
    return response


def _team_or_404(found: Cohort, team_id: int) -> Team:
    team = db.session.get(Team, team_id)
    if team is None or team.cohort_id != found.id:
        abort(404)
    return team


def _admin_forms(found: Cohort, team_row: Team, view: team_service.TeamView) -> tuple[dict, int]:
    """The team page's forms for admins, with one page of the learners in no team (unless the team is full); 422
    when the search is invalid."""
    choices = [(0, "No team")] + [(t.id, t.name) for t in team_service.teams_of(found.id)]
    moves = {}
    for member in view.members:
        move = MoveForm(prefix=f"m{member.user_id}")
        move.team.choices = choices
        move.team.data = team_row.id
        moves[member.user_id] = move
    search = UnteamedSearchForm(request.args)
    valid = search.validate()
    forms = dict(rename=RenameForm(obj=team_row), moves=moves, delete=EmptyForm(), search=search, add=AddMemberForm())
    if len(view.members) < MAX_SIZE:
        forms["unteamed"] = unteamed_page(found.id, q=(search.q.data or "") if valid else "",
                                          page=(search.page.data or 1) if valid else 1)
    return forms, 200 if valid else 422


@bp.get("/<id:cohort_id>/teams/<id:team_id>")
@login_required
def team(slug: str, cohort_id: int, team_id: int):
    """A team's members side by side: statuses and dates for teammates, scores too for staff."""
    viewer, found, team_row = team_viewer_or_404(slug, cohort_id, team_id)
    today = utcnow().date()
    only_agency = viewer.agency if viewer is not None else None
    grid = cohort_grid(found.id, GridQuery(team_id=team_row.id, per_page=None, only_agency=only_agency), today=today)
    view = team_service.teams_of(found.id, team_row.id)[0]
    forms, status = _admin_forms(found, team_row, view) if viewer is not None and viewer.is_admin else ({}, 200)
    return render_template("cohorts/team.html", center=found.center, viewer=viewer, cohort=found, team=view,
                           grid=grid, completion=team_completion(grid, today=today),
                           scores=viewer is not None and viewer.sees_scores, forms=forms,
                           max_size=MAX_SIZE), status


@bp.post("/<id:cohort_id>/teams/<id:team_id>/members")
@login_required
def add_member(slug: str, cohort_id: int, team_id: int):
    """Add one learner of the cohort who is in no team yet; back to the same search and page of the list."""
    _, found = cohort_for_admin_or_404(slug, cohort_id)
    team_row = _team_or_404(found, team_id)
    form = AddMemberForm()
    valid = form.validate_on_submit()
    back = dict(q=form.q.data or None, page=int(form.page.data) if form.page.data else None) if valid else {}
    target = url_for(".team", slug=slug, cohort_id=cohort_id, team_id=team_id, **back) + "#add"
    if not valid:
        flash(_form_problem(form), "error")
        return redirect(target)
    try:
        name = team_service.add_member(found, team_row, user_id=int(form.user.data), actor_id=current_user.id)
    except CohortError as error:
        flash(str(error), "error")
        return redirect(target)
    flash(f"Added {name} to “{team_row.name}”.", "success")
    return redirect(target)


@bp.post("/<id:cohort_id>/teams/<id:team_id>/rename")
@login_required
def rename_team(slug: str, cohort_id: int, team_id: int):
    """Rename a team."""
    def write(found, form):
        team_service.rename_team(found, _team_or_404(found, team_id), name=form.name.data, actor_id=current_user.id)
        return "Renamed the team."
    return _admin_write(slug, cohort_id, RenameForm, write, "#teams")


@bp.post("/<id:cohort_id>/teams/<id:team_id>/delete")
@login_required
def delete_team(slug: str, cohort_id: int, team_id: int):
    """Dissolve a team; its members stay in the cohort."""
    def write(found, form):
        team_service.delete_team(found, _team_or_404(found, team_id), actor_id=current_user.id)
        return "Dissolved the team; its members are in no team now."
    return _admin_write(slug, cohort_id, EmptyForm, write, "#teams")


@bp.post("/<id:cohort_id>/members/<id:user_id>/team")
@login_required
def move_member(slug: str, cohort_id: int, user_id: int):
    """Move a learner to another team of the cohort, or out of teams."""
    def form_class():
        return MoveForm(prefix=f"m{user_id}")

    def write(found, form):
        team_service.move_member(found, user_id=user_id, team_id=form.team.data or None, actor_id=current_user.id)
        return "Moved."
    back = request.form.get("back", type=int)
    response = _admin_write(slug, cohort_id, form_class, write, "#teams")
    if back and response.status_code == 302:
        exists = db.session.get(Team, back)
        if exists is not None and exists.cohort_id == cohort_id:
            return redirect(url_for(".team", slug=slug, cohort_id=cohort_id, team_id=back))
    return response
