"""Every public verification URL answers a board's web tool: JSON when asked for by Accept, any origin allowed and
the ETag readable on every answer (found, not found, malformed, rate-limited), and the hours worded the same on the
PDF and in the badge as on the verify page."""
from __future__ import annotations

import jwt
import pytest
from sqlalchemy import select

from lms.certificates.documents.snapshot import hours_phrase
from lms.certificates.models import Certificate, CertificateDocument
from tests.certificates.conftest import pdf_text
from tests.conftest import make_app
from tests.web.test_certificates import complete_program, issuing_center  # noqa: F401  (fixture)

pytestmark = pytest.mark.pg
JSON = {"Accept": "application/json", "Origin": "https://board.example"}


@pytest.fixture
def issued(app, db, issuing_center, make_user):  # noqa: F811
    learner = make_user(full_name="Priya Raman", discipline="clinician")
    complete_program(db, learner.id)
    return learner, db.session.scalar(select(Certificate)), issuing_center


def _urls(certificate, center) -> dict[str, str]:
    return {"by id": f"/verify/{certificate.public_id}", "by id .json": f"/verify/{certificate.public_id}.json",
            "by code": f"/verify?code={certificate.short_code}", "issuer": f"/centers/{center.slug}/issuer",
            "key": f"/keys/{certificate.center_key.fingerprint}.json",
            "status list": f"/centers/{center.slug}/status/revocation", "achievement": "/programs/sample-program"}


def test_every_verify_url_allows_any_origin_and_exposes_its_etag(issued, client):
    _, certificate, center = issued
    for name, url in _urls(certificate, center).items():
        response = client.get(url, headers=JSON)
        assert response.status_code == 200, name
        assert response.headers["Access-Control-Allow-Origin"] == "*", name
        assert "ETag" in response.headers and "ETag" in response.headers["Access-Control-Expose-Headers"], name


def test_every_json_verify_url_answers_json_when_asked_by_accept(issued, client):
    _, certificate, center = issued
    for name, url in _urls(certificate, center).items():
        if name == "status list":
            continue  # a VC-JWT (application/vc+jwt), by the Bitstring Status List specification
        assert client.get(url, headers=JSON).mimetype == "application/json", name


@pytest.mark.parametrize("url", ["/verify/0000000000000000000000000000000a", "/verify/not-an-id.json",
                                 "/verify?code=CDCP-0000-0000", "/centers/nowhere/issuer", "/keys/abc.json",
                                 "/centers/nowhere/status/revocation", "/programs/nowhere"])
def test_an_unknown_record_is_a_json_404_any_origin_may_read(client, url):
    response = client.get(url, headers=JSON)
    assert response.status_code == 404 and response.mimetype == "application/json", url
    assert response.json["message"] and response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url", ["/centers/nowhere/issuer", "/keys/abc.json", "/centers/nowhere/status/revocation"])
def test_a_machine_only_url_answers_json_even_without_accept(client, url):
    response = client.get(url)
    assert response.status_code == 404 and response.mimetype == "application/json", url


def test_verify_without_a_code_tells_a_json_client_what_to_send(client):
    response = client.get("/verify", headers=JSON)
    assert response.status_code == 400 and "?code=" in response.json["message"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/verify").mimetype == "text/html"  # a person still gets the form


def test_a_rate_limited_verify_answer_is_json_any_origin_may_read(tmp_path):
    from lms.extensions import db as _db
    from lms.extensions import limiter

    limited = make_app(tmp_path / "rl", RATELIMIT_ENABLED=True, RATELIMIT_VERIFY="2 per minute")
    with limited.app_context():
        _db.create_all()
        limiter.reset()
    client = limited.test_client()
    answers = [client.get(f"/verify?code=CDCP-0000-000{n}", headers=JSON) for n in range(3)]
    assert [a.status_code for a in answers] == [404, 404, 429]
    assert answers[2].mimetype == "application/json" and answers[2].json["message"]
    assert answers[2].headers["Access-Control-Allow-Origin"] == "*"


def test_the_pdf_and_the_badge_word_the_hours_as_the_verify_page_does(db, issued, client, login):
    learner, certificate, _ = issued
    document = certificate.snapshot["document"]
    phrase = hours_phrase(document["ce_hours"], document["layout"])
    assert phrase in client.get(f"/verify/{certificate.public_id}").get_data(as_text=True)
    pdf = db.session.get(CertificateDocument, certificate.id).pdf
    assert phrase in " ".join(pdf_text(pdf).split())
    login(learner)
    badge = jwt.decode(client.get(f"/certificates/{certificate.public_id}/badge.jwt").get_data(as_text=True),
                       options={"verify_signature": False})
    achievement = badge["vc"]["credentialSubject"]["achievement"] if "vc" in badge else \
        badge["credentialSubject"]["achievement"]
    assert phrase in achievement["description"]
