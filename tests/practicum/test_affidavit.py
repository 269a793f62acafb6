"""A session's affidavit of attendance: a PDF signed with the center's key, listing the session, date, hours and
every attendee with partial hours; trainers of the cohort and center admins download it, nobody else."""
from datetime import date, timedelta

import pdfplumber
import pytest
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.certificates.documents.affidavit import Affidavit, Attendee
from lms.certificates.documents.pades import validate
from lms.certificates.models import CenterKey
from lms.practicum import sessions
from lms.practicum.selectors import roster
from tests.practicum.conftest import START

pytestmark = pytest.mark.pg


@pytest.fixture
def held(db, center, team, make_user):
    """A two-hour seminar two days ago: the clinician came 30 minutes late, the officer stayed throughout, a third
    learner registered and did not come; the center can sign."""
    from lms.certificates.issuing.center_keys import create_center_key
    from lms.certificates.issuing.center_settings import save_settings

    save_settings(center_id=center.id, actor_id=None, signatory_name="Dr. Renee Castillo",
                  signatory_title="Director of Training", ce_provider_name="RTC", ce_provider_number="1",
                  requires_approval=False, programs={})
    create_center_key(center)
    absent = make_user(full_name="Absent Learner")
    start = START - timedelta(days=2)  # 10:00 in New York
    session = sessions.schedule_session(
        cohort_id=team["cohort"].id, center_id=center.id, actor_id=team["trainer"].id, now=START,
        values=sessions.SessionValues(series="CD-CP seminar", title="Seminar 2: The police–clinician partnership",
                                      starts_at=start, ends_at=start + timedelta(hours=2), place="Training room B",
                                      video_url="", capacity=20, credit_minutes=120))
    for user in (team["clinician"], team["officer"], absent):
        sessions.register(session=session, user_id=user.id, now=START)
    late = {team["clinician"].id: 30}
    sessions.mark_roster(session=session, center_id=center.id, actor_id=team["trainer"].id, now=START, marks=[
        sessions.RosterMark(registration_id=r.id, attended=r.user_id != absent.id, late=late.get(r.user_id, 0),
                            early=0) for r in roster(session.id)])
    return session


def test_the_affidavit_is_signed_by_the_center_and_lists_each_attendee_with_partial_hours(
        client, login, db, center, team, held, tmp_path):
    login(team["trainer"])
    roster_page = client.get(f"/centers/{center.slug}/sessions/{held.id}").get_data(as_text=True)
    assert f"/centers/{center.slug}/sessions/{held.id}/affidavit.pdf" in roster_page
    response = client.get(f"/centers/{center.slug}/sessions/{held.id}/affidavit.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    pdf = response.get_data()
    key = db.session.scalar(select(CenterKey).where(CenterKey.center_id == center.id))
    check = validate(pdf, key.certificate_pem)
    assert check.ok, check.problem
    assert check.signer_fingerprint == key.fingerprint
    path = tmp_path / "affidavit.pdf"
    path.write_bytes(pdf)
    with pdfplumber.open(path) as document:
        text = "\n".join(page.extract_text() for page in document.pages)
    for needed in ("Affidavit of Attendance", "Seminar 2: The police–clinician partnership", "CD-CP seminar",
                   "November 18, 2026", "10:00 AM – 12:00 PM EST", "Training room B",
                   "2 for attending the whole session", "Attendees (2; 3.5 hours in all)",
                   "Jordan Ellis Police officer", "Priya Raman", "1.5 arrived 30 min late", "Dr. Renee Castillo",
                   "Director of Training", f"Reference SESSION-{held.id}"):
        assert needed in text, needed
    assert "Absent Learner" not in text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "session.affidavit"))
    assert event.actor_id == team["trainer"].id and event.detail["attendees"] == 2


def test_learners_and_other_centers_get_404(client, login, db, center, team, held, make_user):
    from lms.centers.service import create_center

    other = create_center(name="Other RTC", region="Elsewhere")
    url = f"/centers/{center.slug}/sessions/{held.id}/affidavit.pdf"
    for user in (team["clinician"], make_user("trainer"), make_user("center_admin", center_obj=other)):
        login(user)
        assert client.get(url).status_code == 404
        client.post("/signout")
    assert client.get(f"/centers/{other.slug}/sessions/{held.id}/affidavit.pdf").status_code == 302  # sign in


def test_without_a_signing_key_the_roster_says_what_to_set_up(client, login, db, center, team, held):
    db.session.query(CenterKey).delete()
    db.session.commit()
    login(team["trainer"])
    response = client.get(f"/centers/{center.slug}/sessions/{held.id}/affidavit.pdf", follow_redirects=True)
    assert response.status_code == 200 and "no signing key yet" in response.get_data(as_text=True)


def test_an_affidavit_with_too_many_attendees_or_no_title_is_refused():
    from lms.certificates.documents.snapshot import SnapshotError

    base = dict(center_name="RTC", center_region="", title="Seminar", series="", held_on=date(2026, 11, 18),
                time_range="10:00 AM – 12:00 PM EST", place="", hours=2, signatory_name="Dr. A",
                signatory_title="Director", issued_on=date(2026, 11, 20), reference="SESSION-1")
    assert Affidavit(**base, attendees=(Attendee("A", "Officer", "PD", 2),)).total_hours == "2"
    with pytest.raises(SnapshotError, match="title"):
        Affidavit(**dict(base, title=" "), attendees=())
    with pytest.raises(SnapshotError, match="attendees"):
        Affidavit(**base, attendees=(Attendee("A", "Officer", "PD", 2),) * 1001)
