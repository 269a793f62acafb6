"""A bulk issue through the process pool (CERTIFICATE_PROCESSES 2): every certificate is recorded by the issuing
process, tagged PDF/A-4, signed by its center and shows only its own learner; when a worker fails, the requests of
its group fail with a sentence saying so and no certificate, document or issued event of them is written."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.certificates.documents.pool import DocumentPool
from lms.certificates.issuing import signed_pdfs
from lms.certificates.issuing.bulk import start_bulk
from lms.certificates.issuing.center_settings import save_settings
from lms.certificates.models import Certificate, CertificateDocument, IssuanceRequest
from lms.certificates.request_states import RequestState
from lms.programs.models import Program
from tests.certificates.conftest import pdf_text
from tests.web.test_certificates import complete_program, issuing_center  # noqa: F401  (fixture)
from tests.web.test_issued_pdf_is_archival import _assert_tagged_pdfa_and_signed

pytestmark = pytest.mark.pg
NAMES = ("Priya Raman", "Tomás Ortega", "Grace Mwangi")


@pytest.fixture(autouse=True, scope="module")
def _pool_stopped():
    yield
    signed_pdfs._close_pool()  # the worker processes end with this module's tests


def _bulk_ready(db, center, make_user) -> Program:
    """Three learners who completed the program before certificates existed, waiting for a bulk issue."""
    program = db.session.scalar(select(Program))
    save_settings(center_id=center.id, actor_id=None, signatory_name="Dr. Ada Lovelace",
                  signatory_title="Director", ce_provider_name="RTC", ce_provider_number="1",
                  requires_approval=True, programs={program.id: ("POST-1", "Approved.")})
    for name in NAMES:
        complete_program(db, make_user(full_name=name).id)
    db.session.execute(IssuanceRequest.__table__.delete())
    db.session.commit()
    return program


def test_a_bulk_issue_through_the_pool_records_tagged_signed_certificates_each_with_its_own_learner(
        app, db, issuing_center, make_user):  # noqa: F811
    app.config["CERTIFICATE_PROCESSES"] = 2
    program = _bulk_ready(db, issuing_center, make_user)
    start_bulk(center_id=issuing_center.id, version=program.current_version, actor_id=make_user("center_admin").id)
    certificates = db.session.scalars(select(Certificate)).all()
    assert sorted(c.snapshot["document"]["learner_name"] for c in certificates) == sorted(NAMES)
    for certificate in certificates:
        pdf = db.session.get(CertificateDocument, certificate.id).pdf
        _assert_tagged_pdfa_and_signed(pdf, certificate)
        text = " ".join(pdf_text(pdf).split())
        mine = certificate.snapshot["document"]["learner_name"]
        assert mine in text and certificate.short_code in text
        assert not [name for name in NAMES if name != mine and name in text]


def test_a_failed_worker_fails_its_requests_with_a_reason_and_writes_no_certificate(
        app, db, issuing_center, make_user, monkeypatch):  # noqa: F811
    app.config["CERTIFICATE_PROCESSES"] = 2
    failing = DocumentPool(2, hard_limit=0.01)  # each worker's alarm ends it before its chunk is done
    monkeypatch.setattr(signed_pdfs, "pool", lambda processes: failing)
    program = _bulk_ready(db, issuing_center, make_user)
    try:
        start_bulk(center_id=issuing_center.id, version=program.current_version,
                   actor_id=make_user("center_admin").id)
    finally:
        failing.close()
    requests = db.session.scalars(select(IssuanceRequest)).all()
    assert len(requests) == 3 and {r.status for r in requests} == {RequestState.FAILED}
    for request in requests:
        assert request.reason.startswith("The certificate could not be made (try the bulk issue again)")
        assert "a worker process ended before finishing them" in request.reason and "of 3" in request.reason
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0
    assert db.session.scalar(select(func.count()).select_from(CertificateDocument)) == 0
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("certificate.issue%"))).all()
    assert sorted(actions) == ["certificate.issue_failed"] * 3
