"""The certificate issued when the last requirement is met lists the activities counted (kind, date, hours,
signers' names and roles) and the sessions attended, in its snapshot, its PDF and the verify page and JSON."""
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from lms.certificates.issuing.selectors import document_pdf
from lms.certificates.models import Certificate
from lms.practicum import sessions
from lms.practicum.selectors import roster
from lms.programs.service import publish_program
from lms.programs.spec import parse_program
from tests.certificates.conftest import pdf_text
from tests.practicum.conftest import START, entry_data, outbox_links
from tests.practicum.test_program_requirements import BASE
from tests.web.test_certificates import complete_program, issuing_center  # noqa: F401  (fixture)

pytestmark = pytest.mark.pg
CE = "accreditation: {ce: {category: Clinical practice, delivery_format: Blended, course_level: Introductory}}"


@pytest.fixture
def field_program(db, center, content):
    """'sample' needs sample-module, for clinicians one signed ride-along, and one session of the seminar."""
    from lms.certificates.issuing.center_keys import create_center_key
    from lms.certificates.issuing.center_settings import save_settings

    text = BASE.replace("accreditation: {}", CE) + ("activities:\n  ride_along: {count: 1, for: [clinician]}\n"
                                                    "sessions:\n  - {series: CD-CP seminar, attend: 1}\n")
    version = publish_program(parse_program(text, "programs/sample.yaml", slug="sample",
                                            module_slugs={"sample-module"})).version
    db.session.commit()
    save_settings(center_id=center.id, actor_id=None, signatory_name="Dr. A", signatory_title="Director",
                  ce_provider_name="RTC", ce_provider_number="1", requires_approval=False,
                  programs={version.program_id: ("POST-1", "Approved.")})
    create_center_key(center)
    return version


def attend_seminar(center, team, *, title: str, series: str = "CD-CP seminar", late: int = 0):
    """A two-hour seminar two days before START, the clinician ticked on the roster."""
    start = START - timedelta(days=2)
    session = sessions.schedule_session(
        cohort_id=team["cohort"].id, center_id=center.id, actor_id=team["trainer"].id, now=START,
        values=sessions.SessionValues(series=series, title=title, starts_at=start,
                                      ends_at=start + timedelta(hours=2), place="Room B", video_url="",
                                      capacity=20, credit_minutes=120))
    sessions.register(session=session, user_id=team["clinician"].id, now=START)
    [row] = roster(session.id)
    sessions.mark_roster(session=session, center_id=center.id, actor_id=team["trainer"].id, now=START,
                         marks=[sessions.RosterMark(registration_id=row.id, attended=True, late=late, early=0)])
    return session


def test_the_certificate_lists_the_signed_ride_along_and_the_seminar(client, login, db, center, team, supervisors,
                                                                      field_program, tmp_path):
    clinician = team["clinician"]
    attend_seminar(center, team, title="Other series", series="Something else")  # not the program's series
    attend_seminar(center, team, title="Seminar 1: First contact with a child", late=30)
    login(clinician)
    for lesson in ("first-lesson", "second-lesson"):
        client.post(f"/modules/sample-module/lessons/{lesson}/done")
    client.post("/practicum/new", data=entry_data())
    client.post("/signout")
    links = outbox_links(tmp_path)
    assert db.session.scalar(select(Certificate)) is None
    for signer in ("brooks@cmpd.test", "chen@clinic.test"):
        client.post(links[signer], data={"decision": "approved"})
    certificate = db.session.scalar(select(Certificate))
    document = certificate.snapshot["document"]
    assert document["activities"] == [{"kind": "Ride-along", "date": "2026-11-19", "hours": "5.5", "signers": [
        {"name": "Sgt. Dana Brooks", "role": "Police supervisor"},
        {"name": "Dr. Lee Chen", "role": "Clinical supervisor"}]}]
    assert document["sessions"] == [{"title": "Seminar 1: First contact with a child", "date": "2026-11-18",
                                     "hours": "1.5"}]  # 30 minutes late to a two-hour, two-credit-hour seminar

    text = "".join(pdf_text(document_pdf(certificate.id)).split())
    assert "Ride-along·Nov19,2026·5.5h" in text and "Dr.LeeChen(Clinicalsupervisor)" in text
    assert "Seminar1:Firstcontactwithachild·Nov18,2026·1.5h" in text and "Otherseries" not in text

    record = client.get(f"/verify/{certificate.public_id}.json").get_json()
    assert record["activities"] == document["activities"] and record["field_hours"] == "5.5"
    assert record["sessions"] == document["sessions"] and record["session_hours"] == "1.5"
    page = client.get(f"/verify/{certificate.public_id}").get_data(as_text=True)
    assert "Field work signed off (5.5 h)" in page and "Sgt. Dana Brooks (Police supervisor)" in page
    assert "Seminar 1: First contact with a child, 2026-11-18, 1.5 h" in page
    assert "North division" not in page and "Rode the evening shift" not in page  # no reflection or place


def test_a_certificate_issued_before_the_practicum_still_verifies_and_downloads(client, db, issuing_center,  # noqa: F811
                                                                                make_user, login):
    learner = make_user(discipline="officer")
    complete_program(db, learner.id)
    certificate = db.session.scalar(select(Certificate))
    old = dict(certificate.snapshot)
    old["document"] = {k: v for k, v in old["document"].items() if k not in ("activities", "sessions")}
    db.session.execute(update(Certificate).where(Certificate.id == certificate.id).values(snapshot=old))
    db.session.commit()
    db.session.expire_all()
    record = client.get(f"/verify/{certificate.public_id}.json").get_json()
    assert record["status"] == "valid" and record["activities"] == [] and record["sessions"] == []
    page = client.get(f"/verify/{certificate.public_id}")
    assert page.status_code == 200 and "Field work" not in page.get_data(as_text=True)
    login(learner)
    assert client.get("/certificates").status_code == 200
