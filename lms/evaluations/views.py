"""The learner's course evaluation of a program (the step before its certificate) and the time-on-task beacons."""
from __future__ import annotations

import re

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.centers.service import primary_membership
from lms.curriculum.models import ModuleVersion
from lms.evaluations import selectors, service, time_on_task
from lms.evaluations.forms import attestation_text, evaluation_form
from lms.extensions import db
from lms.programs.selectors import program_for_user
from lms.programs.spec import ProgramSpec
from lms.progress.selectors import lesson_row

bp = Blueprint("evaluations", __name__)


def _program_or_404(slug: str):
    program = program_for_user(slug, current_user)
    if program is None:
        abort(404)
    return program, ProgramSpec.from_dict(program.current_version.spec)


@bp.route("/programs/<slug>/evaluation", methods=["GET", "POST"])
@login_required
def evaluate(slug: str):
    """The evaluation form; it opens once every module of the program is complete, and is taken once."""
    program, spec = _program_or_404(slug)
    version = program.current_version
    left = selectors.modules_left(current_user.id, spec.modules)
    done = selectors.has_evaluated(current_user.id, version.id)
    seconds = time_on_task.seconds_on_modules(current_user.id, spec.modules)
    statement = attestation_text(spec.ce_hours, round(seconds / 60))
    form = evaluation_form(spec.objectives)
    if request.method == "POST" and not left and not done and form.validate_on_submit():
        membership = primary_membership(current_user.id)
        try:
            service.submit_evaluation(
                user_id=current_user.id, version=version, center_id=membership.center_id if membership else None,
                ratings=form.ratings(), relevance=int(form.relevance.data),
                free_of_bias=form.free_of_bias.data == "yes", free_of_commercial_content=form.free_of_commercial.data
                == "yes", comments=form.comments.data or "", attestation=statement, recorded_seconds=seconds)
        except service.EvaluationRefused as exc:
            flash(str(exc), "error")
            return redirect(url_for("evaluations.evaluate", slug=slug))
        flash("Thank you: your evaluation is in. Your certificate is requested as soon as every requirement of "
              "the program is met.", "success")
        return redirect(url_for("certificates.mine"))
    status = 422 if request.method == "POST" else 200
    return render_template("evaluations/form.html", spec=spec, slug=slug, form=form, left=left, done=done,
                           statement=statement), status


@bp.post("/time/lessons/<id:version_id>/<lesson_slug>")
@login_required
def lesson_time(version_id: int, lesson_slug: str):
    """A beacon: seconds this lesson was visible (capped by the server)."""
    lesson = lesson_row(version_id, lesson_slug)
    if lesson is None:
        abort(404)
    return _record("lesson", lesson.id, db.session.get(ModuleVersion, version_id).module_id)


@bp.post("/time/quizzes/<id:quiz_version_id>")
@login_required
def quiz_time(quiz_version_id: int):
    """A beacon: seconds this quiz was visible (capped by the server)."""
    module_id = time_on_task.page_module("quiz", quiz_version_id)
    if module_id is None:
        abort(404)
    return _record("quiz", quiz_version_id, module_id)


def _record(kind: str, page_id: int, module_id: int):
    raw = request.form.get("seconds", "")
    if not re.fullmatch(r"[0-9]{1,6}", raw):
        return Response("seconds: a whole number of seconds is required", status=400, mimetype="text/plain")
    time_on_task.record_time(user_id=current_user.id, kind=kind, page_id=page_id, module_id=module_id,
                             seconds=int(raw))
    return Response(status=204, mimetype="text/plain")
