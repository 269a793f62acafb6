"""Sign-off: both required signers through single-use expiring links, returns, bulk approval, corrections."""
import pytest
from sqlalchemy import func, select

from lms.audit.models import AppendOnlyError, AuditEvent
from lms.practicum.models import PracticumEntry, SignoffRequest
from lms.practicum.selectors import counted_entries
from tests.practicum.conftest import entry_data, outbox_links

pytestmark = pytest.mark.pg


@pytest.fixture
def submitted(client, login, team, supervisors, db, tmp_path):
    """A ride-along the clinician sent; the links from the outbox; the client signed out."""
    login(team["clinician"])
    assert client.post("/practicum/new", data=entry_data()).status_code == 302
    client.post("/signout")
    return db.session.scalar(select(PracticumEntry)), outbox_links(tmp_path)


def decide(client, link, decision="approved", comment=""):
    return client.post(link, data={"decision": decision, "comment": comment})


def test_an_entry_counts_only_when_both_signers_approved(client, db, team, submitted):
    entry, links = submitted
    page = client.get(links["brooks@cmpd.test"]).get_data(as_text=True)
    assert "Sign off as police supervisor" in page and "Rode the evening shift" in page
    assert decide(client, links["brooks@cmpd.test"]).status_code == 200
    db.session.expire_all()
    assert db.session.get(PracticumEntry, entry.id).status == "pending"
    assert counted_entries(team["clinician"].id) == []
    done = decide(client, links["chen@clinic.test"])
    assert "Every required signature is in" in done.get_data(as_text=True)
    db.session.expire_all()
    signed = db.session.get(PracticumEntry, entry.id)
    assert signed.status == "signed" and signed.signed_at is not None
    assert [e.id for e in counted_entries(team["clinician"].id)] == [entry.id]
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"practicum.submitted", "practicum.approved"} <= actions


def test_a_used_link_says_so_and_changes_nothing(client, db, submitted):
    entry, links = submitted
    decide(client, links["brooks@cmpd.test"])
    again = client.get(links["brooks@cmpd.test"])
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)
    reposted = decide(client, links["brooks@cmpd.test"], "returned", "changed my mind")
    assert reposted.status_code == 410
    db.session.expire_all()
    assert db.session.get(PracticumEntry, entry.id).status == "pending"


def test_an_expired_or_unknown_link_says_so_and_changes_nothing(client, db, clock, submitted):
    entry, links = submitted
    assert client.get("/signoff/not-a-token").status_code == 410
    clock.advance(days=15)
    expired = decide(client, links["chen@clinic.test"])
    assert expired.status_code == 410 and "expired" in expired.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(SignoffRequest)
                             .where(SignoffRequest.decided_at.is_not(None))) == 0


def test_returning_needs_a_comment_and_sends_the_entry_back(client, login, db, team, tmp_path, submitted):
    entry, links = submitted
    refused = decide(client, links["chen@clinic.test"], "returned", "")
    assert refused.status_code == 422 and "Say what the learner should change" in refused.get_data(as_text=True)
    decide(client, links["chen@clinic.test"], "returned", "The shift ended at 23:00, not 23:30.")
    db.session.expire_all()
    returned = db.session.get(PracticumEntry, entry.id)
    assert returned.status == "returned"
    assert client.get(links["brooks@cmpd.test"]).status_code == 410  # the other link is withdrawn
    login(team["clinician"])
    page = client.get(f"/practicum/entries/{entry.id}/edit").get_data(as_text=True)
    assert "The shift ended at 23:00, not 23:30." in page
    assert client.post(f"/practicum/entries/{entry.id}/edit", data=entry_data(end_time="23:00")).status_code == 302
    fresh = outbox_links(tmp_path)
    assert fresh["brooks@cmpd.test"] != links["brooks@cmpd.test"]
    client.post("/signout")
    decide(client, fresh["brooks@cmpd.test"])
    decide(client, fresh["chen@clinic.test"])
    db.session.expire_all()
    assert db.session.get(PracticumEntry, entry.id).minutes == 300
    assert db.session.get(PracticumEntry, entry.id).status == "signed"


def test_an_approval_of_the_returned_text_does_not_carry_over(client, login, db, team, tmp_path, submitted):
    entry, links = submitted
    decide(client, links["brooks@cmpd.test"])
    decide(client, links["chen@clinic.test"], "returned", "Say what you did, not what the family said.")
    login(team["clinician"])
    client.post(f"/practicum/entries/{entry.id}/edit", data=entry_data(reflection="Rode along; I listened."))
    client.post("/signout")
    decide(client, outbox_links(tmp_path)["chen@clinic.test"])
    db.session.expire_all()
    assert db.session.get(PracticumEntry, entry.id).status == "pending"  # the sergeant must sign the new text


def test_a_signed_in_supervisor_approves_several_entries_at_once(client, login, db, team, supervisors, make_user):
    login(team["clinician"])
    for day in ("2026-11-17", "2026-11-18"):
        client.post("/practicum/new", data=entry_data(occurred_on=day))
    client.post("/signout")
    sergeant = make_user(email="brooks@cmpd.test", full_name="Dana Brooks")
    stranger = make_user()
    login(stranger)
    assert "Nothing is waiting for you" in client.get("/signoff").get_data(as_text=True)
    ids = [str(i) for i in db.session.scalars(select(SignoffRequest.id).where(SignoffRequest.role == "police"))]
    client.post("/signoff/approve", data={"request_id": ids})  # not theirs: nothing happens
    client.post("/signout")
    login(sergeant)
    assert client.get("/signoff").get_data(as_text=True).count("Ride-along") == 2
    response = client.post("/signoff/approve", data={"request_id": ids}, follow_redirects=True)
    assert "Approved 2 entries" in response.get_data(as_text=True)
    approved = db.session.scalars(select(SignoffRequest).where(SignoffRequest.decision == "approved")).all()
    assert len(approved) == 2 and {r.decided_by_id for r in approved} == {sergeant.id}


def test_signed_entries_never_change_and_a_correction_supersedes_them(client, login, db, team, tmp_path,
                                                                      submitted):
    entry, links = submitted
    decide(client, links["brooks@cmpd.test"])
    decide(client, links["chen@clinic.test"])
    db.session.expire_all()
    signed = db.session.get(PracticumEntry, entry.id)
    signed.reflection = "rewritten"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    login(team["clinician"])
    assert client.post(f"/practicum/entries/{entry.id}/correct", data={"reason": ""}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(PracticumEntry)) == 1
    client.post(f"/practicum/entries/{entry.id}/correct", data={"reason": "Wrong date"})
    correction = db.session.scalar(select(PracticumEntry).where(PracticumEntry.supersedes_id == entry.id))
    assert correction.status == "draft" and correction.correction_reason == "Wrong date"
    client.post(f"/practicum/entries/{correction.id}/edit", data=entry_data(occurred_on="2026-11-18"))
    assert [e.id for e in counted_entries(team["clinician"].id)] == [entry.id]  # still counts until re-signed
    fresh = outbox_links(tmp_path)
    client.post("/signout")
    decide(client, fresh["brooks@cmpd.test"])
    decide(client, fresh["chen@clinic.test"])
    assert [e.id for e in counted_entries(team["clinician"].id)] == [correction.id]
    db.session.expire_all()
    assert db.session.get(PracticumEntry, entry.id).reflection.startswith("Rode the evening shift")


def test_center_admins_keep_the_approved_supervisors(client, login, db, make_user, center):
    admin = make_user("center_admin")
    login(admin)
    bad = client.post(f"/centers/{center.slug}/practicum/supervisors",
                      data={"full_name": "Sgt. X", "email": "not-an-email", "agency": "PD", "role": "police"})
    assert bad.status_code == 422
    ok = client.post(f"/centers/{center.slug}/practicum/supervisors",
                     data={"full_name": "Sgt. X", "email": "X@PD.test", "agency": "PD", "role": "police"},
                     follow_redirects=True)
    assert "x@pd.test" in ok.get_data(as_text=True)
    from lms.practicum.models import ApprovedSupervisor
    row = db.session.scalar(select(ApprovedSupervisor))
    client.post(f"/centers/{center.slug}/practicum/supervisors/{row.id}/remove")
    db.session.expire_all()
    assert db.session.get(ApprovedSupervisor, row.id).removed_at is not None
    tz = client.post(f"/centers/{center.slug}/practicum/time-zone", data={"time_zone": "Mars/Olympus"},
                     follow_redirects=True)
    assert "Use a time zone name" in tz.get_data(as_text=True)
