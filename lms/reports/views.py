"""Progress reports for trainers, center admins and agency coordinators: the cohort grid, a learner's record
(with staff review of quiz attempts), the center overview, and their CSV exports incl. POST and CE rosters."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.audit.service import record_event
from lms.auth.models import DISCIPLINES
from lms.centers.access import center_viewer_or_404, cohort_for_viewer_or_404, learner_for_viewer_or_404
from lms.centers.team_service import teams_of
from lms.curriculum.models import ModuleVersion
from lms.extensions import db
from lms.programs.models import Program
from lms.programs.selectors import program_by_slug
from lms.quizzes import selectors as quiz_selectors
from lms.quizzes.taking import result_view
from lms.reports import grid as grids
from lms.reports import overview as overviews
from lms.reports import record as records
from lms.reports import rosters
from lms.reports.csv_export import csv_response
from lms.reports.grid_requirements import requirement_cell_html
from lms.timeutil import utcnow

bp = Blueprint("reports", __name__, url_prefix="/centers/<slug>")
bp.add_app_template_global(grids.cell_html, "grid_cell")
bp.add_app_template_global(requirement_cell_html, "requirement_cell")


def _exported(viewer, what: str, target_type: str, target_id) -> None:
    record_event(action="report.exported", actor_id=current_user.id, target_type=target_type, target_id=target_id,
                 center_id=viewer.center.id, detail={"export": what}, commit=True)


def _grid_for(slug: str, cohort_id: int, *, per_page_all: bool):
    viewer, cohort = cohort_for_viewer_or_404(slug, cohort_id)
    query = grids.GridQuery.from_args(request.args, only_agency=viewer.agency)
    if per_page_all:
        query = replace(query, per_page=None, page=1)
    return viewer, cohort, grids.cohort_grid(cohort.id, query, today=utcnow().date())


@bp.get("/cohorts/<id:cohort_id>/grid")
@login_required
def grid(slug: str, cohort_id: int):
    """Learners × required modules: status, % or completion date, best score, overdue; filters, sort, pages."""
    viewer, cohort, found = _grid_for(slug, cohort_id, per_page_all=False)
    programs = db.session.scalars(select(Program).where(Program.id.in_(
        [a.program_id for a in found.assignments if a.program_id]))).all()
    return render_template("reports/grid.html", center=viewer.center, viewer=viewer, cohort=cohort, grid=found,
                           sorts=grids.SORTS, page_sizes=grids.PAGE_SIZES, no_team=grids.NO_TEAM,
                           programs=programs, args=request.args.to_dict(), scores=viewer.sees_scores,
                           disciplines=DISCIPLINES, record_url=_prefix("reports.record", slug=slug, user_id=0),
                           team_url=_prefix("cohorts.team", slug=slug, cohort_id=cohort.id, team_id=0))


def _prefix(endpoint: str, **values) -> str:
    """The URL of `endpoint` without its last path segment, so a page of thousands of rows builds links by
    appending ids instead of calling url_for for each."""
    return url_for(endpoint, **values).rsplit("/", 1)[0] + "/"


@bp.get("/cohorts/<id:cohort_id>/grid.csv")
@login_required
def grid_csv(slug: str, cohort_id: int):
    """The whole filtered, sorted grid as CSV."""
    viewer, cohort, found = _grid_for(slug, cohort_id, per_page_all=True)
    _exported(viewer, "grid", "cohort", cohort.id)
    return csv_response(f"cohort-{cohort.id}-grid.csv", grids.grid_csv_header(found, with_scores=viewer.sees_scores),
                        grids.grid_csv_rows(found, with_scores=viewer.sees_scores))


@bp.get("/cohorts/<id:cohort_id>/teams.csv")
@login_required
def teams_csv(slug: str, cohort_id: int):
    """The cohort's teams with their members, warnings and team completion, as CSV."""
    viewer, cohort, found = _grid_for(slug, cohort_id, per_page_all=True)
    _exported(viewer, "teams", "cohort", cohort.id)
    return csv_response(f"cohort-{cohort.id}-teams.csv", grids.TEAMS_CSV_HEADER,
                        list(grids.teams_csv_rows(found, teams_of(cohort.id), today=utcnow().date())))


def _center_reader_or_404(slug: str):
    """The viewer, if they read the whole center: its admins, site admins, agency coordinators (their agency)."""
    viewer = center_viewer_or_404(slug)
    if not (viewer.is_admin or viewer.agency is not None):
        abort(404)
    return viewer


def _overview(slug: str):
    viewer = _center_reader_or_404(slug)
    return viewer, overviews.center_overview(viewer.center.id, now=utcnow(), agency=viewer.agency)


@bp.get("/overview")
@login_required
def overview(slug: str):
    """Per program: enrolled, in progress, completed, overdue, certified, certificates expiring soon."""
    viewer, lines = _overview(slug)
    return render_template("reports/overview.html", center=viewer.center, viewer=viewer, lines=lines,
                           windows=overviews.WINDOWS)


@bp.get("/overview.csv")
@login_required
def overview_csv(slug: str):
    """The overview as CSV."""
    viewer, lines = _overview(slug)
    _exported(viewer, "overview", "center", viewer.center.id)
    return csv_response(f"{viewer.center.slug}-overview.csv", overviews.OVERVIEW_CSV_HEADER,
                        overviews.overview_csv_rows(lines))


def _record(slug: str, user_id: int):
    viewer, user = learner_for_viewer_or_404(slug, user_id)
    cohorts = None if viewer.is_admin or viewer.agency is not None else viewer.trained
    return viewer, records.learner_record(user, center_id=viewer.center.id, today=utcnow().date(),
                                          cohort_ids=cohorts)


@bp.get("/learners/<id:user_id>")
@login_required
def record(slug: str, user_id: int):
    """One learner's lessons, quiz attempts (linked to their reviews), completions, certificates, cohorts."""
    viewer, found = _record(slug, user_id)
    return render_template("reports/record.html", center=viewer.center, viewer=viewer, record=found)


@bp.get("/learners/<id:user_id>.csv")
@login_required
def record_csv(slug: str, user_id: int):
    """The learner's record as CSV."""
    viewer, found = _record(slug, user_id)
    _exported(viewer, "record", "user", user_id)
    return csv_response(f"learner-{user_id}-record.csv", records.RECORD_CSV_HEADER,
                        records.record_csv_rows(found, with_scores=viewer.sees_scores))


@bp.get("/learners/<id:user_id>/attempts/<id:attempt_id>")
@login_required
def attempt_review(slug: str, user_id: int, attempt_id: int):
    """A submitted attempt's review as its learner sees it, for staff who may read the learner's record."""
    viewer, user = learner_for_viewer_or_404(slug, user_id)
    attempt = quiz_selectors.attempt_of(user.id, attempt_id)
    if attempt is None or attempt.submitted_at is None or not viewer.sees_scores:
        abort(404)
    spec = quiz_selectors.spec_for(attempt.quiz_version)
    version = db.session.get(ModuleVersion, attempt.quiz_version.module_version_id)
    view = result_view(spec, attempt, {s["key"]: s["text"] for s in version.sources})
    record_event(action="quiz.attempt_viewed_by_staff", actor_id=current_user.id, target_type="quiz_attempt",
                 target_id=attempt.id, center_id=viewer.center.id, commit=True)
    return render_template("reports/attempt.html", center=viewer.center, learner=user, view=view, attempt=attempt,
                           spec=spec, module_title=version.title)


def _program_or_404(program_slug: str, center_id: int) -> Program:
    program = program_by_slug(program_slug, center_id=center_id, include_archived=True)
    if program is None:
        abort(404)
    return program


def _roster(viewer, program, layout: str, cohort_id: int | None, filename: str):
    found = rosters.completers(program, center_id=viewer.center.id, layout=layout, cohort_id=cohort_id,
                               agency=viewer.agency)
    _exported(viewer, f"{layout} roster of {program.slug}", "cohort" if cohort_id else "center",
              cohort_id or viewer.center.id)
    if layout == "post":
        return csv_response(filename, rosters.POST_HEADER, rosters.post_rows(program, found,
                                                                             center_id=viewer.center.id))
    return csv_response(filename, rosters.CE_HEADER, rosters.ce_rows(program, found, center_id=viewer.center.id))


@bp.get("/cohorts/<id:cohort_id>/rosters/<program_slug>/<any(post, ce):layout>.csv")
@login_required
def cohort_roster(slug: str, cohort_id: int, program_slug: str, layout: str):
    """POST or CE roster of the cohort's learners who completed the program."""
    viewer, cohort = cohort_for_viewer_or_404(slug, cohort_id)
    return _roster(viewer, _program_or_404(program_slug, viewer.center.id), layout, cohort.id,
                   f"cohort-{cohort.id}-{program_slug}-{layout}-roster.csv")


@bp.get("/rosters/<program_slug>/<any(post, ce):layout>.csv")
@login_required
def center_roster(slug: str, program_slug: str, layout: str):
    """POST or CE roster of every member of the center who completed the program."""
    viewer = _center_reader_or_404(slug)
    return _roster(viewer, _program_or_404(program_slug, viewer.center.id), layout, None,
                   f"{viewer.center.slug}-{program_slug}-{layout}-roster.csv")
