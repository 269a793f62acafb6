"""Certificates end to end: issued at completion, signed PDF, verification, approval, revocation, re-issue,
bulk, exports, and only one's own center's records."""
import io
import zipfile

import pytest
from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.certificates.issuing.center_keys import create_center_key
from lms.certificates.issuing.center_settings import save_settings
from lms.certificates.models import Certificate, IssuanceRequest
from lms.curriculum.models import Lesson, Module
from lms.demo_cohort import pass_quiz
from lms.programs.models import Program
from lms.progress.service import mark_lesson_done
from lms.quizzes.selectors import quiz_for
from tests.support.smtp import text_and_html

pytestmark = pytest.mark.pg


@pytest.fixture
def issuing_center(app, db, center, content):
    program = db.session.scalar(select(Program))
    save_settings(center_id=center.id, actor_id=None, signatory_name="Dr. Ada Lovelace",
                  signatory_title="Director of Training", ce_provider_name="Southeast RTC",
                  ce_provider_number="CE-1234", requires_approval=False,
                  programs={program.id: ("POST-2026-01", "Approved for 2 CE hours by the State Board.")})
    create_center_key(center)
    return center


def complete_program(db, user_id):
    """Finish every lesson of both sample modules and pass the quiz, as the services would."""
    for lesson in db.session.scalars(select(Lesson)).all():
        mark_lesson_done(user_id=user_id, lesson=lesson)
    module = db.session.scalar(select(Module).where(Module.slug == "quiz-module"))
    pass_quiz(user_id, module, quiz_for(module.current_version_id))


def test_completing_a_program_issues_a_signed_certificate_and_emails_the_learner(
        app, db, issuing_center, make_user, login, client, smtp):
    learner = make_user(discipline="officer", full_name="Jordan Ellis")
    complete_program(db, learner.id)
    certificate = db.session.scalar(select(Certificate))
    assert certificate is not None and certificate.user_id == learner.id
    document = certificate.snapshot["document"]
    assert document["learner_name"] == "Jordan Ellis" and document["layout"] == "post"
    assert document["accreditation"]["post_course_number"] == "POST-2026-01"
    assert [m["module"] for m in certificate.snapshot["modules"]] == ["sample-module", "quiz-module"]
    [mail] = [m for m in smtp.messages if m["Subject"].startswith("Your certificate")]
    assert mail["To"] == learner.email
    text, html = text_and_html(mail)  # both parts, from mail/certificate_issued.{txt,html}
    assert all("has issued your certificate" in part and certificate.short_code in part for part in (text, html))
    assert f'href="{document["verify_url"]}"' in html and document["verify_url"] in text
    login(learner)
    page = client.get("/certificates").get_data(as_text=True)
    assert certificate.short_code in page and "Valid" in page
    pdf = client.get(f"/certificates/{certificate.public_id}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_the_verify_page_shows_status_and_only_public_facts(app, db, issuing_center, make_user, client):
    learner = make_user(discipline="clinician", full_name="Priya Raman", email="priya@example.org")
    complete_program(db, learner.id)
    certificate = db.session.scalar(select(Certificate))
    html = client.get(f"/verify/{certificate.public_id}").get_data(as_text=True)
    assert "Valid" in html and "Priya Raman" in html and "Sample Cross-Training Program" in html
    assert "priya@example.org" not in html and "Test PD" not in html
    data = client.get(f"/verify/{certificate.public_id}.json").get_json()
    assert data["status"] == "valid" and data["ce_hours"] == "2"
    assert data["signing_certificate_sha256"] == certificate.center_key.fingerprint
    typed = certificate.short_code.lower().replace("-", " ")
    assert "Priya Raman" in client.get(f"/verify?code={typed}").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/verify/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/verify/not-an-id",
                                 "/verify?code=CDCP-0000-0000", "/verify?code=%3Cscript%3E",
                                 "/verify/" + "x" * 500])
def test_an_unknown_or_forged_code_gets_a_plain_not_found_page(client, url):
    response = client.get(url)
    assert response.status_code == 404 and "No certificate has this code" in response.get_data(as_text=True)


def test_revoking_shows_the_reason_to_verifiers_and_is_audited(app, db, issuing_center, make_user, login, client):
    learner = make_user()
    complete_program(db, learner.id)
    certificate = db.session.scalar(select(Certificate))
    admin = make_user("center_admin")
    login(admin)
    response = client.post(f"/centers/{issuing_center.slug}/admin/certificates/{certificate.public_id}/revoke",
                           data={"reason": "Issued in error"})
    assert response.status_code == 302
    data = client.get(f"/verify/{certificate.public_id}.json").get_json()
    assert data["status"] == "revoked" and data["revocation_reason"] == "Issued in error"
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "certificate.revoked", AuditEvent.actor_id == admin.id)) == 1


def test_reissue_supersedes_the_old_certificate_with_the_current_name(app, db, issuing_center, make_user, login,
                                                                      client):
    learner = make_user(full_name="Jordan Elis")
    complete_program(db, learner.id)
    old = db.session.scalar(select(Certificate))
    learner.full_name = "Jordan Ellis"
    db.session.commit()
    login(make_user("center_admin"))
    client.post(f"/centers/{issuing_center.slug}/admin/certificates/{old.public_id}/reissue")
    new = db.session.scalar(select(Certificate).where(Certificate.supersedes_id == old.id))
    assert new.snapshot["document"]["learner_name"] == "Jordan Ellis"
    assert old.snapshot["document"]["learner_name"] == "Jordan Elis"
    data = client.get(f"/verify/{old.public_id}.json").get_json()
    assert data["status"] == "superseded" and new.public_id in data["superseded_by"]


def test_a_center_that_requires_approval_queues_until_an_admin_approves(app, db, issuing_center, make_user, login,
                                                                        client):
    program = db.session.scalar(select(Program))
    save_settings(center_id=issuing_center.id, actor_id=None, signatory_name="Dr. Ada Lovelace",
                  signatory_title="Director", ce_provider_name="RTC", ce_provider_number="1",
                  requires_approval=True, programs={program.id: ("POST-1", "Approved.")})
    learner = make_user()
    complete_program(db, learner.id)
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0
    request = db.session.scalar(select(IssuanceRequest))
    assert request.status == "awaiting_approval"
    login(make_user("center_admin"))
    assert "Awaiting approval" in client.get(f"/centers/{issuing_center.slug}/admin/certificates").get_data(
        as_text=True)
    client.post(f"/centers/{issuing_center.slug}/admin/requests/{request.id}/approve")
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1


def test_bulk_issue_covers_everyone_eligible_and_shows_progress(app, db, issuing_center, make_user, login, client):
    learners = [make_user() for _ in range(3)]
    program = db.session.scalar(select(Program))
    save_settings(center_id=issuing_center.id, actor_id=None, signatory_name="Dr. Ada Lovelace",
                  signatory_title="Director", ce_provider_name="RTC", ce_provider_number="1",
                  requires_approval=True, programs={program.id: ("POST-1", "Approved.")})
    for learner in learners:
        complete_program(db, learner.id)
    db.session.execute(IssuanceRequest.__table__.delete())  # as if they finished before certificates existed
    db.session.commit()
    login(make_user("center_admin"))
    preview = client.post(f"/centers/{issuing_center.slug}/admin/bulk", data={"program": "sample-program"})
    assert preview.status_code == 200 and "3 learners will get a certificate" in preview.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0  # nothing before confirming
    response = client.post(f"/centers/{issuing_center.slug}/admin/bulk",
                           data={"program": "sample-program", "confirm": "y"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 3
    assert "3 issued" in client.get(response.location).get_data(as_text=True)


def test_csv_and_zip_exports_hold_the_center_certificates(app, db, issuing_center, make_user, login, client):
    for _ in range(2):
        complete_program(db, make_user().id)
    login(make_user("center_admin"))
    csv_text = client.get(f"/centers/{issuing_center.slug}/admin/certificates.csv").get_data(as_text=True)
    assert csv_text.count("\n") == 3 and "short_code,learner_name" in csv_text
    ids = [c.public_id for c in db.session.scalars(select(Certificate))]
    response = client.post(f"/centers/{issuing_center.slug}/admin/certificates.zip", data={"selected": ids})
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert len(archive.namelist()) == 2 and all(archive.read(n).startswith(b"%PDF") for n in archive.namelist())


def test_another_centers_admin_sees_none_of_these_records(app, db, issuing_center, make_user, login, client):
    from lms.centers.service import create_center

    learner = make_user()
    complete_program(db, learner.id)
    certificate = db.session.scalar(select(Certificate))
    other = create_center(name="Northeast Regional Training Center", region="New Haven, CT")
    login(make_user("center_admin", center_obj=other))
    base = f"/centers/{issuing_center.slug}/admin"
    for url in (f"{base}/certificates", f"{base}/certificates/{certificate.public_id}", f"{base}/settings",
                f"/certificates/{certificate.public_id}/certificate.pdf"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{base}/certificates/{certificate.public_id}/revoke", data={"reason": "x"}).status_code == 404


def test_bad_filter_dates_get_a_clear_message(app, issuing_center, make_user, login, client):
    login(make_user("center_admin"))
    response = client.get(f"/centers/{issuing_center.slug}/admin/certificates?issued_from=2026-13-45")
    assert response.status_code == 422 and "Not a valid date value" in response.get_data(as_text=True)
