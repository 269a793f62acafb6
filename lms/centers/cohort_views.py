"""Cohort pages of a center: list and create cohorts; one cohort's trainers, learners, assignments and teams
(team pages are in team_views.py, on this blueprint). Center admins (and site admins) change them; trainers see
the cohorts they train."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.auth.forms import EmptyForm
from lms.auth.models import User
from lms.centers import cohort_service, team_service
from lms.centers.access import (
    center_for_admin_or_404,
    center_viewer_or_404,
    cohort_for_admin_or_404,
    cohort_for_viewer_or_404,
)
from lms.centers.cohort_forms import AssignForm, CohortForm, LearnersForm, TeamForm, TrainerForm
from lms.centers.cohort_models import CohortTrainer
from lms.centers.cohort_service import CohortError
from lms.centers.forms import CohortSearchForm
from lms.centers.selectors import cohort_learners_page, cohorts_page
from lms.extensions import db
from lms.programs.models import Program
from lms.reports.grid import cohort_columns

bp = Blueprint("cohorts", __name__, url_prefix="/centers/<slug>/cohorts")


def _done(slug: str, cohort_id: int | None, message: str | None, anchor: str = ""):
    if message:
        flash(message, "success")
    target = url_for(".cohort", slug=slug, cohort_id=cohort_id) if cohort_id else url_for(".index", slug=slug)
    return redirect(target + anchor)


def _form_problem(form) -> str:
    return " ".join(e for errors in form.errors.values() for e in errors) or "Check the form and try again."


@bp.get("")
@login_required
def index(slug: str):
    """The center's cohorts the user may see; center admins also get the form to create one."""
    viewer = center_viewer_or_404(slug)
    search = CohortSearchForm(request.args)
    valid = search.validate()
    page = cohorts_page(viewer.center.id, only=None if viewer.is_admin or viewer.agency else viewer.trained,
                        q=search.q.data or "" if valid else "", page=search.page.data or 1 if valid else 1)
    return render_template("cohorts/list.html", center=viewer.center, viewer=viewer, page=page, search=search,
                           form=CohortForm()), 200 if valid else 422


@bp.post("")
@login_required
def create(slug: str):
    """Create a cohort."""
    center = center_for_admin_or_404(slug)
    form = CohortForm()
    if not form.validate_on_submit():
        flash(_form_problem(form), "error")
        return redirect(url_for(".index", slug=slug))
    try:
        cohort = cohort_service.create_cohort(center_id=center.id, name=form.name.data, starts_on=form.starts_on.data,
                                              ends_on=form.ends_on.data, actor_id=current_user.id)
    except CohortError as error:
        flash(str(error), "error")
        return redirect(url_for(".index", slug=slug))
    return _done(slug, cohort.id, f"Created the cohort “{cohort.name}”. Add trainers, learners and assignments.")


def _people(cohort_id: int, model):
    return db.session.execute(select(User).join(model, model.user_id == User.id)
                              .where(model.cohort_id == cohort_id).order_by(User.full_name)).scalars().all()


@bp.get("/<id:cohort_id>")
@login_required
def cohort(slug: str, cohort_id: int):
    """One cohort: dates, trainers, assignments, teams with their warnings, learners (paged); forms for center
    admins."""
    viewer, found = cohort_for_viewer_or_404(slug, cohort_id)
    learners = cohort_learners_page(found.id, agency=viewer.agency, page=request.args.get("page", 1, type=int))
    teams = team_service.teams_of(found.id)
    assignments, _, columns = cohort_columns(found.id)
    forms = {}
    if viewer.is_admin:
        trainer = TrainerForm()
        trainer.user.choices = cohort_service.trainer_choices(found.center_id)
        assign = AssignForm()
        assign.target.choices = cohort_service.target_choices(found.center_id)
        team = TeamForm()
        team.name.id = team.name.label.field_id = "team-name"  # the cohort's own name field is on the page too
        forms = dict(edit=CohortForm(obj=found), trainer=trainer, learners=LearnersForm(), assign=assign, team=team)
    return render_template("cohorts/cohort.html", center=viewer.center, viewer=viewer, cohort=found,
                           trainers=_people(found.id, CohortTrainer), learners=learners, teams=teams,
                           assignments=assignments, titles=_assignment_titles(assignments, columns),
                           forms=forms)


def _assignment_titles(assignments, columns) -> dict[int, str]:
    by_module = {c.module_id: c.title for c in columns}
    programs = {a.program_id for a in assignments if a.program_id}
    names = {p.id: (p.current_version.title if p.current_version else p.slug) for p in db.session.scalars(
        select(Program).where(Program.id.in_(programs)))} if programs else {}
    return {a.id: (f"Program: {names.get(a.program_id, '')}" if a.program_id
                   else f"Module: {by_module.get(a.module_id, '')}") for a in assignments}


def _admin_write(slug: str, cohort_id: int, form_class, write, anchor: str = ""):
    """Validate `form_class`, run `write(cohort, form)` returning the success message; errors are flashed."""
    _, found = cohort_for_admin_or_404(slug, cohort_id)
    form = form_class()
    if not form.validate_on_submit():
        flash(_form_problem(form), "error")
        return redirect(url_for(".cohort", slug=slug, cohort_id=cohort_id) + anchor)
    try:
        message = write(found, form)
    except CohortError as error:
        flash(str(error), "error")
        return redirect(url_for(".cohort", slug=slug, cohort_id=cohort_id) + anchor)
    return _done(slug, cohort_id, message, anchor)


@bp.post("/<id:cohort_id>/edit")
@login_required
def edit(slug: str, cohort_id: int):
    """Rename the cohort or change its dates."""
    def write(found, form):
        cohort_service.update_cohort(found, name=form.name.data, starts_on=form.starts_on.data,
                                     ends_on=form.ends_on.data, actor_id=current_user.id)
        return "Saved the cohort."
    return _admin_write(slug, cohort_id, CohortForm, write)


@bp.post("/<id:cohort_id>/archive")
@login_required
def archive(slug: str, cohort_id: int):
    """Archive the cohort, or bring an archived one back."""
    def write(found, form):
        archived = found.archived_at is None
        cohort_service.set_archived(found, archived=archived, actor_id=current_user.id)
        return "Archived the cohort." if archived else "The cohort is active again."
    return _admin_write(slug, cohort_id, EmptyForm, write)


@bp.post("/<id:cohort_id>/trainers")
@login_required
def add_trainer(slug: str, cohort_id: int):
    """Add a trainer to the cohort."""
    def write(found, form):
        cohort_service.add_trainer(found, user_id=form.user.data, actor_id=current_user.id)
        return "Added the trainer."
    return _admin_write(slug, cohort_id, TrainerForm, write, "#trainers")


@bp.post("/<id:cohort_id>/trainers/<id:user_id>/remove")
@login_required
def remove_trainer(slug: str, cohort_id: int, user_id: int):
    """Stop a person training the cohort."""
    def write(found, form):
        cohort_service.remove_trainer(found, user_id=user_id, actor_id=current_user.id)
        return "Removed the trainer."
    return _admin_write(slug, cohort_id, EmptyForm, write, "#trainers")


@bp.post("/<id:cohort_id>/learners")
@login_required
def add_learners(slug: str, cohort_id: int):
    """Add center members to the cohort by email (all or none)."""
    def write(found, form):
        added = cohort_service.add_learners(found, emails=cohort_service.parse_emails(form.emails.data),
                                            actor_id=current_user.id)
        return f"Added {added} learner{'s' if added != 1 else ''}."
    return _admin_write(slug, cohort_id, LearnersForm, write, "#learners")


@bp.post("/<id:cohort_id>/learners/<id:user_id>/remove")
@login_required
def remove_learner(slug: str, cohort_id: int, user_id: int):
    """Take a learner out of the cohort (their records stay)."""
    def write(found, form):
        cohort_service.remove_learner(found, user_id=user_id, actor_id=current_user.id)
        return "Removed the learner from the cohort."
    return _admin_write(slug, cohort_id, EmptyForm, write, "#learners")


@bp.post("/<id:cohort_id>/assignments")
@login_required
def assign(slug: str, cohort_id: int):
    """Assign a program or module with a due date."""
    def write(found, form):
        cohort_service.assign(found, target=form.target.data or "", due_on=form.due_on.data,
                              actor_id=current_user.id)
        return f"Assigned, due {form.due_on.data:%b %-d, %Y}."
    return _admin_write(slug, cohort_id, AssignForm, write, "#assignments")


@bp.post("/<id:cohort_id>/assignments/<id:assignment_id>/remove")
@login_required
def unassign(slug: str, cohort_id: int, assignment_id: int):
    """Remove an assignment."""
    def write(found, form):
        cohort_service.unassign(found, assignment_id=assignment_id, actor_id=current_user.id)
        return "Removed the assignment."
    return _admin_write(slug, cohort_id, EmptyForm, write, "#assignments")
