"""Roster import against the database: all or nothing, every bad row listed, matched by email, teams checked."""
import pytest
from sqlalchemy import func, select

from lms.auth.models import User
from lms.centers.cohort_models import Cohort, CohortMember, Team, TeamMember
from lms.centers.models import Membership
from tests.centers.conftest import confirm_fields, import_roster, roster_csv, upload_roster

pytestmark = pytest.mark.pg


@pytest.fixture
def admin_client(client, login, make_user):
    login(make_user("center_admin"))
    return client


@pytest.fixture
def cohort(db, center):
    cohort = Cohort(center_id=center.id, name="Fall 2026")
    db.session.add(cohort)
    db.session.commit()
    return cohort


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_one_bad_row_blocks_the_whole_file_and_every_bad_row_is_listed(admin_client, db, center, cohort):
    users_before = count(db, User)
    text = roster_csv([
        ("good@example.org", "Good Person", "officer", "PD", "", "", ""),
        ("dup@example.org", "First Dup", "officer", "PD", "", "", ""),
        ("DUP@example.org", "Second Dup", "clinician", "Clinic", "", "", ""),
        ("c@example.org", "Cohort Less", "officer", "PD", "Spring 1999", "", ""),
        ("new@example.org", "No Discipline", "", "PD", "", "", ""),
    ])
    response = upload_roster(admin_client, center.slug, text)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nothing was imported: 3 problems" in page
    assert "Line 4: email: dup@example.org is already on line 3" in page
    assert "Line 5: cohort: unknown cohort &#39;Spring 1999&#39; at this center" in page
    assert "Line 6: discipline: required for a new person" in page
    assert 'name="digest"' not in page
    assert count(db, User) == users_before


def test_a_team_without_a_clinician_is_refused_with_its_lines(admin_client, db, center, cohort):
    text = roster_csv([
        ("o1@example.org", "Officer One", "officer", "PD", "Fall 2026", "Team A", ""),
        ("o2@example.org", "Officer Two", "officer", "PD", "fall 2026", "team a", ""),
        ("o3@example.org", "Officer Three", "officer", "PD", "Fall 2026", "Team B", ""),
        ("c3@example.org", "Clinician Three", "clinician", "Clinic", "Fall 2026", "Team B", ""),
    ])
    page = upload_roster(admin_client, center.slug, text).get_data(as_text=True)
    assert "Line 2: team &#39;Team A&#39; in cohort &#39;Fall 2026&#39; (lines 2, 3): the team has no clinician" in page
    assert "Team B" not in page.split("Nothing was imported")[1].split("</ul>")[0]


def test_cohorts_and_teams_are_filled_and_a_second_import_moves_a_member(admin_client, db, center, cohort):
    first = roster_csv([
        ("o1@example.org", "Officer One", "officer", "PD", "Fall 2026", "Team A", ""),
        ("c1@example.org", "Clinician One", "clinician", "Clinic", "Fall 2026", "Team A", ""),
        ("w1@example.org", "Worker One", "cps_worker", "DSS", "Fall 2026", "Team A", ""),
        ("o2@example.org", "Officer Two", "officer", "PD", "Fall 2026", "Team B", ""),
        ("c2@example.org", "Clinician Two", "clinician", "Clinic", "Fall 2026", "Team B", "trainer"),
    ])
    assert import_roster(admin_client, center.slug, first).status_code == 302
    assert count(db, CohortMember) == 5 and count(db, Team) == 2 and count(db, TeamMember) == 5
    moved = roster_csv([("w1@example.org", "Worker One", "cps_worker", "DSS", "Fall 2026", "Team B", "")])
    preview = upload_roster(admin_client, center.slug, moved).get_data(as_text=True)
    assert "moves to team &#39;Team B&#39;" in preview
    assert import_roster(admin_client, center.slug, moved).status_code == 302
    worker = db.session.scalar(select(User).where(User.email == "w1@example.org"))
    team = db.session.scalar(select(Team).join(TeamMember, TeamMember.team_id == Team.id)
                             .where(TeamMember.user_id == worker.id))
    assert team.name == "Team B"
    role = db.session.scalar(select(Membership.role).join(User).where(User.email == "c2@example.org"))
    assert role == "trainer"


def test_changes_to_existing_people_are_previewed_then_applied(admin_client, db, center, make_user):
    person = make_user("learner", email="known@example.org", full_name="Known Person")
    text = ("email,full_name,agency,badge_number,role\n"
            "known@example.org,Known Person,Metro PD,4471,trainer\n")
    page = upload_roster(admin_client, center.slug, text).get_data(as_text=True)
    assert "agency: &#39;Test PD&#39; → &#39;Metro PD&#39;" in page and "role: Learner → Trainer" in page
    assert "0 invitation emails" in page
    assert import_roster(admin_client, center.slug, text).status_code == 302
    db.session.refresh(person)
    assert (person.agency, person.badge_number) == ("Metro PD", "4471")


def test_a_confirmation_for_a_plan_that_changed_shows_the_new_preview(admin_client, db, center, make_user):
    text = roster_csv([("late@example.org", "Late Comer", "officer", "PD", "", "", "")])
    fields = confirm_fields(upload_roster(admin_client, center.slug, text).get_data(as_text=True))
    make_user("learner", email="late@example.org")  # someone else created this account meanwhile
    response = admin_client.post(f"/centers/{center.slug}/roster/confirm", data=fields,
                                 content_type="multipart/form-data")
    assert response.status_code == 422 and "The center changed since the preview" in response.get_data(as_text=True)


def test_a_tampered_confirmation_is_refused_without_a_write(admin_client, db, center):
    users = count(db, User)
    response = admin_client.post(f"/centers/{center.slug}/roster/confirm",
                                 data={"content": "!!!not base64", "digest": "0" * 64},
                                 content_type="multipart/form-data")
    assert response.status_code == 422 and count(db, User) == users


def test_an_oversized_upload_gets_a_clear_message(admin_client, center, app):
    app.config["ROSTER_MAX_BYTES"] = 1000
    response = upload_roster(admin_client, center.slug, "email,full_name\n" + "x@example.org,X\n" * 100)
    assert response.status_code == 422 and "the limit is 0.0 MB" in response.get_data(as_text=True)


def test_the_example_file_imports_cleanly(admin_client, center):
    template = admin_client.get(f"/centers/{center.slug}/roster/template.csv")
    assert template.data.startswith("\ufeff".encode())
    assert import_roster(admin_client, center.slug, template.data).status_code == 302
