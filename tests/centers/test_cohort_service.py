"""Cohort and team writes refuse what cannot be, all or nothing, with a message."""
from datetime import date

import pytest
from sqlalchemy import func, select

from lms.centers import cohort_service, team_service
from lms.centers.cohort_models import CohortMember, Team, TeamMember
from lms.centers.cohort_service import CohortError


def test_members_of_another_center_cannot_join_and_nobody_is_added(db, center, admin, make_user, cohort):
    from lms.centers.service import create_center

    other = create_center(name="Northeast Regional Training Center", region="New Haven, CT")
    outsider, insider = make_user(center_obj=other), make_user()
    with pytest.raises(CohortError, match=outsider.email):
        cohort_service.add_learners(cohort, emails=[insider.email, outsider.email], actor_id=admin.id)
    assert db.session.scalar(select(CohortMember.id).where(CohortMember.user_id == insider.id)) is None


def test_adding_the_same_learners_again_changes_nothing(db, admin, learners, cohort):
    assert cohort_service.add_learners(cohort, emails=[u.email for u in learners], actor_id=admin.id) == 0
    assert db.session.scalar(select(func.count(CohortMember.id))) == 3


def test_only_the_centers_trainers_and_admins_can_train_a_cohort(admin, learners, cohort):
    with pytest.raises(CohortError):
        cohort_service.add_trainer(cohort, user_id=learners[0].id, actor_id=admin.id)


def test_assigning_the_same_program_again_changes_its_due_date(db, admin, program, cohort):
    from lms.centers.cohort_models import Assignment

    cohort_service.assign(cohort, target=f"program:{program.id}", due_on=date(2030, 1, 1), actor_id=admin.id)
    assert [a.due_on for a in db.session.scalars(select(Assignment))] == [date(2030, 1, 1)]


@pytest.mark.pg
def test_a_team_has_at_most_four_people_and_each_learner_one_team(db_backend, db, center, admin, make_user,
                                                                  learners, cohort):
    extra = [make_user(discipline="officer") for _ in range(3)]
    cohort_service.add_learners(cohort, emails=[u.email for u in extra], actor_id=admin.id)
    with pytest.raises(CohortError, match="at most 4"):
        team_service.create_team(cohort, name="Big", user_ids=[u.id for u in extra] + [learners[0].id] * 2
                                 + [learners[1].id, learners[2].id], actor_id=admin.id)
    with pytest.raises(CohortError, match="not in a team"):
        team_service.create_team(cohort, name="Again", user_ids=[learners[0].id], actor_id=admin.id)
    with pytest.raises(CohortError, match="already has a team"):
        team_service.create_team(cohort, name="team a", user_ids=[], actor_id=admin.id)
    team = team_service.create_team(cohort, name="B", user_ids=[extra[0].id], actor_id=admin.id)
    first = db.session.scalar(select(Team).where(Team.name == "Team A"))
    team_service.move_member(cohort, user_id=extra[1].id, team_id=first.id, actor_id=admin.id)
    with pytest.raises(CohortError, match="already has 4"):
        team_service.move_member(cohort, user_id=extra[2].id, team_id=first.id, actor_id=admin.id)
    team_service.move_member(cohort, user_id=learners[0].id, team_id=team.id, actor_id=admin.id)
    assert db.session.scalar(select(TeamMember.team_id).where(TeamMember.user_id == learners[0].id)) == team.id
    assert team_service.teams_of(cohort.id, team.id)[0].problems == ["the team has no clinician"]


def test_the_teams_csv_lists_members_warnings_and_team_completion(db, center, admin, learners, signed_in, cohort):
    from tests.centers.test_reports import _csv

    rows = _csv(signed_in(admin).get(f"/centers/{center.slug}/cohorts/{cohort.id}/teams.csv"))
    assert rows[0] == ["team", "member", "discipline", "agency", "warnings", "team completion"]
    assert len(rows) == 4 and rows[1][0] == "Team A" and rows[1][5] == "due 2099-11-30: 0 of 3 done"
