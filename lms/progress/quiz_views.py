"""Taking a module's quiz: landing page, one question per page (autosaved with JS), submit once, results."""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.auth.forms import EmptyForm
from lms.curriculum.models import ModuleVersion
from lms.curriculum.render import citation_markdown, render_snippet
from lms.extensions import db
from lms.negotiation import wants_json
from lms.progress import selectors
from lms.progress.service import ReviewRequired, start_quiz
from lms.quizzes import selectors as quiz_selectors
from lms.quizzes.answers import BadAnswer, answer_from_form
from lms.quizzes.layout import Layout
from lms.quizzes.service import (
    AttemptClosed,
    AttemptsExhausted,
    DecisionRefused,
    answers_of,
    record_decision,
    save_answer,
    submit_attempt,
)
from lms.quizzes.spec import questions_per_attempt
from lms.quizzes.taking import attempt_view, result_view, review_plan
from lms.timeutil import utcnow

bp = Blueprint("quiz", __name__)


@bp.app_template_filter("markdown")
def _markdown_filter(text: str) -> str:
    return render_snippet(text or "")


@bp.app_template_filter("citation")
def _citation_filter(text: str) -> str:
    """A source's citation rendered like a lesson footnote: italics and clickable web addresses."""
    return render_snippet(citation_markdown(text or ""))


def _module_quiz_or_404(slug: str):
    progress = selectors.module_progress(current_user.id, slug)
    quiz = quiz_selectors.quiz_for(progress.version_id) if progress else None
    if quiz is None:
        abort(404)
    return progress, quiz, quiz_selectors.spec_for(quiz)


@bp.get("/modules/<slug>/quiz")
@login_required
def landing(slug: str):
    """What the quiz asks, attempts so far, and a start or resume button."""
    progress, quiz, spec = _module_quiz_or_404(slug)
    attempts = quiz_selectors.attempts_of(current_user.id, quiz.id)
    return render_template("quizzes/landing.html", m=progress, quiz=quiz, spec=spec, attempts=attempts,
                           form=EmptyForm(), questions=len(Layout.from_dict(attempts[0].layout).question_ids)
                           if attempts else questions_per_attempt(spec, current_user.discipline))


@bp.post("/modules/<slug>/quiz/start")
@login_required
def start(slug: str):
    """Resume the open attempt or start a new one."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    progress, quiz, spec = _module_quiz_or_404(slug)
    version = db.session.get(ModuleVersion, progress.version_id)
    try:
        attempt = start_quiz(user_id=current_user.id, version=version, quiz=quiz, spec=spec,
                             audience=current_user.discipline)
    except (AttemptsExhausted, ReviewRequired) as error:
        flash(str(error), "error")
        return redirect(url_for("quiz.landing", slug=slug))
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id))


def _attempt_or_404(attempt_id: int):
    attempt = quiz_selectors.attempt_of(current_user.id, attempt_id)
    if attempt is None:
        abort(404)
    return attempt, quiz_selectors.spec_for(attempt.quiz_version)


def _submit(attempt, spec) -> bool:
    return submit_attempt(attempt_id=attempt.id, user_id=current_user.id, spec=spec,
                          module_version_id=attempt.quiz_version.module_version_id)


@bp.get("/attempts/<id:attempt_id>")
@login_required
def attempt(attempt_id: int):
    """One question of an open attempt (?q=N), with the list of questions and the submit button."""
    attempt, spec = _attempt_or_404(attempt_id)
    if attempt.submitted_at is not None:
        return redirect(url_for("quiz.result", attempt_id=attempt.id))
    if attempt.deadline is not None and attempt.deadline <= utcnow():
        _submit(attempt, spec)
        flash("Time is up. Your saved answers have been graded.", "info")
        return redirect(url_for("quiz.result", attempt_id=attempt.id))
    view = attempt_view(spec, attempt, answers_of(attempt.id), request.args.get("q", type=int))
    return render_template("quizzes/attempt.html", view=view, attempt=attempt, spec=spec)


def _after_save(attempt, view_index: int, message: str | None = None, status: int = 200):
    if wants_json():
        return jsonify(saved=message is None, message=message or "Saved"), status
    if message:
        flash(message, "error")
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id, q=view_index))


def _posted_question(attempt_id: int):
    """The attempt, its spec, and the posted question id with its 1-based place (None when not in the attempt)."""
    attempt, spec = _attempt_or_404(attempt_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    ids = Layout.from_dict(attempt.layout).question_ids
    question_id = request.form.get("question", "")
    if question_id not in ids:
        return attempt, spec, None, 1
    return attempt, spec, question_id, ids.index(question_id) + 1


@bp.post("/attempts/<id:attempt_id>/answer")
@login_required
def answer(attempt_id: int):
    """Save the answer to one question (plain form post, or fetch from the autosave script)."""
    attempt, spec, question_id, index = _posted_question(attempt_id)
    if question_id is None:
        return _after_save(attempt, 1, "That question is not part of this attempt.", 422)
    try:
        value = answer_from_form(spec.question(question_id), request.form.getlist("answer"))
        save_answer(attempt=attempt, question_id=question_id, value=value)
    except BadAnswer as error:
        return _after_save(attempt, index, str(error), 422)
    except AttemptClosed as error:
        return _after_save(attempt, index, str(error), 409)
    go = request.form.get("go", type=int)
    return _after_save(attempt, go if go else index)


@bp.post("/attempts/<id:attempt_id>/decide")
@login_required
def decide(attempt_id: int):
    """Record one scenario decision; the page then shows its feedback (if immediate) and the next step."""
    attempt, spec, question_id, index = _posted_question(attempt_id)
    if question_id is None:
        return _after_save(attempt, 1, "That question is not part of this attempt.", 422)
    option = request.form.get("answer", "")
    if not option:
        return _after_save(attempt, index, "Choose one of the options.", 422)
    try:
        record_decision(attempt=attempt, spec=spec, question_id=question_id,
                        step_id=request.form.get("step", ""), option_id=option)
    except DecisionRefused:
        return _after_save(attempt, index, "That decision no longer fits this scenario; the page now shows "
                                           "where you are.", 409)
    except AttemptClosed as error:
        return _after_save(attempt, index, str(error), 409)
    return _after_save(attempt, index)


@bp.post("/attempts/<id:attempt_id>/submit")
@login_required
def submit(attempt_id: int):
    """Grade the attempt once; a second click or another tab lands on the same result."""
    attempt, spec = _attempt_or_404(attempt_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    _submit(attempt, spec)
    return redirect(url_for("quiz.result", attempt_id=attempt.id))


@bp.get("/attempts/<id:attempt_id>/result")
@login_required
def result(attempt_id: int):
    """Score, pass or fail, and every question with its feedback and sources."""
    attempt, spec = _attempt_or_404(attempt_id)
    if attempt.submitted_at is None:
        return redirect(url_for("quiz.attempt", attempt_id=attempt.id))
    version = db.session.get(ModuleVersion, attempt.quiz_version.module_version_id)
    view = result_view(spec, attempt, {s["key"]: s["text"] for s in version.sources})
    review = () if attempt.passed else review_plan(spec, attempt.result["questions"], version.objectives,
                                                   {lesson.slug: lesson.title for lesson in version.lessons})
    sources = list(dict.fromkeys(text for r in view for text in r.sources))
    return render_template("quizzes/result.html", view=view, attempt=attempt, spec=spec, review=review,
                           sources=sources, source_number={text: i for i, text in enumerate(sources, start=1)},
                           module_slug=version.module.slug, module_title=version.title)
