"""The cohort grid, team page, learner record, overview, and their CSV exports (BOM, formula-safe)."""
import csv
import io
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event, insert, select

from lms.curriculum.models import Module


def _csv(response) -> list[list[str]]:
    body = response.get_data()
    assert response.mimetype == "text/csv" and body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _progress(signed_in, learners):
    """The officer completes sample-module; the clinician does one lesson and fails the quiz once."""
    officer, clinician, _ = learners
    client = signed_in(officer)
    client.post("/modules/sample-module/lessons/first-lesson/done")
    client.post("/modules/sample-module/lessons/second-lesson/done")
    other = signed_in(clinician)
    other.post("/modules/sample-module/lessons/first-lesson/done")
    other.post("/modules/quiz-module/quiz/start")
    from lms.extensions import db
    from lms.quizzes.models import QuizAttempt

    attempt = db.session.scalar(select(QuizAttempt).where(QuizAttempt.user_id == clinician.id))
    other.post(f"/attempts/{attempt.id}/submit")
    return attempt


@pytest.mark.pg
def test_the_grid_shows_status_percent_date_best_score_and_overdue(db_backend, center, trainer, learners,
                                                                   signed_in, cohort):
    _progress(signed_in, learners)
    page = signed_in(trainer).get(f"/centers/{center.slug}/cohorts/{cohort.id}/grid").get_data(as_text=True)
    assert "Completed</span> <time" in page and "In progress 50%" in page and "Not started" in page
    assert "Best score 0%" in page
    assert "Overdue" not in page.split("<tbody>")[1]  # due in 2099
    assert 'class="learner"' in page


def test_overdue_shows_once_the_due_date_passed(db, center, trainer, learners, signed_in, cohort):
    from lms.centers.cohort_models import Assignment

    db.session.scalar(select(Assignment)).due_on = date(2020, 1, 1)
    db.session.commit()
    page = signed_in(trainer).get(f"/centers/{center.slug}/cohorts/{cohort.id}/grid").get_data(as_text=True)
    assert "badge-overdue" in page


def test_the_grid_filters_by_team_discipline_and_agency_and_sorts(db, center, admin, trainer, learners,
                                                                  signed_in, cohort):
    client = signed_in(trainer)
    base = f"/centers/{center.slug}/cohorts/{cohort.id}/grid"
    page = client.get(base + "?discipline=clinician").get_data(as_text=True)
    assert "Cal Clinician" in page and "Olivia Officer" not in page
    page = client.get(base + "?team=-1").get_data(as_text=True)
    assert "No learner matches" in page
    page = client.get(base + "?agency=Nope").get_data(as_text=True)
    assert "No learner matches" in page
    page = client.get(base + "?sort=name&order=desc").get_data(as_text=True)
    assert page.index("Olivia Officer") < page.index("Casey Caseworker")
    for junk in ("?sort=drop+table", "?page=-5", "?per_page=999999", "?team=abc", "?order=sideways"):
        assert client.get(base + junk).status_code == 200


def _count(app, db, fn) -> int:
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert fn().status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


def _more_learners(db, center, cohort, count: int, offset: int) -> None:
    from lms.auth.models import User
    from lms.centers.cohort_models import CohortMember
    from lms.centers.models import Membership
    from lms.progress.models import ModuleCompletion

    db.session.execute(insert(User), [{"email": f"bulk{offset + n}@example.org", "full_name": f"Bulk {offset + n}",
                                       "password_hash": "x", "discipline": ("officer", "clinician")[n % 2],
                                       "agency": f"Agency {n % 3}", "is_site_admin": False,
                                       "session_token": f"s{offset + n}", "failed_logins": 0} for n in range(count)])
    ids = list(db.session.scalars(select(User.id).where(User.email.like("bulk%")).order_by(User.id)))[-count:]
    db.session.execute(insert(Membership), [{"user_id": i, "center_id": center.id, "role": "learner"} for i in ids])
    db.session.execute(insert(CohortMember), [{"user_id": i, "cohort_id": cohort.id} for i in ids])
    module = db.session.scalar(select(Module).where(Module.slug == "sample-module"))
    db.session.execute(insert(ModuleCompletion), [{"user_id": i, "module_id": module.id,
                                                   "version_id": module.current_version_id} for i in ids[::2]])
    db.session.commit()


@pytest.mark.pg
def test_the_grid_and_overview_query_counts_do_not_grow_with_learners_or_modules(
        db_backend, app, db, center, admin, trainer, learners, signed_in, cohort):
    from lms.centers import cohort_service

    client = signed_in(admin)
    grid = f"/centers/{center.slug}/cohorts/{cohort.id}/grid?per_page=1000"
    overview = f"/centers/{center.slug}/overview"
    client.get(grid)
    small_grid = _count(app, db, lambda: client.get(grid))
    small_overview = _count(app, db, lambda: client.get(overview))
    _more_learners(db, center, cohort, 120, 0)
    quiz_module = db.session.scalar(select(Module).where(Module.slug == "quiz-module"))
    cohort_service.assign(cohort, target=f"module:{quiz_module.id}", due_on=date(2027, 1, 1), actor_id=admin.id)
    assert _count(app, db, lambda: client.get(grid)) == small_grid
    assert _count(app, db, lambda: client.get(overview)) == small_overview
    assert small_grid <= 17 and small_overview <= 12  # the grid reads the programs' field requirements too


def test_the_grid_csv_has_a_bom_is_formula_safe_and_respects_the_filters(db, center, trainer, learners,
                                                                         signed_in, cohort):
    learners[0].agency = "=HYPERLINK(\"http://evil\")"
    db.session.commit()
    _progress(signed_in, learners)
    rows = _csv(signed_in(trainer).get(f"/centers/{center.slug}/cohorts/{cohort.id}/grid.csv"))
    assert rows[0][:5] == ["name", "email", "discipline", "agency", "team"] and len(rows) == 4
    officer = next(r for r in rows if r[0] == "Olivia Officer")
    assert officer[3].startswith("'=") and officer[5].startswith("Completed ")
    rows = _csv(signed_in(trainer).get(f"/centers/{center.slug}/cohorts/{cohort.id}/grid.csv?discipline=officer"))
    assert [r[0] for r in rows[1:]] == ["Olivia Officer"]


def test_the_team_page_shows_scores_to_trainers_and_only_statuses_to_teammates(db, center, trainer, learners,
                                                                                 signed_in, cohort, make_user):
    from lms.centers.cohort_models import Team

    _progress(signed_in, learners)
    team = db.session.scalar(select(Team))
    url = f"/centers/{center.slug}/cohorts/{cohort.id}/teams/{team.id}"
    staff = signed_in(trainer).get(url).get_data(as_text=True)
    mate = signed_in(learners[0]).get(url).get_data(as_text=True)
    assert "Best score 0%" in staff and "Best score" not in mate
    assert "In progress 50%" in mate and "Completed" in mate and "0 of 3 members done" in mate
    assert signed_in(make_user()).get(url).status_code == 404


def test_a_team_without_a_clinician_is_warned_about(db, center, admin, learners, signed_in, cohort):
    from lms.centers.cohort_models import Team

    team = db.session.scalar(select(Team))
    client = signed_in(admin)
    client.post(f"/centers/{center.slug}/cohorts/{cohort.id}/members/{learners[1].id}/team",
                data={f"m{learners[1].id}-team": "0"})
    page = client.get(f"/centers/{center.slug}/cohorts/{cohort.id}/teams/{team.id}").get_data(as_text=True)
    assert "The team has no clinician" in page
    assert "The team has no clinician" in client.get(f"/centers/{center.slug}/cohorts/{cohort.id}").get_data(
        as_text=True)


def test_team_completion_is_reported_when_every_member_completed(db, center, admin, learners, signed_in, cohort):
    from lms.centers.cohort_models import Team
    from lms.progress.models import ModuleCompletion

    modules = db.session.scalars(select(Module)).all()
    db.session.execute(insert(ModuleCompletion), [{"user_id": u.id, "module_id": m.id,
                                                   "version_id": m.current_version_id}
                                                  for u in learners for m in modules])
    db.session.commit()
    team = db.session.scalar(select(Team))
    page = signed_in(admin).get(f"/centers/{center.slug}/cohorts/{cohort.id}/teams/{team.id}").get_data(as_text=True)
    assert "Team complete" in page


@pytest.mark.pg
def test_the_learner_record_links_attempts_to_a_staff_review(db_backend, center, trainer, learners, signed_in,
                                                             cohort):
    attempt = _progress(signed_in, learners)
    client = signed_in(trainer)
    base = f"/centers/{center.slug}/learners/{learners[1].id}"
    page = client.get(base).get_data(as_text=True)
    assert f"{base}/attempts/{attempt.id}" in page and "First lesson" in page
    review = client.get(f"{base}/attempts/{attempt.id}")
    assert review.status_code == 200 and "Question 1" in review.get_data(as_text=True)
    assert client.get(f"/centers/{center.slug}/learners/{learners[0].id}/attempts/{attempt.id}").status_code == 404
    rows = _csv(client.get(f"{base}.csv"))
    assert rows[0] == ["kind", "module or program", "detail", "date", "score"]
    assert any(r[0] == "quiz attempt" and r[4] == "0.0" for r in rows)


def test_the_overview_counts_enrolled_progress_completion_overdue_and_expiring_certificates(
        db, center, admin, learners, signed_in, cohort, program):
    from lms.centers.cohort_models import Assignment
    from lms.progress.models import ModuleCompletion
    from lms.reports.overview import center_overview

    _progress(signed_in, learners)
    modules = db.session.scalars(select(Module)).all()
    db.session.execute(insert(ModuleCompletion), [{"user_id": learners[2].id, "module_id": m.id,
                                                   "version_id": m.current_version_id} for m in modules])
    db.session.scalar(select(Assignment)).due_on = date(2020, 1, 1)
    db.session.commit()
    line = center_overview(center.id, now=datetime(2026, 12, 1))[0]
    assert (line.enrolled, line.in_progress, line.completed, line.overdue) == (3, 2, 1, 2)
    rows = _csv(signed_in(admin).get(f"/centers/{center.slug}/overview.csv"))
    assert rows[1][:5] == ["Sample Cross-Training Program", "3", "2", "1", "2"]


def test_certificates_expiring_soon_are_counted_by_window(db, center, learners, program):
    from lms.certificates.models import Certificate
    from lms.reports.overview import center_overview
    from tests.web.test_access_matrix import issued_certificate

    certificate, _ = issued_certificate(db, center, learners[0])
    expires = db.session.get(Certificate, certificate.id).expires_at
    line = center_overview(center.id, now=expires - timedelta(days=45))[0]
    assert line.certified == 1 and line.expiring == (0, 1, 1)
    assert center_overview(center.id, now=expires + timedelta(days=1))[0].certified == 0


def test_post_and_ce_rosters_use_the_center_numbers(db, center, admin, learners, signed_in, cohort, program):
    from lms.certificates.issuing.center_settings import save_settings
    from lms.progress.models import ModuleCompletion

    save_settings(center_id=center.id, actor_id=None, signatory_name="Dr. A", signatory_title="Director",
                  ce_provider_name="RTC", ce_provider_number="CE-77", requires_approval=False,
                  programs={program.id: ("POST-123", "Approved by the board.")})
    learners[0].badge_number = "B-9"
    learners[1].license_type, learners[1].license_number, learners[1].license_state = "LCSW", "L-1", "NC"
    modules = db.session.scalars(select(Module)).all()
    db.session.execute(insert(ModuleCompletion), [{"user_id": u.id, "module_id": m.id,
                                                   "version_id": m.current_version_id}
                                                  for u in learners[:2] for m in modules])
    db.session.commit()
    client = signed_in(admin)
    post = _csv(client.get(f"/centers/{center.slug}/cohorts/{cohort.id}/rosters/sample-program/post.csv"))
    assert post[0] == ["name", "agency", "badge number", "course number", "completion date", "hours", "score",
                       "session hours", "field hours"]
    assert post[1][:6] == ["Olivia Officer", "Test PD", "B-9", "POST-123", post[1][4], "2"]
    assert post[1][7:] == ["0", "0"]  # no session attended, no field work signed
    ce = _csv(client.get(f"/centers/{center.slug}/rosters/sample-program/ce.csv"))
    assert ce[1] == ["Cal Clinician", "LCSW", "L-1", "NC", "2", ce[1][5], "CE-77", "Approved by the board.", "0",
                     "0"]
    assert len(ce) == 2  # the CPS worker has not completed


def test_an_agency_coordinator_sees_only_their_agency_read_only(db, center, admin, learners, signed_in, cohort,
                                                                make_user):
    from lms.centers.service import set_role

    learners[0].agency = "Charlotte PD"
    coordinator = make_user(full_name="Coco Coordinator")
    coordinator.agency = "Charlotte PD"
    db.session.commit()
    set_role(user_id=coordinator.id, center_id=center.id, role="agency_coordinator")
    client = signed_in(coordinator)
    page = client.get(f"/centers/{center.slug}/cohorts/{cohort.id}/grid").get_data(as_text=True)
    assert "Olivia Officer" in page and "Cal Clinician" not in page
    assert client.get(f"/centers/{center.slug}/learners/{learners[1].id}").status_code == 404
    assert client.get(f"/centers/{center.slug}/learners/{learners[0].id}").status_code == 200
    assert client.get(f"/centers/{center.slug}/overview").status_code == 200
    assert client.post(f"/centers/{center.slug}/cohorts/{cohort.id}/edit", data={"name": "x"}).status_code == 404
