"""A revocation holds everywhere: bulk issue leaves the learner out unless named (and shows who it will reach, then
what happened), the learner page offers no badge and badge.jwt answers 410; approval covers what learners earn,
while an admin's re-issue and bulk issue are themselves the approval."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.certificates.issuing.center_settings import save_settings
from lms.certificates.issuing.service import revoke
from lms.certificates.models import Certificate, IssuanceRequest
from lms.programs.models import Program
from tests.web.test_certificates import complete_program, issuing_center  # noqa: F401  (fixture)

pytestmark = pytest.mark.pg


def _require_approval(db, center) -> None:
    program = db.session.scalar(select(Program))
    save_settings(center_id=center.id, actor_id=None, signatory_name="Dr. Ada Lovelace",
                  signatory_title="Director", ce_provider_name="RTC", ce_provider_number="1",
                  requires_approval=True, programs={program.id: ("POST-1", "Approved.")})


def _live(db, user_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Certificate).where(Certificate.user_id == user_id))


@pytest.fixture
def revoked(app, db, issuing_center, make_user):  # noqa: F811
    learner = make_user(full_name="Revoked Learner")
    complete_program(db, learner.id)
    certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == learner.id))
    revoke(certificate, actor_id=make_user("center_admin").id, reason="Attendance was falsified")
    return learner, certificate


def test_bulk_issue_leaves_out_a_revoked_learner_unless_named(db, issuing_center, revoked, make_user, login,  # noqa: F811
                                                              client):
    learner, _ = revoked
    other = make_user(full_name="Waiting Learner")
    _require_approval(db, issuing_center)
    complete_program(db, other.id)  # as if they finished before certificates existed:
    db.session.execute(IssuanceRequest.__table__.delete().where(IssuanceRequest.user_id == other.id))
    db.session.commit()
    login(make_user("center_admin"))
    url = f"/centers/{issuing_center.slug}/admin/bulk"
    preview = client.post(url, data={"program": "sample-program"}).get_data(as_text=True)
    assert "1 learner will get a certificate" in preview and "Waiting Learner" in preview
    assert "Left out because their certificate was revoked" in preview and "Attendance was falsified" in preview
    job_page = client.post(url, data={"program": "sample-program", "confirm": "y"})
    assert _live(db, learner.id) == 1 and _live(db, other.id) == 1
    results = client.get(job_page.location).get_data(as_text=True)
    assert "<h2>Results</h2>" in results and results.count("Results") == 1
    assert "Waiting Learner" in results and "Revoked Learner" not in results
    client.post(url, data={"program": "sample-program", "confirm": "y", "include": str(learner.id)})
    assert _live(db, learner.id) == 2


def test_a_revoked_certificate_has_no_badge(issuing_center, revoked, login, client):  # noqa: F811
    learner, certificate = revoked
    login(learner)
    response = client.get(f"/certificates/{certificate.public_id}/badge.jwt")
    assert response.status_code == 410 and "revoked" in response.get_data(as_text=True)
    assert "badge.jwt" not in client.get("/certificates").get_data(as_text=True)


def test_approval_covers_what_learners_earn_and_an_admins_reissue_or_bulk_is_the_approval(
        db, issuing_center, make_user, login, client):  # noqa: F811
    _require_approval(db, issuing_center)
    learner = make_user()
    complete_program(db, learner.id)
    assert db.session.scalar(select(IssuanceRequest.status).where(IssuanceRequest.user_id == learner.id)) == \
        "awaiting_approval"
    admin = make_user("center_admin")
    login(admin)
    settings = client.get(f"/centers/{issuing_center.slug}/admin/settings").get_data(as_text=True)
    assert "re-issue and bulk issue count as approved" in settings
    client.post(f"/centers/{issuing_center.slug}/admin/requests/"
                f"{db.session.scalar(select(IssuanceRequest.id))}/approve")
    certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == learner.id))
    client.post(f"/centers/{issuing_center.slug}/admin/certificates/{certificate.public_id}/reissue")
    assert _live(db, learner.id) == 2  # the re-issue did not wait
