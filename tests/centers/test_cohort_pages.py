"""A center admin runs a cohort through the pages; trainers see what they train; learners see due dates."""
from datetime import date

import pytest
from sqlalchemy import select

from lms.centers.cohort_models import Assignment, Cohort, CohortMember, CohortTrainer, Team, TeamMember


@pytest.mark.pg
def test_a_center_admin_creates_a_cohort_adds_people_forms_a_team_and_assigns_the_program(
        db_backend, db, center, admin, trainer, learners, program, signed_in):
    client = signed_in(admin)
    response = client.post(f"/centers/{center.slug}/cohorts", data={"name": "Spring 2027", "starts_on": "2027-01-10",
                                                                     "ends_on": "2027-05-01"})
    cohort = db.session.scalar(select(Cohort))
    assert response.status_code == 302 and cohort.name == "Spring 2027"
    base = f"/centers/{center.slug}/cohorts/{cohort.id}"
    assert client.post(f"{base}/trainers", data={"user": trainer.id}).status_code == 302
    emails = "\n".join(u.email.upper() for u in learners)
    assert client.post(f"{base}/learners", data={"emails": emails}).status_code == 302
    members = {m.user_id for m in db.session.scalars(select(CohortMember))}
    assert members == {u.id for u in learners}
    formed = client.post(f"{base}/teams", data={"name": "Team 1"})
    team = db.session.scalar(select(Team))
    assert formed.headers["Location"].endswith(f"{base}/teams/{team.id}#add")
    for learner in learners[:2]:
        assert client.post(f"{base}/teams/{team.id}/members", data={"user": learner.id}).status_code == 302
    assert {t.user_id for t in db.session.scalars(select(TeamMember))} == {learners[0].id, learners[1].id}
    client.post(f"{base}/assignments", data={"target": f"program:{program.id}", "due_on": "2027-03-01"})
    assert db.session.scalar(select(Assignment.due_on)) == date(2027, 3, 1)
    page = client.get(base).get_data(as_text=True)
    assert "Team 1" in page and "Sample Cross-Training Program" in page and "Tom Trainer" in page
    assert '<label for="team-name">Team name</label>' in page  # not the cohort's own name field
    assert client.get(f"{base}/teams/{team.id}").status_code == 200


def test_an_unknown_email_adds_nobody_and_says_which(db, center, admin, learners, signed_in, cohort):
    from lms.centers.service import create_center

    client = signed_in(admin)
    db.session.execute(CohortMember.__table__.delete())
    db.session.commit()
    response = client.post(f"/centers/{center.slug}/cohorts/{cohort.id}/learners",
                           data={"emails": f"{learners[0].email}, nobody@example.org"}, follow_redirects=True)
    assert "nobody@example.org" in response.get_data(as_text=True)
    assert db.session.scalars(select(CohortMember)).all() == []
    assert create_center  # the other center's members are refused the same way (see test_cohort_service)


def test_bad_input_gets_a_message_not_a_500(center, admin, signed_in, cohort):
    client = signed_in(admin)
    base = f"/centers/{center.slug}/cohorts"
    for url, data in [(base, {"name": ""}), (base, {"name": "x" * 500}),
                      (base, {"name": "Bad dates", "starts_on": "2027-05-01", "ends_on": "2027-01-01"}),
                      (base, {"name": "Fall 2026"}),
                      (f"{base}/{cohort.id}/assignments", {"target": "program:999", "due_on": "2027-01-01"}),
                      (f"{base}/{cohort.id}/assignments", {"target": "module:1", "due_on": "not a date"}),
                      (f"{base}/{cohort.id}/trainers", {"user": "abc"}),
                      (f"{base}/{cohort.id}/teams", {"name": "Team A"}),
                      (f"{base}/{cohort.id}/members/999/team", {"m999-team": "0"})]:
        response = client.post(url, data=data, follow_redirects=True)
        assert response.status_code == 200, url
        assert "flash-error" in response.get_data(as_text=True), (url, data)


def test_the_learner_sees_assignments_by_due_date_with_overdue_and_a_completion_counts_once(
        db, center, admin, learners, program, signed_in, cohort):
    from lms.centers import cohort_service
    from lms.curriculum.models import Module

    other = cohort_service.create_cohort(center_id=center.id, name="Refresher", starts_on=None, ends_on=None,
                                         actor_id=admin.id)
    cohort_service.add_learners(other, emails=[learners[0].email], actor_id=admin.id)
    cohort_service.assign(other, target=f"program:{program.id}", due_on=date(2020, 1, 1), actor_id=admin.id)
    quiz_module = db.session.scalar(select(Module).where(Module.slug == "quiz-module"))
    cohort_service.assign(other, target=f"module:{quiz_module.id}", due_on=date(2099, 1, 1), actor_id=admin.id)
    client = signed_in(learners[0])
    page = client.get("/dashboard").get_data(as_text=True)
    assert page.count("Sample Cross-Training Program") == 2  # one assignment card and its progress label
    assert "Overdue" in page and "Refresher, Fall 2026" in page or "Fall 2026, Refresher" in page
    assert page.index("Sample Cross-Training Program") < page.index("Due Jan 1, 2099")
    client.post("/modules/sample-module/lessons/first-lesson/done")
    client.post("/modules/sample-module/lessons/second-lesson/done")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "1 of 2 modules done" in page


def test_a_trainer_sees_only_the_cohorts_they_train(db, center, admin, trainer, make_user, signed_in, cohort):
    from lms.centers import cohort_service

    other = cohort_service.create_cohort(center_id=center.id, name="Not Tom's", starts_on=None, ends_on=None,
                                         actor_id=admin.id)
    client = signed_in(trainer)
    listing = client.get(f"/centers/{center.slug}/cohorts").get_data(as_text=True)
    assert "Fall 2026" in listing and "Not Tom&#39;s" not in listing and "Not Tom's" not in listing
    assert client.get(f"/centers/{center.slug}/cohorts/{other.id}").status_code == 404
    assert client.get(f"/centers/{center.slug}/cohorts/{other.id}/grid").status_code == 404
    assert client.get(f"/centers/{center.slug}/cohorts/{cohort.id}/grid").status_code == 200
    assert client.post(f"/centers/{center.slug}/cohorts/{cohort.id}/edit", data={"name": "x"}).status_code == 404
    assert "Fall 2026" in client.get("/dashboard").get_data(as_text=True)


def test_removing_a_learner_takes_them_out_of_their_team_and_keeps_their_records(
        db, center, admin, learners, signed_in, cohort):
    client = signed_in(learners[0])
    client.post("/modules/sample-module/lessons/first-lesson/done")
    admin_client = signed_in(admin)
    admin_client.post(f"/centers/{center.slug}/cohorts/{cohort.id}/learners/{learners[0].id}/remove")
    assert db.session.scalar(select(TeamMember).where(TeamMember.user_id == learners[0].id)) is None
    from lms.progress.models import LessonProgress

    assert db.session.scalar(select(LessonProgress).where(LessonProgress.user_id == learners[0].id)) is not None
    assert db.session.scalar(select(CohortTrainer)) is not None


def test_an_archived_cohort_leaves_the_dashboard_and_comes_back(db, center, admin, learners, signed_in, cohort):
    client = signed_in(admin)
    client.post(f"/centers/{center.slug}/cohorts/{cohort.id}/archive")
    db.session.expire_all()
    assert db.session.get(Cohort, cohort.id).archived_at is not None
    assert "Your assignments" not in signed_in(learners[0]).get("/dashboard").get_data(as_text=True)
    client.post(f"/centers/{center.slug}/cohorts/{cohort.id}/archive")
    assert "Your assignments" in signed_in(learners[0]).get("/dashboard").get_data(as_text=True)


def test_a_trainer_removed_from_the_center_no_longer_sees_the_cohort(db, center, trainer, signed_in, cohort):
    from lms.centers.models import Membership
    from lms.timeutil import utcnow

    client = signed_in(trainer)
    assert client.get(f"/centers/{center.slug}/cohorts/{cohort.id}/grid").status_code == 200
    db.session.scalar(select(Membership).where(Membership.user_id == trainer.id)).removed_at = utcnow()
    db.session.commit()
    assert client.get(f"/centers/{center.slug}/cohorts/{cohort.id}/grid").status_code == 404


@pytest.mark.pg
def test_the_cohort_list_is_paged_and_searched_in_sql_with_the_same_statements_at_any_size(
        db_backend, db, center, admin, signed_in):
    from sqlalchemy import insert

    from tests.support.statements import statements_during

    client = signed_in(admin)
    url = f"/centers/{center.slug}/cohorts"
    client.get(url)

    def grow_to(total: int) -> None:
        have = db.session.query(Cohort).count()
        db.session.execute(insert(Cohort), [{"center_id": center.id, "name": f"Cohort {n:04d}"}
                                            for n in range(have, total)])
        db.session.commit()

    counts = []
    for total in (60, 300):
        grow_to(total)
        response, seen = statements_during(db, lambda: client.get(url))
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and html.count('href="/centers/') >= 50
        assert f"Page 1 of {-(-total // 50)}" in html and "Cohort 0000" in html and "Cohort 0050" not in html
        counts.append(len(seen))
    assert counts[0] == counts[1], counts
    second = client.get(url + "?page=2").get_data(as_text=True)
    assert "Cohort 0050" in second and "Cohort 0000" not in second
    found = client.get(url + "?q=ort 0123").get_data(as_text=True)
    assert "Cohort 0123" in found and "Cohort 0124" not in found
    assert "No cohort name contains" in client.get(url + "?q=nothing%25like").get_data(as_text=True)
    assert client.get(url + "?page=abc").status_code == 422
