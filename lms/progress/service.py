"""Progress writes: enrolling on a version, marking lessons done, recording completion once."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.curriculum.models import Lesson, ModuleVersion
from lms.extensions import db
from lms.progress.models import Enrollment, LessonProgress, LessonReview, ModuleCompletion
from lms.progress.signals import module_completed
from lms.quizzes.models import QuizAttempt, QuizVersion
from lms.quizzes.signals import attempt_graded


def enroll(*, user_id: int, version: ModuleVersion) -> Enrollment:
    """The learner's enrollment in the version's module, created on first progress (does not commit)."""
    enrollment = db.session.scalar(select(Enrollment).where(
        Enrollment.user_id == user_id, Enrollment.module_id == version.module_id))
    if enrollment is None:
        enrollment = Enrollment(user_id=user_id, module_id=version.module_id, version_id=version.id)
        db.session.add(enrollment)
        db.session.flush()
    return enrollment


def mark_lesson_done(*, user_id: int, lesson: Lesson) -> bool:
    """Record the lesson as done (idempotent) and complete the module if its rule is met; commits.

    Returns True when this call completed the module.
    """
    enroll(user_id=user_id, version=lesson.version)
    exists = db.session.scalar(select(LessonProgress.id).where(
        LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson.id))
    if exists is None:
        db.session.add(LessonProgress(user_id=user_id, lesson_id=lesson.id))
    db.session.add(LessonReview(user_id=user_id, lesson_id=lesson.id))
    completed = complete_if_done(user_id=user_id, version=lesson.version)
    try:
        db.session.commit()
    except IntegrityError:  # a double click raced us: the row exists, which is what we wanted
        db.session.rollback()
        return False
    return completed


def lessons_done(*, user_id: int, version_id: int) -> tuple[int, int]:
    """(lessons done, lessons in the version)."""
    total = db.session.scalar(select(func.count()).select_from(Lesson).where(Lesson.version_id == version_id))
    done = db.session.scalar(select(func.count()).select_from(LessonProgress).join(Lesson).where(
        LessonProgress.user_id == user_id, Lesson.version_id == version_id))
    return done or 0, total or 0


def complete_if_done(*, user_id: int, version: ModuleVersion, quiz_passed: bool = False) -> bool:
    """Add a completion when the version's rule is met and none exists yet (does not commit)."""
    if db.session.scalar(select(ModuleCompletion.id).where(
            ModuleCompletion.user_id == user_id, ModuleCompletion.version_id == version.id)) is not None:
        return False
    db.session.flush()
    done, total = lessons_done(user_id=user_id, version_id=version.id)
    lessons_ok = total > 0 and done >= total
    rule = version.completion_rule
    met = (rule == "lessons" and lessons_ok) or (rule == "quiz" and quiz_passed) or (
        rule == "lessons_and_quiz" and lessons_ok and (quiz_passed or _quiz_passed(user_id, version)))
    if met:
        db.session.add(ModuleCompletion(user_id=user_id, module_id=version.module_id, version_id=version.id))
        db.session.flush()
        module_completed.send(None, user_id=user_id, module_id=version.module_id, version_id=version.id)
    return met


def _quiz_passed(user_id: int, version: ModuleVersion) -> bool:
    """Whether the learner has a passed attempt at this version's quiz."""
    return db.session.scalar(select(QuizAttempt.id).join(QuizVersion).where(
        QuizAttempt.user_id == user_id, QuizVersion.module_version_id == version.id,
        QuizAttempt.passed.is_(True)).limit(1)) is not None


@attempt_graded.connect
def _complete_on_pass(_sender, *, user_id: int, module_version_id: int, passed: bool, **_extra) -> None:
    """A passed quiz may complete its module, in the same transaction as the grade."""
    if passed:
        version = db.session.get(ModuleVersion, module_version_id)
        enroll(user_id=user_id, version=version)
        complete_if_done(user_id=user_id, version=version, quiz_passed=True)


class ReviewRequired(Exception):
    """The last attempt failed and some lessons behind its missed objectives have not been revisited since."""

    def __init__(self, lessons: tuple[tuple[str, str], ...]):
        self.lessons = lessons
        super().__init__("Before your next attempt, go back to these lessons and mark each one as done: "
                         + "; ".join(title for _, title in lessons) + ".")


def lessons_to_review(*, user_id: int, version: ModuleVersion, quiz: QuizVersion, spec) -> tuple[tuple[str, str], ...]:
    """(slug, title) of the lessons behind the missed objectives of the learner's last attempt, when it failed,
    that the learner has not marked as done since that attempt; empty otherwise (or while an attempt is open)."""
    from lms.quizzes.taking import review_plan

    last = db.session.scalar(select(QuizAttempt).where(
        QuizAttempt.user_id == user_id, QuizAttempt.quiz_version_id == quiz.id).order_by(
        QuizAttempt.number.desc()).limit(1))
    if last is None or last.submitted_at is None or last.passed or not last.result:
        return ()
    plan = review_plan(spec, last.result["questions"], version.objectives,
                       {lesson.slug: lesson.title for lesson in version.lessons})
    wanted = {slug: title for item in plan for slug, title in item.lessons}
    if not wanted:
        return ()
    reviewed = set(db.session.scalars(select(Lesson.slug).join(LessonReview, LessonReview.lesson_id == Lesson.id).where(
        LessonReview.user_id == user_id, Lesson.version_id == version.id, Lesson.slug.in_(wanted),
        LessonReview.reviewed_at >= last.submitted_at)))
    return tuple((slug, title) for slug, title in wanted.items() if slug not in reviewed)


def start_quiz(*, user_id: int, version: ModuleVersion, quiz: QuizVersion, spec,
               audience: str | None = None) -> QuizAttempt:
    """Pin the learner to this module version, then resume or start an attempt at its quiz; after a failed
    attempt, a new one waits until the lessons behind the missed objectives are marked done again
    (ReviewRequired)."""
    from lms.quizzes.service import open_attempt, start_attempt

    enroll(user_id=user_id, version=version)
    db.session.commit()
    if open_attempt(user_id, quiz.id) is None:
        due = lessons_to_review(user_id=user_id, version=version, quiz=quiz, spec=spec)
        if due:
            raise ReviewRequired(due)
    return start_attempt(user_id=user_id, quiz=quiz, spec=spec, audience=audience)
