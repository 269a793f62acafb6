"""What boards and machines read: verify answers any origin, briefly cached with an ETag, JSON by negotiation on
every verify URL; Open Badges carry a Bitstring Status List entry whose bit flips on revocation (checked with
independent libraries: joserfc for the signature, bitstring for the bit); the achievement URL is an OB 3.0
Achievement with an image; hours are worded one way per discipline, with plurals."""
from __future__ import annotations

import base64
import gzip

import bitstring
import pytest
from joserfc import jws
from joserfc.jwk import ECKey
from sqlalchemy import select

from lms.certificates.documents.snapshot import hours_phrase
from lms.certificates.issuing.service import revoke
from lms.certificates.models import Certificate
from tests.web.test_certificates import complete_program, issuing_center  # noqa: F401  (fixture)

pytestmark = pytest.mark.pg


@pytest.fixture
def issued(app, db, issuing_center, make_user):  # noqa: F811
    learner = make_user(full_name="Priya Raman", discipline="clinician")
    complete_program(db, learner.id)
    return learner, db.session.scalar(select(Certificate))


def test_verify_answers_any_origin_with_a_short_cache_and_an_etag(issued, client):
    _, certificate = issued
    for url in (f"/verify/{certificate.public_id}", f"/verify/{certificate.public_id}.json",
                f"/verify?code={certificate.short_code}"):
        response = client.get(url, headers={"Accept": "application/json", "Origin": "https://board.example"})
        assert response.status_code == 200 and response.json["short_code"] == certificate.short_code, url
        assert response.headers["Access-Control-Allow-Origin"] == "*", url
        assert "max-age=300" in response.headers["Cache-Control"] and "public" in response.headers["Cache-Control"]
        assert "Accept" in response.headers["Vary"]
        again = client.get(url, headers={"Accept": "application/json", "If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304, url
    page = client.get(f"/verify?code={certificate.short_code}")
    assert page.mimetype == "text/html"
    missing = client.get("/verify?code=CDCP-0000-0000", headers={"Accept": "application/json"})
    assert missing.status_code == 404 and missing.json["status"] == "not_found"
    assert missing.headers["Access-Control-Allow-Origin"] == "*"


def _bit(token: str, jwk: dict, index: int) -> bool:
    """The status bit, read without the application's code: joserfc checks the signature, bitstring reads."""
    import json

    verified = jws.deserialize_compact(token, ECKey.import_key(jwk), algorithms=["ES256"])
    payload = json.loads(verified.payload)
    assert "BitstringStatusListCredential" in payload["type"]
    encoded = payload["credentialSubject"]["encodedList"]
    assert encoded.startswith("u") and payload["credentialSubject"]["statusPurpose"] == "revocation"
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(raw) * 8 >= 131_072
    return bool(bitstring.Bits.from_bytes(raw)[index])


def test_revocation_flips_the_credentials_status_bit(db, issued, client, login, make_user):
    import jwt

    learner, certificate = issued
    login(learner)
    badge = jwt.decode(client.get(f"/certificates/{certificate.public_id}/badge.jwt").get_data(as_text=True),
                       options={"verify_signature": False})
    status = badge["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry" and status["statusPurpose"] == "revocation"
    list_path = status["statusListCredential"].split("localhost", 1)[-1]
    index = int(status["statusListIndex"])
    first = client.get(list_path)
    assert first.status_code == 200 and first.mimetype == "application/vc+jwt"
    assert first.headers["Access-Control-Allow-Origin"] == "*" and "max-age=300" in first.headers["Cache-Control"]
    kid = jwt.get_unverified_header(first.get_data(as_text=True))["kid"]
    jwk = client.get(kid.split("localhost", 1)[-1]).json
    assert _bit(first.get_data(as_text=True), jwk, index) is False
    assert client.get(list_path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    revoke(certificate, actor_id=make_user("center_admin").id, reason="Issued in error")
    after = client.get(list_path, headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != first.headers["ETag"]
    assert _bit(after.get_data(as_text=True), jwk, index) is True


def test_the_achievement_url_serves_an_ob3_achievement_with_an_image(issued, client):
    response = client.get("/programs/sample-program", headers={"Accept": "application/json"})
    achievement = response.json
    assert achievement["type"] == ["Achievement"] and achievement["id"].endswith("/programs/sample-program")
    assert achievement["criteria"]["narrative"] and achievement["name"]
    assert "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" in achievement["@context"]
    image = client.get(achievement["image"]["id"].split("localhost", 1)[-1])
    assert image.status_code == 200 and image.mimetype == "image/svg+xml"


@pytest.mark.parametrize("hours, layout, text", [
    (1, "post", "1 training hour"), (7, "post", "7 training hours"), (1.5, "post", "1.5 training hours"),
    ("1", "ce", "1 continuing education (CE) contact hour"), (2, "ce", "2 continuing education (CE) contact hours"),
    (1, None, "1 hour"), (6.5, None, "6.5 hours")])
def test_hours_have_one_wording_per_discipline_and_the_right_plural(hours, layout, text):
    assert hours_phrase(hours, layout) == text


def test_the_verify_page_email_and_pdf_word_the_hours_alike(app, issued, client):
    _, certificate = issued
    phrase = hours_phrase(certificate.snapshot["document"]["ce_hours"], certificate.snapshot["document"]["layout"])
    assert phrase in client.get(f"/verify/{certificate.public_id}").get_data(as_text=True)
    from pathlib import Path

    mails = "".join(p.read_text(encoding="utf-8") for p in Path(app.config["MAIL_OUTBOX_DIR"]).glob("*"))
    assert phrase in " ".join(mails.split())
