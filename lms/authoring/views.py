"""Authoring pages for a center's staff: drafts, the file editor with live preview, review, history."""
from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.auth.forms import EmptyForm
from lms.authoring import pipeline, selectors, service
from lms.authoring.access import center_for_staff_or_404, may_author, may_edit_shared
from lms.authoring.diff import diff_files
from lms.authoring.forms import ImageForm, NewModuleForm, RestoreForm, ZipForm
from lms.authoring.item_analysis import from_sums
from lms.authoring.item_analysis_sql import item_sums
from lms.authoring.quiz_preview import play, scenario_tree
from lms.authoring.restore import restores
from lms.authoring.service import DraftRefused, StaleDraft
from lms.negotiation import wants_json

bp = Blueprint("authoring", __name__, url_prefix="/centers/<slug>/authoring")


def _lock() -> int:
    """The draft version the form was loaded at; anything that is not a plausible version counts as stale (0)."""
    value = request.form.get("lock", "")
    return int(value) if value.isdigit() and len(value) <= 9 else 0


def _draft(slug: str, draft_id: int):
    center = center_for_staff_or_404(slug)
    return center, selectors.draft_or_404(center.id, draft_id)


def _back(slug: str, draft_id: int):
    return redirect(url_for(".draft", slug=slug, draft_id=draft_id))


@bp.get("")
@login_required
def index(slug: str):
    """The center's drafts and the modules it may start a draft of."""
    center = center_for_staff_or_404(slug)
    return render_template("authoring/index.html", center=center, drafts=selectors.center_drafts(center.id),
                           modules=selectors.published_modules(center.id), form=EmptyForm(),
                           new_form=NewModuleForm(), zip_form=ZipForm(), may_edit_shared=may_edit_shared(current_user))


@bp.post("/drafts")
@login_required
def start(slug: str):
    """Start (or reopen) the center's draft of a module."""
    center = center_for_staff_or_404(slug)
    try:
        draft = service.start_draft(center_id=center.id, slug=request.form.get("module", ""),
                                    actor_id=current_user.id)
    except DraftRefused as exc:
        flash(str(exc), "error")
        return redirect(url_for(".index", slug=slug))
    return _back(slug, draft.id)


@bp.get("/drafts/<id:draft_id>")
@login_required
def draft(slug: str, draft_id: int):
    """A draft: its files with their problems, lessons to add/rename/move/delete, and its review."""
    center, item = _draft(slug, draft_id)
    checked = pipeline.check_files(item.folder, item.files)
    source = service.module_source(item.slug)
    diffs = diff_files(source.files if source else {}, item.files, old_label="published", new_label="draft")
    return render_template("authoring/draft.html", center=center, draft=item, checked=checked, diffs=diffs,
                           lessons=pipeline.lesson_names(item.files), form=EmptyForm(),
                           may_change=may_author(current_user, center_id=center.id,
                                                 owner_center_id=center.id if item.center_owned else None),
                           can_approve=item.status == "in_review" and item.submitted_by_id != current_user.id)


def _editor(center, item, name: str, text: str, *, message: str | None = None, status: int = 200):
    checked = pipeline.check_files(item.folder, {**item.files, name: text})
    return render_template("authoring/editor.html", center=center, draft=item, name=name, text=text,
                           problems=checked.for_file(name), preview=pipeline.preview_html(checked, name, text),
                           message=message, form=EmptyForm(), path=pipeline.repo_path(item.folder, name),
                           image_form=ImageForm()), status


@bp.route("/drafts/<id:draft_id>/files/<name>", methods=["GET", "POST"])
@login_required
def edit(slug: str, draft_id: int, name: str):
    """Edit one file: a plain text area and the rendered preview; saving refuses a stale version."""
    center, item = _draft(slug, draft_id)
    if name not in item.files:
        return render_template("error.html", code=404, message="The draft has no such file."), 404
    if request.method == "GET":
        return _editor(center, item, name, item.files[name])
    text = request.form.get("text")
    if text is None:
        flash("Nothing to save.", "error")
        return _back(slug, draft_id)
    try:
        service.save_file(item, name=name, text=text, expected=_lock(), actor_id=current_user.id)
    except DraftRefused as exc:
        if wants_json():
            return jsonify(error=str(exc)), 409 if isinstance(exc, StaleDraft) else 422
        return _editor(center, item, name, text, message=str(exc), status=409 if isinstance(exc, StaleDraft) else 422)
    if wants_json():
        return jsonify(lock=item.lock_version, saved=f"Saved by {item.updated_by.full_name} at "
                                                     f"{item.updated_at:%H:%M:%S} UTC")
    flash(f"Saved {name}.", "success")
    return redirect(url_for(".edit", slug=slug, draft_id=draft_id, name=name))


@bp.get("/drafts/<id:draft_id>/files.zip")
@login_required
def download(slug: str, draft_id: int):
    """The draft's files as a ZIP in the file layout, for `flask lms content check` or an editor."""
    _, item = _draft(slug, draft_id)
    return Response(pipeline.zip_bytes(item.folder, item.files), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{item.folder}-draft.zip"'})


@bp.post("/drafts/<id:draft_id>/preview")
@login_required
def preview(slug: str, draft_id: int):
    """The rendered file and its problems for text not yet saved (for the editor's live preview)."""
    _, item = _draft(slug, draft_id)
    name, text = request.form.get("name", ""), request.form.get("text", "")
    if name not in item.files:
        return jsonify(html="", problems=[])
    checked = pipeline.check_files(item.folder, {**item.files, name: text})
    return jsonify(html=pipeline.preview_html(checked, name, text),
                   problems=[{"line": p.line, "message": p.message} for p in checked.for_file(name)])


def _lesson_action(slug: str, draft_id: int, action, done: str, **kwargs):
    _, item = _draft(slug, draft_id)
    try:
        action(item, expected=_lock(), actor_id=current_user.id, **kwargs)
        flash(done, "success")
    except DraftRefused as exc:
        flash(str(exc), "error")
    return _back(slug, draft_id)


@bp.post("/drafts/<id:draft_id>/lessons")
@login_required
def add_lesson(slug: str, draft_id: int):
    """Add a lesson at the end of the draft."""
    return _lesson_action(slug, draft_id, service.add_lesson, "Lesson added.",
                          lesson_slug=request.form.get("lesson_slug", ""), title=request.form.get("title", ""))


@bp.post("/drafts/<id:draft_id>/lessons/<name>/rename")
@login_required
def rename_lesson(slug: str, draft_id: int, name: str):
    """Give a lesson a new slug."""
    return _lesson_action(slug, draft_id, service.rename_lesson, "Lesson renamed.", name=name,
                          lesson_slug=request.form.get("lesson_slug", ""))


@bp.post("/drafts/<id:draft_id>/lessons/<name>/move")
@login_required
def move_lesson(slug: str, draft_id: int, name: str):
    """Move a lesson up or down."""
    return _lesson_action(slug, draft_id, service.move_lesson, "Lesson moved.", name=name,
                          offset=-1 if request.form.get("direction") == "up" else 1)


@bp.post("/drafts/<id:draft_id>/lessons/<name>/delete")
@login_required
def delete_lesson(slug: str, draft_id: int, name: str):
    """Remove a lesson from the draft."""
    return _lesson_action(slug, draft_id, service.delete_lesson, "Lesson deleted.", name=name)


@bp.post("/drafts/<id:draft_id>/submit")
@login_required
def submit(slug: str, draft_id: int):
    """Send the draft for review."""
    return _lesson_action(slug, draft_id, service.submit, "Sent for review.", note=request.form.get("note", ""))


@bp.post("/drafts/<id:draft_id>/send-back")
@login_required
def send_back(slug: str, draft_id: int):
    """Return the draft to its authors with a comment."""
    return _lesson_action(slug, draft_id, service.send_back, "Sent back with your comment.",
                          comment=request.form.get("comment", ""))


@bp.post("/drafts/<id:draft_id>/approve")
@login_required
def approve(slug: str, draft_id: int):
    """Approve and publish the draft as a new version."""
    return _lesson_action(slug, draft_id, service.approve_and_publish, "Approved and published.")


@bp.route("/drafts/<id:draft_id>/quiz", methods=["GET", "POST"])
@login_required
def quiz_preview(slug: str, draft_id: int):
    """Play the draft's quiz as a learner would (nothing is recorded) and see each scenario's branches."""
    center, item = _draft(slug, draft_id)
    checked = pipeline.check_files(item.folder, item.files)
    quiz = checked.item.quiz if checked.item else None
    state = play(quiz, request.form if request.method == "POST" else {}) if quiz else None
    trees = {q.id: scenario_tree(q) for q in quiz.questions if q.kind == "scenario"} if quiz else {}
    return render_template("authoring/quiz_preview.html", center=center, draft=item, quiz=quiz, state=state,
                           trees=trees, problems=checked.for_file(pipeline.QUIZ_FILE), form=EmptyForm())


@bp.get("/modules/<module>/history")
@login_required
def history(slug: str, module: str):
    """Every version of a module: who published it, when and why; compare two."""
    center = center_for_staff_or_404(slug)
    found = selectors.module_for_center_or_404(module, center.id)
    rows = selectors.history(found.id)
    sources = {version.number: source for version, source in rows}
    a, b = request.args.get("a", type=int), request.args.get("b", type=int)
    diffs = None
    if a in sources and b in sources and sources[a] and sources[b]:
        diffs = diff_files(sources[a].files, sources[b].files, old_label=f"version {a}", new_label=f"version {b}")
    return render_template("authoring/history.html", center=center, module=found, rows=rows, diffs=diffs, a=a, b=b,
                           restores=restores(found.id), restore_form=RestoreForm(),
                           may_restore=may_author(current_user, center_id=center.id,
                                                  owner_center_id=found.owner_center_id))


@bp.get("/modules/<module>/item-analysis")
@login_required
def item_analysis(slug: str, module: str):
    """Difficulty, discrimination and option choices per question of the current quiz, for the center's
    learners; `?format=csv` downloads the figures."""
    from lms.quizzes.selectors import quiz_for, spec_for

    center = center_for_staff_or_404(slug)
    found = selectors.module_for_center_or_404(module, center.id)
    quiz = quiz_for(found.current_version_id)
    if quiz is None:
        abort(404)
    spec = spec_for(quiz)
    correct = {q.id: set(q.correct_ids) if q.kind in ("single", "multiple") else
               {"true" if q.answer else "false"} if q.kind == "true_false" else set() for q in spec.questions}
    questions, options, attempts = item_sums(quiz.id, center.id)
    items = from_sums(questions, options, correct)
    if request.args.get("format") == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["question", "responses", "difficulty", "discrimination", "point_biserial", "choices", "flags"])
        for item in items:
            writer.writerow([item.question_id, item.responses, item.difficulty, item.discrimination,
                             item.point_biserial, " ".join(f"{k}={v}" for k, v in sorted(item.choices.items())),
                             "; ".join(item.flags)])
        return Response(out.getvalue(), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{found.slug}-item-analysis.csv"'})
    return render_template("authoring/item_analysis.html", center=center, module=found, items=items,
                           attempts=attempts, version=found.current_version)
