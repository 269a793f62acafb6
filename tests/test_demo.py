"""`flask lms demo` on the shipped content: a cohort with three teams, assignments, mixed progress, a program of the
demo center's own; idempotent."""
from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from lms.auth.models import User
from lms.centers.cohort_models import Assignment, Cohort, CohortMember, CohortTrainer, Team, TeamMember
from lms.centers.models import Membership
from lms.centers.team_rules import team_problems
from lms.certificates.models import Certificate, IssuanceRequest
from lms.programs.models import Program, ProgramVersion
from lms.progress.models import ModuleCompletion
from lms.publishing import import_content
from lms.quizzes.models import QuizAttempt
from lms.reports.assignments import assignment_modules, assignment_status, first_completions

ROOT = Path(__file__).resolve().parent.parent


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def demo(app, db):
    """The shipped content imported, then `flask lms demo` run twice; returns (first output, seconds of the first)
    (the time is printed for the record, not asserted)."""
    import_content(ROOT / "curriculum", ROOT / "quizzes", ROOT / "programs")
    started = time.perf_counter()
    first = CliRunner().invoke(app.cli, ["lms", "demo"], catch_exceptions=False)
    seconds = time.perf_counter() - started
    assert first.exit_code == 0, first.output
    snapshot = {model: count(db, model) for model in (User, Membership, Cohort, Team, TeamMember, CohortMember,
                                                     Assignment, ModuleCompletion, QuizAttempt, CohortTrainer,
                                                     Program, ProgramVersion, IssuanceRequest)}
    second = CliRunner().invoke(app.cli, ["lms", "demo"], catch_exceptions=False)
    assert second.exit_code == 0
    assert {model: count(db, model) for model in snapshot} == snapshot  # idempotent
    print(f"flask lms demo: {seconds:.1f} s")
    return first.output, seconds


def test_demo_makes_a_cohort_of_three_full_teams_a_trainer_a_coordinator_and_mixed_progress(demo, db):
    output, _ = demo
    assert "trainer@demo.cdcp.test" in output and "coordinator@demo.cdcp.test" in output
    cohort = db.session.scalar(select(Cohort))
    assert cohort.name == "Fall 2026 cross-training"
    trainer = db.session.scalar(select(User).join(CohortTrainer).where(CohortTrainer.cohort_id == cohort.id))
    assert trainer.email == "trainer@demo.cdcp.test"
    coordinator = db.session.scalar(select(Membership).join(User).where(User.email == "coordinator@demo.cdcp.test"))
    assert coordinator.role == "agency_coordinator" and coordinator.user.agency == "Charlotte-Mecklenburg Police"
    teams = db.session.scalars(select(Team).where(Team.cohort_id == cohort.id)).all()
    assert len(teams) == 3 and count(db, CohortMember) == 9
    for team in teams:
        disciplines = sorted(db.session.scalars(select(User.discipline).join(TeamMember).where(
            TeamMember.team_id == team.id)))
        assert disciplines == ["clinician", "cps_worker", "officer"] and team_problems(disciplines) == []
    _assert_mixed_progress_with_one_assignment_ahead_and_one_overdue(db, cohort)


def _assert_mixed_progress_with_one_assignment_ahead_and_one_overdue(db, cohort):
    assignments = db.session.scalars(select(Assignment).where(Assignment.cohort_id == cohort.id)).all()
    modules = assignment_modules(assignments)
    members = select(CohortMember.user_id).where(CohortMember.cohort_id == cohort.id)
    completions = first_completions(members, {m for ids in modules.values() for m in ids})
    today = date.today()
    program = next(a for a in assignments if a.program_id)
    module = next(a for a in assignments if a.module_id)
    assert program.due_on > today and module.due_on < today and len(modules[program.id]) == 8
    statuses = [assignment_status(user_id=uid, module_ids=modules[program.id], due_on=program.due_on,
                                  completions=completions, today=today) for uid in db.session.scalars(members)]
    assert {s.done for s in statuses} >= {0, 8} and len({s.done for s in statuses}) >= 4  # mixed progress
    overdue = [assignment_status(user_id=uid, module_ids=modules[module.id], due_on=module.due_on,
                                 completions=completions, today=today).overdue for uid in db.session.scalars(members)]
    assert 0 < sum(overdue) < 9
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt).where(QuizAttempt.passed.is_(False))) >= 1
    # The learner who finished the core program gets its certificate, and (having completed both of its modules)
    # the center's own refresher's; nobody else has finished either.
    assert requests_by_program(db) == [("annual-refresher", "officer@demo.cdcp.test"),
                                       ("cdcp-core", "officer@demo.cdcp.test")]


def requests_by_program(db) -> list[tuple[str, str]]:
    return sorted(db.session.execute(
        select(Program.slug, User.email).select_from(IssuanceRequest)
        .join(ProgramVersion, ProgramVersion.id == IssuanceRequest.program_version_id)
        .join(Program, Program.id == ProgramVersion.program_id).join(User, User.id == IssuanceRequest.user_id)).all())


def test_demo_center_owns_a_refresher_of_two_shared_modules_that_it_certifies(demo, app, db):
    from lms.centers.models import Center
    from lms.demo_programs import MODULES, SLUG

    center = db.session.scalar(select(Center))
    program = db.session.scalar(select(Program).where(Program.slug == SLUG))
    assert program.owner_center_id == center.id and program.current_version.number == 1
    assert tuple(program.current_version.spec["modules"]) == MODULES
    certificate = db.session.scalar(select(Certificate).join(ProgramVersion).where(
        ProgramVersion.program_id == program.id))
    assert certificate.center_id == center.id  # issued and signed by the owning center
    assert certificate.snapshot["document"]["accreditation"]["post_course_number"] == "DEMO-POST-0001"
    admin = app.test_client()
    admin.post("/signin", data={"email": "admin@demo.cdcp.test", "password": "cross-train-2026"})
    page = admin.get(f"/centers/{center.slug}/programs").get_data(as_text=True)
    assert "Annual Refresher: De-escalation and Responder Self-Care" in page
