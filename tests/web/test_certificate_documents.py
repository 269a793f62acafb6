"""What an issued certificate is made of: a PDF that reads back right and whose signature validates with the
center's certificate (and fails after a one-byte change), and an Open Badges 3.0 credential that verifies."""
import io
import json
from datetime import timedelta
from pathlib import Path

import jwt
import pdfplumber
import pytest
from cryptography import x509
from sqlalchemy import select

from lms.certificates.documents.openbadges import verify_credential
from lms.certificates.documents.pades import validate
from lms.certificates.models import Certificate, CertificateDocument
from tests.conftest import make_app
from tests.web.test_certificates import complete_program, issuing_center  # noqa: F401  (fixture)

pytestmark = pytest.mark.pg

OB3_SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "data" / "ob3" / "achievementcredential.schema.json"


@pytest.fixture
def issued(app, db, issuing_center, make_user):  # noqa: F811
    learner = make_user(discipline="clinician", full_name="Priya Raman")
    complete_program(db, learner.id)
    certificate = db.session.scalar(select(Certificate))
    return learner, certificate, db.session.get(CertificateDocument, certificate.id).pdf


def test_the_pdf_states_learner_program_hours_code_and_ce_accreditation(issued):
    _, certificate, pdf = issued
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 1
        page = document.pages[0]
        text = page.extract_text()
        assert page.width > page.height  # landscape
    for expected in ("Priya Raman", "Sample Cross-Training Program", certificate.short_code, "Southeast RTC",
                     "CE-1234", "Approved for 2 CE hours by the State Board.", "Dr. Ada Lovelace"):
        assert expected in text, expected


def test_the_signature_validates_with_the_center_certificate_and_a_changed_byte_breaks_it(issued):
    _, certificate, pdf = issued
    center_cert = x509.load_pem_x509_certificate(certificate.center_key.certificate_pem.encode())
    check = validate(pdf, center_cert)
    assert check.ok, check.problem
    assert check.signer_fingerprint == certificate.center_key.fingerprint
    for position in (len(pdf) // 3, len(pdf) // 2, len(pdf) - 200):
        tampered = bytearray(pdf)
        tampered[position] ^= 0x01
        assert not validate(bytes(tampered), center_cert).ok, position


def test_the_open_badge_verifies_with_the_published_key_and_meets_the_schema(app, client, login, issued):
    learner, certificate, _ = issued
    login(learner)
    token = client.get(f"/certificates/{certificate.public_id}/badge.jwt").get_data(as_text=True)
    header = jwt.get_unverified_header(token)
    key_path = header["kid"].removeprefix(app.config["BASE_URL"])
    jwk = client.get(key_path).get_json()
    credential = verify_credential(token, jwk)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["validFrom"] and credential["validUntil"]
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["name"] == "Sample Cross-Training Program" and achievement["criteria"]["narrative"]
    issuer = client.get(credential["issuer"]["id"].removeprefix(app.config["BASE_URL"])).get_json()
    assert issuer["id"] == credential["issuer"]["id"] and "Profile" in issuer["type"]
    if OB3_SCHEMA.exists():
        import jsonschema

        jsonschema.validate(credential, json.loads(OB3_SCHEMA.read_text()))


def test_an_expired_certificate_says_so_to_verifiers_and_to_the_learner(app, db, client, login, issued):
    learner, certificate, _ = issued
    db.session.execute(Certificate.__table__.update().where(Certificate.id == certificate.id).values(
        expires_at=certificate.issued_at - timedelta(days=1)))
    db.session.commit()
    assert client.get(f"/verify/{certificate.public_id}.json").get_json()["status"] == "expired"
    login(learner)
    assert "To re-certify" in client.get("/certificates").get_data(as_text=True)


def test_issued_certificates_cannot_be_edited_or_deleted_through_the_app(db, issued):
    from lms.audit.models import AppendOnlyError

    _, certificate, _ = issued
    certificate.short_code = "CDCP-0000-0000"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(Certificate, certificate.id))
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()


def test_verification_is_rate_limited_and_mistyped_codes_count(tmp_path, app):
    from lms.extensions import db as _db
    from lms.extensions import limiter

    limited = make_app(tmp_path / "rl", RATELIMIT_ENABLED=True, RATELIMIT_VERIFY="5 per minute")
    with limited.app_context():
        _db.create_all()
        limiter.reset()
    client = limited.test_client()
    codes = [client.get(f"/verify?code=CDCP-0000-000{n}").status_code for n in range(7)]
    assert codes[:5] == [404] * 5 and codes[5:] == [429, 429]
