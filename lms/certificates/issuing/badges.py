"""Open Badges 3.0 for issued certificates: the center as issuer profile, its public keys, and the VC-JWT."""
from __future__ import annotations

from cryptography import x509
from flask import current_app

from lms.centers.models import Center
from lms.certificates.issuing.center_keys import signing_key
from lms.certificates.models import CenterKey
from lms.certificates.documents.openbadges import Issuer, build_credential, public_jwk, sign_credential
from lms.certificates.issuing.selectors import CertificateView
from lms.extensions import db
from lms.urls import external_url


def issuer_for(center: Center) -> Issuer:
    """The center's issuer profile, at a stable URL."""
    return Issuer(id=external_url("verify.issuer", slug=center.slug), name=center.name,
                  url=current_app.config["BASE_URL"].rstrip("/"))


def key_url(key: CenterKey) -> str:
    """The stable URL of one signing key's public JWK (old credentials keep verifying after a key change)."""
    return external_url("verify.jwk", fingerprint=key.fingerprint)


def jwk_of(key: CenterKey) -> dict:
    """A key's public JWK with its certificate in x5c; computed from the stored certificate only."""
    return public_jwk(x509.load_pem_x509_certificate(key.certificate_pem.encode()), kid=key_url(key))


def credential_jwt(view: CertificateView) -> str:
    """The certificate as an OpenBadgeCredential signed (ES256) by the key that signed its PDF."""
    certificate = view.certificate
    center = db.session.get(Center, certificate.center_id)
    credential = build_credential(view.document, issuer_for(center),
                                  achievement_id=external_url("verify.program", slug=certificate.program_version
                                                           .program.slug))
    return sign_credential(credential, signing_key(certificate.center_key), key_url=key_url(certificate.center_key))
