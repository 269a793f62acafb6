"""Demo cohort for `make run`: "Fall 2026 cross-training" with three officer–clinician–CPS teams, a trainer, the
CD-CP core program due in three weeks, one module already overdue, and mixed progress made through the real
progress and quiz services (lessons marked done, quizzes answered and submitted). Idempotent."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from lms.auth.models import User
from lms.centers.cohort_models import Assignment, Cohort, CohortMember, CohortTrainer, Team, TeamMember
from lms.curriculum.models import Lesson, Module
from lms.extensions import db
from lms.programs.models import Program
from lms.progress.models import ModuleCompletion
from lms.progress.service import lessons_to_review, mark_lesson_done, start_quiz
from lms.quizzes.grading import all_best_answers
from lms.quizzes.layout import Layout
from lms.quizzes.selectors import quiz_for, spec_for
from lms.quizzes.service import record_decision, save_answer, submit_attempt

COHORT_NAME = "Fall 2026 cross-training"
PROGRAM_SLUG = "cdcp-core"
OVERDUE_MODULE = "effects-of-violence-by-age"
# team: [(email, modules completed in program order, lessons done in the next module, a failed quiz first?)]
TEAMS = {
    "Team Blue": [("officer@demo.cdcp.test", 8, 0, False), ("clinician@demo.cdcp.test", 4, 2, False),
                  ("cps@demo.cdcp.test", 0, 2, False)],
    "Team Green": [("officer2@demo.cdcp.test", 1, 3, True), ("clinician2@demo.cdcp.test", 3, 0, False),
                   ("cps2@demo.cdcp.test", 2, 1, False)],
    "Team Gold": [("officer3@demo.cdcp.test", 0, 1, False), ("clinician3@demo.cdcp.test", 5, 0, True),
                  ("cps3@demo.cdcp.test", 0, 0, False)],
}
TRAINER_EMAIL = "trainer@demo.cdcp.test"


def create_demo_cohort(center, *, today: date | None = None) -> Cohort:
    """The demo cohort, its trainer, teams and assignments, and the learners' progress (created once)."""
    today = today or date.today()
    cohort = db.session.scalar(select(Cohort).where(Cohort.center_id == center.id, Cohort.name == COHORT_NAME))
    if cohort is None:
        cohort = Cohort(center_id=center.id, name=COHORT_NAME, starts_on=today - timedelta(weeks=6),
                        ends_on=today + timedelta(weeks=8))
        db.session.add(cohort)
        db.session.flush()
    emails = [email for members in TEAMS.values() for email, *_ in members] + [TRAINER_EMAIL]
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    _ensure(CohortTrainer, cohort_id=cohort.id, user_id=users[TRAINER_EMAIL].id)
    for team_name, members in TEAMS.items():
        team = _ensure(Team, cohort_id=cohort.id, name=team_name)
        for email, *_ in members:
            _ensure(CohortMember, cohort_id=cohort.id, user_id=users[email].id)
            _ensure(TeamMember, cohort_id=cohort.id, user_id=users[email].id, defaults={"team_id": team.id})
    program = db.session.scalar(select(Program).where(Program.slug == PROGRAM_SLUG))
    overdue_module = db.session.scalar(select(Module).where(Module.slug == OVERDUE_MODULE))
    trainer_id = users[TRAINER_EMAIL].id
    if program is not None:
        _ensure(Assignment, cohort_id=cohort.id, program_id=program.id,
                defaults={"due_on": today + timedelta(weeks=3), "created_by_id": trainer_id})
    if overdue_module is not None:
        _ensure(Assignment, cohort_id=cohort.id, module_id=overdue_module.id,
                defaults={"due_on": today - timedelta(days=3), "created_by_id": trainer_id})
    db.session.commit()
    if program is not None and program.current_version is not None:
        _make_progress(users, program.current_version.spec.get("modules", []))
    return cohort


def _ensure(model, *, defaults: dict | None = None, **keys):
    """The row with these keys, created (with `defaults`) if missing; flushed, not committed."""
    row = db.session.scalar(select(model).filter_by(**keys))
    if row is None:
        row = model(**keys, **(defaults or {}))
        db.session.add(row)
        db.session.flush()
    return row


def _make_progress(users: dict[str, User], slugs: list[str]) -> None:
    modules = {m.slug: m for m in db.session.scalars(select(Module).where(Module.slug.in_(slugs)))}
    ordered = [modules[slug] for slug in slugs if slug in modules]
    user_ids = [users[email].id for members in TEAMS.values() for email, *_ in members]
    done = set(db.session.execute(select(ModuleCompletion.user_id, ModuleCompletion.module_id)
                                  .where(ModuleCompletion.user_id.in_(user_ids))).all())
    for members in TEAMS.values():
        for email, completed, lessons, failed_first in members:
            user_id = users[email].id
            for index, module in enumerate(ordered[:completed]):
                if (user_id, module.id) not in done:
                    complete_module(user_id, module, fail_first=failed_first and index == completed - 1)
            if lessons and completed < len(ordered):
                for lesson in _lessons(ordered[completed])[:lessons]:
                    mark_lesson_done(user_id=user_id, lesson=lesson)


def _lessons(module: Module) -> list[Lesson]:
    return list(db.session.scalars(select(Lesson).where(Lesson.version_id == module.current_version_id)
                                   .order_by(Lesson.position)))


def complete_module(user_id: int, module: Module, *, fail_first: bool = False) -> None:
    """Every lesson done and the quiz passed with the best answers (after a failed, empty attempt if asked)."""
    for lesson in _lessons(module):
        mark_lesson_done(user_id=user_id, lesson=lesson)
    quiz = quiz_for(module.current_version_id)
    if quiz is None:
        return
    spec = spec_for(quiz)
    if fail_first:
        attempt = start_quiz(user_id=user_id, version=module.current_version, quiz=quiz, spec=spec)
        submit_attempt(attempt_id=attempt.id, user_id=user_id, spec=spec, module_version_id=module.current_version_id)
        revisit_missed_lessons(user_id, module, quiz)
    pass_quiz(user_id, module, quiz)


def revisit_missed_lessons(user_id: int, module: Module, quiz) -> None:
    """Mark done again the lessons behind the missed objectives of a failed attempt, as a learner must before
    the next attempt."""
    due = {slug for slug, _ in lessons_to_review(user_id=user_id, version=module.current_version, quiz=quiz,
                                                  spec=spec_for(quiz))}
    for lesson in _lessons(module):
        if lesson.slug in due:
            mark_lesson_done(user_id=user_id, lesson=lesson)


def pass_quiz(user_id: int, module: Module, quiz) -> None:
    """Start an attempt at the module's quiz, give every best answer (scenario paths step by step) and submit."""
    spec = spec_for(quiz)
    attempt = start_quiz(user_id=user_id, version=module.current_version, quiz=quiz, spec=spec)
    drawn = set(Layout.from_dict(attempt.layout).question_ids)
    for question_id, answer in all_best_answers(spec).items():
        if question_id not in drawn:
            continue
        if spec.question(question_id).kind == "scenario":
            for step, option in answer:
                record_decision(attempt=attempt, spec=spec, question_id=question_id, step_id=step, option_id=option)
        else:
            save_answer(attempt=attempt, question_id=question_id, value=answer)
    submit_attempt(attempt_id=attempt.id, user_id=user_id, spec=spec, module_version_id=module.current_version_id)
