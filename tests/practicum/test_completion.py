"""A program that requires a field activity is completed when its last requirement is met, from either side."""
import pytest
from sqlalchemy import select

from lms.certificates.models import IssuanceRequest
from lms.programs.models import ProgramVersion
from lms.programs.service import publish_program
from tests.practicum.conftest import entry_data, outbox_links
from tests.practicum.test_program_requirements import parse

pytestmark = pytest.mark.pg


@pytest.fixture
def field_program(db, center, content):
    """'sample' needs sample-module and, for clinicians, one signed ride-along; the center can issue it."""
    from lms.certificates.issuing.center_keys import create_center_key
    from lms.certificates.issuing.center_settings import save_settings

    version = publish_program(parse("activities:\n  ride_along: {count: 1, for: [clinician]}\n")).version
    db.session.commit()
    save_settings(center_id=center.id, actor_id=None, signatory_name="Dr. A", signatory_title="Director",
                  ce_provider_name="RTC", ce_provider_number="1", requires_approval=False,
                  programs={version.program_id: ("POST-1", "Approved.")})
    create_center_key(center)
    return version


def requests_for(db, version):
    return db.session.scalars(select(IssuanceRequest.user_id).where(
        IssuanceRequest.program_version_id == version.id)).all()


def test_the_certificate_is_requested_when_the_last_signature_comes_in(client, login, db, team, supervisors,
                                                                       field_program, tmp_path):
    clinician = team["clinician"]
    login(clinician)
    for lesson in ("first-lesson", "second-lesson"):
        client.post(f"/modules/sample-module/lessons/{lesson}/done")
    assert requests_for(db, field_program) == []  # the modules are done, the ride-along is not
    client.post("/practicum/new", data=entry_data())
    client.post("/signout")
    links = outbox_links(tmp_path)
    client.post(links["brooks@cmpd.test"], data={"decision": "approved"})
    assert requests_for(db, field_program) == []  # one signature is not enough
    client.post(links["chen@clinic.test"], data={"decision": "approved"})
    assert requests_for(db, field_program) == [clinician.id]
    assert db.session.get(ProgramVersion, field_program.id).spec["activities"]["ride_along"]["count"] == 1
    login(clinician)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Sample: requirements" in page and "Ride-along:\n      1 of 1 signed" in page


def test_an_officer_is_not_held_to_the_clinicians_activity(client, login, db, team, field_program):
    login(team["officer"])
    for lesson in ("first-lesson", "second-lesson"):
        client.post(f"/modules/sample-module/lessons/{lesson}/done")
    assert requests_for(db, field_program) == [team["officer"].id]
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Modules:\n      1 of 1 completed" in page and "Ride-along" not in page
