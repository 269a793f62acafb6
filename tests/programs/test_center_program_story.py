"""The story of a center's own program in the browser: its admin makes it from a shared module and the center's
own, assigns it to a cohort; a learner completes it and gets a certificate naming it, issued by the center; a change
later leaves that certificate as it was; a member of another center never finds it to take or run."""
from datetime import date

import pytest
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.centers import cohort_service
from lms.centers.service import create_center
from lms.certificates.issuing.center_settings import save_settings
from lms.certificates.models import Certificate
from lms.programs.models import Program
from tests.conftest import PASSWORD
from tests.programs.conftest import LESSONS

pytestmark = pytest.mark.pg

FORM = {"program_slug": "county-refresher", "title": "County refresher", "summary": "Our county's refresher.",
        "modules": "sample-module\nour-county\n", "ce_hours": "1", "validity_months": "24",
        "objectives": "Describe the county's referral routes\nApply the scene protocol", "evaluation": "optional",
        "layout_officer": "post", "layout_clinician": "ce", "layout_cps_worker": "ce", "layout_other": "ce",
        "post_authority": "State POST", "ce_category": "Clinical practice", "delivery_format": "Online",
        "course_level": "Introductory", "approval_statement": ""}


def signed_in(app, user):
    client = app.test_client()
    assert client.post("/signin", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def test_a_center_program_is_made_assigned_completed_and_certified_by_the_center(app, db, center, make_user,
                                                                                 own_module, issuing):
    admin, learner = make_user("center_admin"), make_user()
    other = create_center(name="Northeast Regional Training Center", region="New Haven, CT")
    stranger, other_admin = make_user(center_obj=other), make_user("center_admin", center_obj=other)
    staff = signed_in(app, admin)
    page = staff.get(f"/centers/{center.slug}/programs/new").get_data(as_text=True)
    assert "our-county" in page and "sample-module" in page  # the modules it may include are listed
    assert staff.post(f"/centers/{center.slug}/programs/new", data=FORM).status_code == 302
    program = db.session.scalar(select(Program).where(Program.slug == "county-refresher"))
    assert program.owner_center_id == center.id
    assert "County refresher" in staff.get(f"/centers/{center.slug}/programs").get_data(as_text=True)
    # The center's settings page gives it a POST course number like any program (an officer's certificate needs one).
    assert f'name="post_{program.id}"' in staff.get(f"/centers/{center.slug}/admin/settings").get_data(as_text=True)
    save_settings(center_id=center.id, actor_id=admin.id, signatory_name="Dr. A", signatory_title="Director",
                  ce_provider_name="RTC", ce_provider_number="1", requires_approval=False,
                  programs={program.id: ("POST-77", "")})

    cohort = cohort_service.create_cohort(center_id=center.id, name="Spring", starts_on=None, ends_on=None,
                                          actor_id=admin.id)
    cohort_service.add_learners(cohort, emails=[learner.email], actor_id=admin.id)
    assert f"program:{program.id}" in staff.get(f"/centers/{center.slug}/cohorts/{cohort.id}").get_data(as_text=True)
    assert staff.post(f"/centers/{center.slug}/cohorts/{cohort.id}/assignments",
                      data={"target": f"program:{program.id}", "due_on": "2099-01-01"}).status_code == 302

    me = signed_in(app, learner)
    dashboard = me.get("/dashboard").get_data(as_text=True)
    assert "County refresher" in dashboard and "/programs/county-refresher" in dashboard
    assert "Our county" in me.get("/programs/county-refresher").get_data(as_text=True)
    for lesson in ("first-lesson", "second-lesson"):
        me.post(f"/modules/sample-module/lessons/{lesson}/done")
    assert db.session.scalar(select(Certificate)) is None  # one module to go
    for lesson in LESSONS:
        me.post(f"/modules/our-county/lessons/{lesson}/done")
    certificate = db.session.scalar(select(Certificate))
    assert certificate is not None and certificate.user_id == learner.id and certificate.center_id == center.id
    assert certificate.program_version_id == program.current_version_id
    assert certificate.snapshot["document"]["program_title"] == "County refresher"
    assert certificate.snapshot["document"]["center_name"] == center.name
    assert certificate.snapshot["document"]["accreditation"]["post_course_number"] == "POST-77"
    assert "County refresher" in me.get("/certificates").get_data(as_text=True)

    # A change is a new version; the certificate keeps what it said (its snapshot and its version).
    form = staff.get(f"/centers/{center.slug}/programs/county-refresher/edit").get_data(as_text=True)
    assert "Describe the county&#39;s referral routes" in form or "Describe the county's referral routes" in form
    changed = {**FORM, "title": "County refresher, second edition",
               "expected": str(program.current_version_id)}
    assert staff.post(f"/centers/{center.slug}/programs/county-refresher/edit", data=changed).status_code == 302
    db.session.expire_all()
    assert program.current_version.number == 2 and certificate.snapshot["document"]["program_title"] == "County refresher"
    assert certificate.program_version.title == "County refresher"
    verified = app.test_client().get(f"/verify/{certificate.public_id}").get_data(as_text=True)
    assert "County refresher" in verified and "second edition" not in verified
    assert [e for e in db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("program.%")))] == [
        "program.created", "program.updated"]

    # Another center's member and admin never find it among programs to take or run; its description (the
    # Achievement the certificate names) is public now that it has issued one (tests/programs/
    # test_center_program_achievement.py), its evaluation is not.
    outsider = signed_in(app, stranger)
    assert outsider.get("/programs/county-refresher/evaluation").status_code == 404
    assert app.test_client().get("/programs/county-refresher/evaluation").status_code in (302, 404)
    for url in ("/programs/county-refresher", "/programs/county-refresher/image.svg"):
        assert outsider.get(url).status_code == 200 and app.test_client().get(url).status_code == 200, url
    assert "County refresher" not in outsider.get("/dashboard").get_data(as_text=True)
    theirs = signed_in(app, other_admin)
    assert theirs.get(f"/centers/{center.slug}/programs").status_code == 404
    assert theirs.get(f"/centers/{other.slug}/programs/county-refresher/edit").status_code == 404
    assert "County refresher" not in theirs.get(f"/centers/{other.slug}/programs").get_data(as_text=True)
    assert theirs.post(f"/centers/{other.slug}/programs/county-refresher/archive").status_code == 404


@pytest.mark.parametrize("changes, message", [
    ({"modules": "sample-module\nnot-a-module"}, "No published module is called &#39;not-a-module&#39;"),
    ({"modules": ""}, "List at least one module."),
    ({"program_slug": "sample-program"}, "A program called &#39;sample-program&#39; already exists"),
    ({"ce_hours": "abc"}, "Not a valid decimal value"),
    ({"modules": "sample-module\nsample-module"}, "A module is listed twice"),
])
def test_a_bad_program_form_is_shown_again_with_the_reason_and_nothing_is_saved(app, db, center, make_user,
                                                                                own_module, changes, message):
    staff = signed_in(app, make_user("center_admin"))
    response = staff.post(f"/centers/{center.slug}/programs/new", data={**FORM, **changes})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Program).where(Program.owner_center_id.is_not(None))) is None


def test_an_archived_program_is_offered_no_more_and_can_be_offered_again(app, db, center, make_user, own_module):
    staff = signed_in(app, make_user("center_admin"))
    staff.post(f"/centers/{center.slug}/programs/new", data=FORM)
    program = db.session.scalar(select(Program).where(Program.slug == "county-refresher"))
    cohort = cohort_service.create_cohort(center_id=center.id, name="Spring", starts_on=None, ends_on=None,
                                          actor_id=None)
    assert staff.post(f"/centers/{center.slug}/programs/county-refresher/archive").status_code == 302
    with pytest.raises(cohort_service.CohortError, match="Choose a published program"):
        cohort_service.assign(cohort, target=f"program:{program.id}", due_on=date(2099, 1, 1), actor_id=None)
    assert "(archived)" in staff.get(f"/centers/{center.slug}/programs").get_data(as_text=True)
    staff.post(f"/centers/{center.slug}/programs/county-refresher/archive?restore=1")
    cohort_service.assign(cohort, target=f"program:{program.id}", due_on=date(2099, 1, 1), actor_id=None)
