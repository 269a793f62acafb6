"""Open Badges 3.0 credentials: schema-valid, VC 2.0 shaped, VC-JWT signed ES256 and verified by JWK."""
from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path

import jwt
import pytest
from cryptography import x509

from lms.certificates.documents.openbadges import (
    CONTEXT,
    CredentialError,
    Issuer,
    build_credential,
    jwk_thumbprint,
    public_jwk,
    sign_credential,
    verify_credential,
)
from tests.support.certificate_samples import sample_snapshot

SCHEMAS = Path("/work/shared/data/ob3")
ISSUER = Issuer(id="https://lms.cdcp-training.org/centers/ne-rtc", name="New England Regional Training Center",
                url="https://ne-rtc.example.org", email="certificates@ne-rtc.example.org")
KEY_URL = "https://lms.cdcp-training.org/centers/ne-rtc/jwk.json"
WHILE_VALID = datetime(2027, 1, 1, tzinfo=UTC)


def schema_validator(name: str):
    """A JSON Schema validator for one of the shared Open Badges schemas (skip when they are absent)."""
    jsonschema = pytest.importorskip("jsonschema")
    path = SCHEMAS / name
    if not path.exists():
        pytest.skip(f"{path} not available")
    schema = json.loads(path.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def credential() -> dict:
    return build_credential(sample_snapshot(), ISSUER, achievement_id=f"{ISSUER.id}/programs/cdcp-core")


@pytest.mark.parametrize("layout", ["post", "ce"])
def test_the_credential_validates_against_the_achievement_credential_schema(layout):
    validator = schema_validator("achievementcredential.schema.json")
    for expires in (date(2028, 3, 14), None):
        made = build_credential(sample_snapshot(layout, expires_on=expires), ISSUER)
        assert [error.message for error in validator.iter_errors(made)] == []


def test_the_issuer_profile_document_validates_against_the_profile_schema():
    validator = schema_validator("profile.schema.json")
    assert [error.message for error in validator.iter_errors(ISSUER.document())] == []


def test_every_property_the_specifications_require_is_there(credential):
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["@context"] == CONTEXT
    assert {"VerifiableCredential", "OpenBadgeCredential"} <= set(credential["type"])
    assert credential["id"].startswith("urn:uuid:")
    assert credential["issuer"]["id"] == ISSUER.id and "Profile" in credential["issuer"]["type"]
    assert credential["validFrom"] == "2026-03-14T00:00:00Z"
    assert credential["validUntil"] == "2028-03-14T23:59:59Z"
    assert "issuanceDate" not in credential and "expirationDate" not in credential  # VC 1.1 names
    subject = credential["credentialSubject"]
    assert "AchievementSubject" in subject["type"] and subject["id"]
    achievement = subject["achievement"]
    assert achievement["id"] == f"{ISSUER.id}/programs/cdcp-core" and "Achievement" in achievement["type"]
    assert achievement["name"] == sample_snapshot().program_title and achievement["description"]
    assert "Referral criteria and local resources" in achievement["criteria"]["narrative"]
    assert achievement["creditsAvailable"] == subject["creditsEarned"] == 12.5
    assert achievement["humanCode"] == "CT-POST 2026-0147"
    assert credential["credentialSchema"][0]["type"] == "1EdTechJsonSchemaValidator2019"


def test_the_learner_is_identified_by_a_salted_name_hash(credential):
    [identity] = credential["credentialSubject"]["identifier"]
    assert identity["identityType"] == "name" and identity["hashed"] is True
    digest = hashlib.sha256((sample_snapshot().learner_name + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${digest}"
    assert sample_snapshot().learner_name not in json.dumps(credential)


def test_the_same_certificate_always_yields_the_same_credential(credential):
    again = build_credential(sample_snapshot(), ISSUER, achievement_id=f"{ISSUER.id}/programs/cdcp-core")
    assert again == credential
    assert build_credential(sample_snapshot(short_code="CDCP-0000-0000-0001"), ISSUER)["id"] != credential["id"]


def test_the_vc_jwt_header_and_claims_follow_open_badges_8_2(credential, center_key):
    token = sign_credential(credential, center_key, key_url=KEY_URL)
    assert jwt.get_unverified_header(token) == {"alg": "ES256", "typ": "JWT", "kid": KEY_URL}
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["iss"] == ISSUER.id and claims["jti"] == credential["id"]
    assert claims["sub"] == credential["credentialSubject"]["id"]
    assert claims["nbf"] == int(datetime(2026, 3, 14, tzinfo=UTC).timestamp())
    assert claims["exp"] == int(datetime(2028, 3, 14, 23, 59, 59, tzinfo=UTC).timestamp())
    assert {k: v for k, v in claims.items() if k not in ("iss", "jti", "nbf", "sub", "exp")} == credential


def test_the_jwt_verifies_with_the_centers_jwk_and_not_with_another(credential, center_key, other_key):
    token = sign_credential(credential, center_key, key_url=KEY_URL)
    assert verify_credential(token, public_jwk(center_key), now=WHILE_VALID) == credential
    assert verify_credential(token, center_key, now=WHILE_VALID) == credential
    with pytest.raises(CredentialError, match="does not verify"):
        verify_credential(token, public_jwk(other_key), now=WHILE_VALID)


def test_a_tampered_payload_fails(credential, center_key):
    header, payload, signature = sign_credential(credential, center_key).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["creditsEarned"] = 40
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(CredentialError):
        verify_credential(f"{header}.{forged}.{signature}", public_jwk(center_key), now=WHILE_VALID)


def test_claims_that_disagree_with_the_credential_fail(credential, center_key):
    token = jwt.encode({**credential, "iss": "https://evil.example", "jti": credential["id"], "nbf": 1773446400,
                        "sub": credential["credentialSubject"]["id"]}, center_key.private_key, algorithm="ES256")
    with pytest.raises(CredentialError, match="iss"):
        verify_credential(token, public_jwk(center_key), now=WHILE_VALID)


def test_validity_dates_are_enforced(credential, center_key):
    token = sign_credential(credential, center_key)
    with pytest.raises(CredentialError, match="expired"):
        verify_credential(token, public_jwk(center_key), now=datetime(2028, 3, 16, tzinfo=UTC))
    with pytest.raises(CredentialError, match="not valid yet"):
        verify_credential(token, public_jwk(center_key), now=datetime(2026, 3, 13, tzinfo=UTC))


def test_other_algorithms_and_extra_headers_are_refused(credential, center_key):
    token = jwt.encode(dict(credential), "a-shared-secret-of-enough-length-0123456789", algorithm="HS256")
    with pytest.raises(CredentialError, match="header"):
        verify_credential(token, public_jwk(center_key), now=WHILE_VALID)
    token = jwt.encode(dict(credential), center_key.private_key, algorithm="ES256", headers={"x5u": "https://x"})
    with pytest.raises(CredentialError, match="header"):
        verify_credential(token, public_jwk(center_key), now=WHILE_VALID)


def test_without_a_key_url_the_header_carries_the_public_jwk(credential, center_key):
    header = jwt.get_unverified_header(sign_credential(credential, center_key))
    assert set(header) == {"alg", "typ", "jwk"} and "d" not in header["jwk"]


def test_the_public_jwk_is_public_thumbprinted_and_bound_to_the_pdf_certificate(credential, center_key):
    jwk = public_jwk(center_key)
    assert {"kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig"}.items() <= jwk.items()
    assert "d" not in jwk and jwk["kid"] == jwk_thumbprint(jwk)
    leaf = x509.load_der_x509_certificate(base64.b64decode(jwk["x5c"][0]))
    assert leaf == center_key.certificate
    assert public_jwk(center_key.certificate, kid=KEY_URL) == {**jwk, "kid": KEY_URL}  # from the stored cert
    with pytest.raises(CredentialError, match="private"):
        verify_credential(sign_credential(credential, center_key), {**jwk, "d": "secret"})
