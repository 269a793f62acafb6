"""Open Badges 3.0 for issued certificates: the center as issuer profile, its public keys, and the VC-JWT."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography import x509
from flask import current_app
from sqlalchemy import func, select

from lms.centers.models import Center
from lms.certificates.documents import status_list
from lms.certificates.documents.openbadges import (
    Issuer,
    build_credential,
    public_jwk,
    sign_credential,
    sign_status_list,
)
from lms.certificates.issuing.center_keys import active_key, signing_key
from lms.certificates.issuing.selectors import CertificateView
from lms.certificates.models import CenterKey, Certificate, CertificateRevocation
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


def status_list_url(center: Center) -> str:
    """The stable URL of the center's revocation status list credential."""
    return external_url("verify.status_list", slug=center.slug)


def credential_jwt(view: CertificateView) -> str:
    """The certificate as an OpenBadgeCredential signed (ES256) by the key that signed its PDF; its status is bit
    `certificate id` of the center's revocation list."""
    certificate = view.certificate
    center = db.session.get(Center, certificate.center_id)
    slug = certificate.program_version.program.slug
    credential = build_credential(view.document, issuer_for(center),
                                  achievement_id=external_url("verify.program", slug=slug),
                                  achievement_image=external_url("verify.program_image", slug=slug),
                                  credential_status=status_list.entry(status_list_url(center), certificate.id))
    return sign_credential(credential, signing_key(certificate.center_key), key_url=key_url(certificate.center_key))


@dataclass(frozen=True)
class SignedList:
    """A center's status list credential as a VC-JWT, and a tag that changes exactly when the list does."""

    token: str
    etag: str


_lists: dict[int, SignedList] = {}  # the latest list of each center


def status_list_jwt(center: Center) -> SignedList | None:
    """The center's revocation list, signed with its active key (None before it has one). Re-signed only when a
    revocation or the key changes; kept per process."""
    key = active_key(center.id)
    if key is None:
        return None
    rows = db.session.execute(select(Certificate.id, CertificateRevocation.revoked_at).join(
        CertificateRevocation, CertificateRevocation.certificate_id == Certificate.id).where(
        Certificate.center_id == center.id).order_by(Certificate.id)).all()
    revoked = [certificate_id for certificate_id, _ in rows]
    size = db.session.scalar(select(func.max(Certificate.id)).where(Certificate.center_id == center.id)) or 0
    etag = hashlib.sha256(f"{center.id}:{key.fingerprint}:{size // status_list.MIN_ENTRIES}:"
                          f"{','.join(map(str, revoked))}".encode()).hexdigest()[:32]
    cached = _lists.get(center.id)
    if cached is None or cached.etag != etag:
        changed = max([at for _, at in rows] + [key.created_at])
        credential = status_list.status_list_credential(
            list_url=status_list_url(center), issuer_id=issuer_for(center).id, revoked=revoked,
            valid_from=changed.strftime("%Y-%m-%dT%H:%M:%SZ"), size=size + 1)
        cached = _lists[center.id] = SignedList(sign_status_list(credential, signing_key(key), key_url=key_url(key)),
                                           etag)
    return cached

