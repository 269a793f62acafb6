"""Open Badges 3.0 credentials for certificates: an OpenBadgeCredential (Verifiable Credentials Data Model
2.0) secured as a VC-JWT (ES256) with the center's signing key, its verification, and the public JWK.

Follows Open Badges 3.0 section 8.2: the JWT payload is the credential itself plus the registered
claims iss, jti, nbf, sub (and exp when the credential expires); the JOSE header holds only alg, typ
("JWT") and either kid (a URL serving the JWK) or jwk.
"""
from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from lms.certificates.documents.keys import SigningKey
from lms.certificates.documents.snapshot import CertificateSnapshot

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
SCHEMA = {"id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
          "type": "1EdTechJsonSchemaValidator2019"}
ALGORITHM = "ES256"
REGISTERED = ("iss", "jti", "nbf", "sub", "exp")
HEADERS = {"alg", "typ", "kid", "jwk"}


class CredentialError(ValueError):
    """A VC-JWT that does not verify, or whose claims disagree with the credential inside it."""


@dataclass(frozen=True)
class Issuer:
    """The issuing center as an Open Badges issuer Profile; `id` is a stable URL the app serves."""

    id: str
    name: str
    url: str | None = None
    email: str | None = None

    def profile(self) -> dict[str, Any]:
        """The Profile object embedded in credentials."""
        profile: dict[str, Any] = {"id": self.id, "type": ["Profile"], "name": self.name}
        if self.url:
            profile["url"] = self.url
        if self.email:
            profile["email"] = self.email
        return profile

    def document(self) -> dict[str, Any]:
        """The Profile as a JSON-LD document, to serve at `id`."""
        return {"@context": list(CONTEXT), **self.profile()}


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _start(day: date) -> datetime:
    return datetime.combine(day, time(0), UTC)


def achievement(*, id: str, name: str, description: str, criteria: str, credits: float,
                image_url: str | None = None, creator: Issuer | None = None,
                human_code: str | None = None) -> dict[str, Any]:
    """An Open Badges 3.0 Achievement (what a credential says was achieved), with its image when given."""
    found: dict[str, Any] = {"id": id, "type": ["Achievement"], "achievementType": "Certificate", "name": name,
                             "description": description, "criteria": {"narrative": criteria},
                             "creditsAvailable": credits, "inLanguage": "en"}
    if image_url:
        found["image"] = {"id": image_url, "type": "Image", "caption": f"Seal of {name}"}
    if creator is not None:
        found["creator"] = creator.profile()
    if human_code:
        found["humanCode"] = human_code
    return found


def build_credential(snapshot: CertificateSnapshot, issuer: Issuer, *, achievement_id: str | None = None,
                     subject_id: str | None = None, issued_at: datetime | None = None,
                     achievement_image: str | None = None,
                     credential_status: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The OpenBadgeCredential for a certificate (deterministic for the same arguments).

    `achievement_id` should be the program's stable URL; `subject_id` a URI for the learner. Defaults are
    name-based UUID URNs. The learner's name is carried as a salted SHA-256 identity hash, not in clear.
    """
    valid_from = issued_at or _start(snapshot.issued_on)
    hours = float(snapshot.ce_hours)
    salt = hashlib.sha256(f"salt:{snapshot.public_id}".encode()).hexdigest()[:16]
    earned = achievement(
        id=achievement_id or uuid.uuid5(uuid.NAMESPACE_URL, f"{issuer.id}#{snapshot.program_title}").urn,
        name=snapshot.program_title,
        description=f"{snapshot.program_title}: Child Development–Community Policing cross-training "
                    f"({snapshot.hours_phrase}).",
        criteria=_criteria(snapshot), credits=hours, image_url=achievement_image, creator=issuer,
        human_code=snapshot.accreditation["post_course_number"] if snapshot.layout == "post" else None)
    credential: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": uuid.uuid5(uuid.NAMESPACE_URL, snapshot.verify_url).urn,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{snapshot.program_title} | {snapshot.center_name}",
        "description": f"Certificate {snapshot.short_code}; verify at {snapshot.verify_url}",
        "issuer": issuer.profile(),
        "validFrom": _stamp(valid_from), "awardedDate": _stamp(valid_from),
        "credentialSubject": {
            "id": subject_id or uuid.uuid5(uuid.NAMESPACE_URL, f"subject:{snapshot.public_id}").urn,
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": True, "salt": salt,
                            "identityHash": "sha256$" + hashlib.sha256(
                                (snapshot.learner_name + salt).encode()).hexdigest()}],
            "achievement": earned, "creditsEarned": hours,
        },
        "credentialSchema": [dict(SCHEMA)],
    }
    if credential_status is not None:
        credential["credentialStatus"] = dict(credential_status)
    if snapshot.expires_on:
        credential["validUntil"] = _stamp(_start(snapshot.expires_on + timedelta(days=1)) - timedelta(seconds=1))
    return credential


def _criteria(snapshot: CertificateSnapshot) -> str:
    parts = [f"Complete every module of the program ({snapshot.hours_phrase})"]
    if snapshot.modules:
        parts.append("modules: " + "; ".join(snapshot.modules))
    if snapshot.objectives:
        parts.append("learning objectives: " + "; ".join(snapshot.objectives))
    return ". ".join(parts) + "."


def _seconds(stamp: str) -> int:
    return int(datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())


def sign_credential(credential: Mapping[str, Any], signing_key: SigningKey, *, key_url: str | None = None) -> str:
    """The credential as a compact VC-JWT signed ES256; the header names the key by `key_url` (kid), or
    carries the public JWK itself when no URL is given."""
    issuer = credential["issuer"]
    claims = {"iss": issuer if isinstance(issuer, str) else issuer["id"], "jti": credential["id"],
              "nbf": _seconds(credential["validFrom"]), "sub": credential["credentialSubject"]["id"]}
    if "validUntil" in credential:
        claims["exp"] = _seconds(credential["validUntil"])
    header = {"kid": key_url} if key_url else {"jwk": public_jwk(signing_key, with_chain=False)}
    return jwt.encode({**credential, **claims}, signing_key.private_key, algorithm=ALGORITHM, headers=header)


def sign_status_list(credential: Mapping[str, Any], signing_key: SigningKey, *, key_url: str) -> str:
    """A status list credential as a VC-JWT (ES256, typ vc+jwt as VC-JOSE-COSE has it), named by `key_url`."""
    claims = {"iss": credential["issuer"], "jti": credential["id"], "nbf": _seconds(credential["validFrom"]),
              "sub": credential["credentialSubject"]["id"]}
    return jwt.encode({**credential, **claims}, signing_key.private_key, algorithm=ALGORITHM,
                      headers={"kid": key_url, "typ": "vc+jwt"})


def verify_credential(token: str, key: Mapping[str, Any] | SigningKey | ec.EllipticCurvePublicKey, *,
                      now: datetime | None = None, leeway: timedelta = timedelta(minutes=5)) -> dict[str, Any]:
    """The credential inside a VC-JWT, after checking the ES256 signature with `key` (the issuer's JWK)
    and that iss, jti, sub, nbf and exp agree with the credential and with the current time."""
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ALGORITHM or header.get("typ", "JWT") != "JWT" or set(header) - HEADERS:
            raise CredentialError(f"unexpected JOSE header {sorted(header)} (alg {header.get('alg')})")
        claims = jwt.decode(token, _public_key(key), algorithms=[ALGORITHM],
                            options={"require": ["iss", "jti", "nbf", "sub"], "verify_exp": False,
                                     "verify_nbf": False, "verify_iat": False})
    except jwt.PyJWTError as error:
        raise CredentialError(f"the VC-JWT does not verify: {error}") from None
    credential = {k: v for k, v in claims.items() if k not in REGISTERED}
    issuer = credential.get("issuer", {})
    expected = {"iss": issuer if isinstance(issuer, str) else issuer.get("id"), "jti": credential.get("id"),
                "sub": credential.get("credentialSubject", {}).get("id"),
                "nbf": _seconds(credential["validFrom"]) if "validFrom" in credential else None,
                "exp": _seconds(credential["validUntil"]) if "validUntil" in credential else None}
    for claim, value in expected.items():
        if claims.get(claim) != value:
            raise CredentialError(f"claim {claim} ({claims.get(claim)!r}) does not match the credential ({value!r})")
    moment = (now or datetime.now(UTC)).timestamp()
    if moment + leeway.total_seconds() < claims["nbf"]:
        raise CredentialError("the credential is not valid yet")
    if "exp" in claims and moment - leeway.total_seconds() >= claims["exp"]:
        raise CredentialError("the credential has expired")
    return credential


def _public_key(key: Mapping[str, Any] | SigningKey | ec.EllipticCurvePublicKey) -> ec.EllipticCurvePublicKey:
    if isinstance(key, SigningKey):
        return key.private_key.public_key()
    if isinstance(key, Mapping):
        if "d" in key:
            raise CredentialError("refusing a private JWK as a verification key")
        public = ECAlgorithm.from_jwk(json.dumps(dict(key)))
        if not isinstance(public, ec.EllipticCurvePublicKey):
            raise CredentialError("the JWK is not an EC public key")
        return public
    return key


def jwk_thumbprint(jwk: Mapping[str, Any]) -> str:
    """RFC 7638 thumbprint (SHA-256, base64url) of an EC JWK."""
    canonical = json.dumps({k: jwk[k] for k in ("crv", "kty", "x", "y")}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()


def public_jwk(key: SigningKey | x509.Certificate, *, kid: str | None = None,
               with_chain: bool = True) -> dict[str, Any]:
    """The center's public key as a JWK (never the private part), with its X.509 chain in x5c; works
    from the signing key or from the stored certificate alone. `kid` defaults to the RFC 7638 thumbprint."""
    chain = (key.certificate, *key.chain) if isinstance(key, SigningKey) else (key,)
    jwk = ECAlgorithm.to_jwk(chain[0].public_key(), as_dict=True)
    jwk = {"kty": jwk["kty"], "crv": jwk["crv"], "x": jwk["x"], "y": jwk["y"]}
    jwk.update(kid=kid or jwk_thumbprint(jwk), use="sig", alg=ALGORITHM)
    if with_chain:
        jwk["x5c"] = [base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode() for c in chain]
    return jwk
