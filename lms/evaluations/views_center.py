"""A center's course-evaluation results per program: counts, averages, comments (paged) and a CSV export."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from lms.audit.service import record_event
from lms.centers.access import center_access_or_404
from lms.evaluations import selectors
from lms.programs.selectors import current_programs, program_by_slug
from lms.programs.spec import ProgramSpec
from lms.reports.csv_export import csv_response

bp = Blueprint("evaluation_results", __name__, url_prefix="/centers/<slug>/evaluations")


def _program_or_404(program_slug: str, center_id: int):
    program = program_by_slug(program_slug, center_id=center_id, include_archived=True)
    if program is None:
        abort(404)
    return program, ProgramSpec.from_dict(program.current_version.spec)


@bp.get("")
@login_required
def index(slug: str):
    """The programs whose evaluations the center can read."""
    access = center_access_or_404(slug, "center_admin")
    return render_template("evaluations/index.html", center=access.center,
                           programs=current_programs(center_id=access.center.id))


@bp.get("/<program_slug>")
@login_required
def results(slug: str, program_slug: str):
    """Averages per objective, relevance, bias and commercial answers, and the comments a page at a time."""
    access = center_access_or_404(slug, "center_admin")
    program, spec = _program_or_404(program_slug, access.center.id)
    page = request.args.get("page", "1")
    found = selectors.summary(program.id, access.center.id)
    return render_template("evaluations/results.html", center=access.center, spec=spec, program=program,
                           summary=found, comments=selectors.comments(
                               program.id, access.center.id, page=int(page) if page.isdecimal() and len(page) < 7
                               else 1))


@bp.get("/<program_slug>.csv")
@login_required
def results_csv(slug: str, program_slug: str):
    """Every evaluation of the program at the center, one anonymous line each."""
    access = center_access_or_404(slug, "center_admin")
    program, spec = _program_or_404(program_slug, access.center.id)
    record_event(action="report.exported", actor_id=current_user.id, target_type="program", target_id=program.id,
                 center_id=access.center.id, detail={"export": "evaluations"}, commit=True)
    header = [*selectors.CSV_HEADER_START, *[f"objective {i}" for i in range(1, len(spec.objectives) + 1)],
              "comments"]
    rows = list(selectors.csv_rows(program.id, access.center.id, len(spec.objectives)))
    return csv_response(f"{access.center.slug}-{program.slug}-evaluations.csv", header, rows)
