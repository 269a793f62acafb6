"""Learner pages: dashboard, module page, lesson page and "mark as done"."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.auth.forms import EmptyForm
from lms.curriculum.models import Lesson
from lms.extensions import db
from lms.progress import selectors, service

bp = Blueprint("progress", __name__)


@bp.get("/dashboard")
@login_required
def dashboard():
    """Every module with its progress bar and a continue link."""
    modules = selectors.learner_modules(current_user.id)
    return render_template("progress/dashboard.html", modules=modules)


def _module_progress_or_404(slug: str) -> selectors.ModuleProgress:
    found = selectors.learner_modules(current_user.id, slug=slug)
    if not found:
        abort(404)
    return found[0]


@bp.get("/modules/<slug>")
@login_required
def module(slug: str):
    """Objectives, lessons, time and CE hours of the version the learner takes."""
    progress = _module_progress_or_404(slug)
    return render_template("progress/module.html", m=progress, version=progress.version)


@bp.get("/modules/<slug>/lessons/<lesson_slug>")
@login_required
def lesson(slug: str, lesson_slug: str):
    """One lesson, with previous/next and "mark as done"."""
    progress = _module_progress_or_404(slug)
    refs = progress.lessons
    index = next((i for i, ref in enumerate(refs) if ref.slug == lesson_slug), None)
    if index is None:
        abort(404)
    item = db.session.get(Lesson, refs[index].id)
    return render_template("progress/lesson.html", m=progress, lesson=item, ref=refs[index], form=EmptyForm(),
                           previous=refs[index - 1] if index > 0 else None,
                           following=refs[index + 1] if index + 1 < len(refs) else None,
                           position=index + 1)


@bp.post("/modules/<slug>/lessons/<lesson_slug>/done")
@login_required
def mark_done(slug: str, lesson_slug: str):
    """Record the lesson as done and go on to the next one."""
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    progress = _module_progress_or_404(slug)
    item = db.session.scalar(select(Lesson).where(Lesson.version_id == progress.version.id,
                                                  Lesson.slug == lesson_slug))
    if item is None:
        abort(404)
    completed = service.mark_lesson_done(user_id=current_user.id, lesson=item)
    refs = progress.lessons
    index = next(i for i, ref in enumerate(refs) if ref.id == item.id)
    if completed:
        flash(f"Module complete: {progress.version.title}. Well done.", "success")
        return redirect(url_for("progress.module", slug=slug))
    flash(f"Marked “{item.title}” as done.", "success")
    if index + 1 < len(refs):
        return redirect(url_for("progress.lesson", slug=slug, lesson_slug=refs[index + 1].slug))
    return redirect(url_for("progress.module", slug=slug))
