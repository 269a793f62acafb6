"""Learner pages: dashboard, module page, lesson page and "mark as done"."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from lms.auth.forms import EmptyForm
from lms.authoring.resource_service import lesson_html_for
from lms.curriculum.models import ModuleVersion
from lms.extensions import db
from lms.progress import selectors, service
from lms.quizzes import selectors as quiz_selectors
from lms.reports.learner_assignments import learner_assignments, my_teams, trained_cohorts
from lms.timeutil import utcnow

bp = Blueprint("progress", __name__)


@bp.get("/dashboard")
@login_required
def dashboard():
    """The learner's assignments by due date, their teams, cohorts they train, every module's progress, and the
    requirements of programs that need field activities or sessions."""
    from lms.practicum.dashboard import program_requirements

    return render_template("progress/dashboard.html", modules=selectors.learner_modules(current_user.id),
                           assignments=learner_assignments(current_user.id, today=utcnow().date()),
                           trained=trained_cohorts(current_user.id), teams=my_teams(current_user.id),
                           program_requirements=program_requirements(current_user))


def _progress_or_404(slug: str) -> selectors.ModuleProgress:
    progress = selectors.module_progress(current_user.id, slug)
    if progress is None:
        abort(404)
    return progress


@bp.get("/modules/<slug>")
@login_required
def module(slug: str):
    """Objectives, lessons, time and CE hours of the version the learner takes."""
    progress = _progress_or_404(slug)
    quiz = quiz_selectors.quiz_for(progress.version_id)
    attempts = quiz_selectors.attempts_of(current_user.id, quiz.id) if quiz else []
    from lms.evaluations.time_on_task import time_by_module

    spent = time_by_module(current_user.id, [progress.module_id])
    return render_template("progress/module.html", m=progress, version=progress.version, quiz=quiz,
                           minutes_spent=spent[0].minutes if spent else 0,
                           quiz_passed=any(a.passed for a in attempts),
                           best_score=max((a.score for a in attempts if a.score is not None), default=None))


@bp.get("/modules/<slug>/lessons/<lesson_slug>")
@login_required
def lesson(slug: str, lesson_slug: str):
    """One lesson, with previous/next and "mark as done"."""
    page = selectors.lesson_page_module(current_user.id, slug)
    found = page[0].lesson(lesson_slug) if page else None
    if found is None:
        abort(404)
    progress, last_attempt_failed = page
    position, content = found
    refs = progress.lessons
    review_due = last_attempt_failed and content.slug in _review_due(progress)
    return render_template("progress/lesson.html", m=progress, lesson=content, ref=refs[position - 1],
                           lesson_html=lesson_html_for(current_user.id, content.html),
                           position=position, review_due=review_due,
                           previous=refs[position - 2] if position > 1 else None,
                           following=refs[position] if position < len(refs) else None)


def _review_due(progress: selectors.ModuleProgress) -> set[str]:
    """Slugs of this module's lessons the learner must revisit before the next quiz attempt."""
    quiz = quiz_selectors.quiz_for(progress.version_id)
    if quiz is None:
        return set()
    due = service.lessons_to_review(user_id=current_user.id, version=db.session.get(ModuleVersion, progress.version_id),
                                    quiz=quiz, spec=quiz_selectors.spec_for(quiz))
    return {slug for slug, _ in due}


@bp.post("/modules/<slug>/lessons/<lesson_slug>/done")
@login_required
def mark_done(slug: str, lesson_slug: str):
    """Record the lesson as done and go on to the next one."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    progress = _progress_or_404(slug)
    item = selectors.lesson_row(progress.version_id, lesson_slug)
    if item is None:
        abort(404)
    if service.mark_lesson_done(user_id=current_user.id, lesson=item):
        flash(f"Module complete: {progress.version.title}. Well done.", "success")
        return redirect(url_for("progress.module", slug=slug))
    flash(f"Marked “{item.title}” as done.", "success")
    following = progress.lessons[item.position + 1] if item.position + 1 < len(progress.lessons) else None
    if following is not None:
        return redirect(url_for("progress.lesson", slug=slug, lesson_slug=following.slug))
    return redirect(url_for("progress.module", slug=slug))
