"""Center signing keys: generated self-signed, imported from PKCS#12, stored in owner-only files."""
from __future__ import annotations

import hashlib
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from lms.certificates.documents.keys import (
    SigningKey,
    SigningKeyError,
    fingerprint,
    generate_signing_key,
    import_pkcs12,
    load_key_file,
    save_key_file,
)
from lms.certificates.documents.pades import Signer, validate
from tests.support.certificate_samples import sample_snapshot


def test_a_generated_key_is_p256_with_a_self_signed_document_signing_certificate(center_key):
    cert = center_key.certificate
    assert isinstance(center_key.private_key.curve, ec.SECP256R1)
    assert cert.subject == cert.issuer
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "New England Regional Training Center"
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    cert.public_key().verify(cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(hashes.SHA256()))
    assert cert.not_valid_after_utc - cert.not_valid_before_utc >= timedelta(days=3650)


def test_the_fingerprint_is_the_sha256_of_the_certificate_der(center_key):
    der = center_key.certificate.public_bytes(serialization.Encoding.DER)
    assert center_key.fingerprint == fingerprint(center_key.certificate) == hashlib.sha256(der).hexdigest()
    assert len(center_key.fingerprint) == 64


def test_key_files_are_owner_only_whatever_the_umask(tmp_path: Path, center_key):
    old = os.umask(0o000)
    try:
        path = save_key_file(center_key, tmp_path / "keys" / "center-1.pem")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_key_file(path).fingerprint == center_key.fingerprint
    assert [p.name for p in path.parent.iterdir()] == ["center-1.pem"]  # no temporary file left behind


def test_an_encrypted_key_file_needs_its_password(tmp_path: Path, center_key):
    path = save_key_file(center_key, tmp_path / "center.pem", password=b"correct horse")
    assert b"ENCRYPTED PRIVATE KEY" in path.read_bytes()
    assert load_key_file(path, password=b"correct horse").fingerprint == center_key.fingerprint
    with pytest.raises(SigningKeyError):
        load_key_file(path)
    with pytest.raises(SigningKeyError):
        load_key_file(path, password=b"wrong")


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o644])
def test_a_key_file_others_can_read_is_refused(tmp_path: Path, center_key, mode):
    path = save_key_file(center_key, tmp_path / "center.pem")
    path.chmod(mode)
    with pytest.raises(SigningKeyError, match="too open"):
        load_key_file(path)


def test_the_certificate_pem_is_public_only(center_key):
    pem = center_key.certificate_pem
    assert pem.startswith("-----BEGIN CERTIFICATE-----") and "PRIVATE" not in pem
    assert x509.load_pem_x509_certificate(pem.encode()) == center_key.certificate


def _pkcs12(key, cert, password: bytes | None, extra=None) -> bytes:
    encryption = (serialization.BestAvailableEncryption(password) if password
                  else serialization.NoEncryption())
    return pkcs12.serialize_key_and_certificates(b"center", key, cert, extra, encryption)


def test_a_pkcs12_file_imports_and_signs(renderer, center_key):
    data = _pkcs12(center_key.private_key, center_key.certificate, b"p12 password")
    imported = import_pkcs12(data, b"p12 password")
    assert imported.fingerprint == center_key.fingerprint
    pdf = Signer(imported).sign(renderer.render(sample_snapshot()))
    assert validate(pdf, center_key.certificate).ok


def test_a_pkcs12_with_a_ca_chain_validates_against_the_ca(renderer):
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "State Training Authority CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(1).not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Center")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(2)
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    imported = import_pkcs12(_pkcs12(key, leaf, None, [ca]))
    assert imported.chain == (ca,)
    pdf = Signer(imported).sign(renderer.render(sample_snapshot()))
    assert validate(pdf, ca).ok
    assert not validate(pdf, generate_signing_key("Elsewhere").certificate).ok


def test_only_p256_keys_are_accepted(center_key):
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "RSA center")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(rsa_key.public_key())
            .serial_number(3).not_valid_before(now).not_valid_after(now + timedelta(days=1))
            .sign(rsa_key, hashes.SHA256()))
    with pytest.raises(SigningKeyError, match="P-256"):
        import_pkcs12(_pkcs12(rsa_key, cert, None))
    with pytest.raises(SigningKeyError, match="does not belong"):
        SigningKey(ec.generate_private_key(ec.SECP256R1()), center_key.certificate)
    with pytest.raises(SigningKeyError, match="PKCS#12"):
        import_pkcs12(b"not a pkcs12 file", b"x")


def _leaf(*, start: datetime, days: int, usage: x509.KeyUsage | None = None, ca: bool = False):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Center")])
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(start)
               .not_valid_after(start + timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if usage is not None:
        builder = builder.add_extension(usage, critical=True)
    return key, builder.sign(key, hashes.SHA256())


ENCIPHER_ONLY = x509.KeyUsage(False, False, True, False, False, False, False, False, False)


@pytest.mark.parametrize("start_days, days, usage, ca, message", [
    (-30, 10, None, False, "expired on"),
    (5, 365, None, False, "not valid until"),
    (-1, 365, ENCIPHER_ONLY, False, "key usage does not allow signing"),
    (-1, 365, None, True, "certificate authority's certificate"),
])
def test_an_expired_future_or_wrong_usage_certificate_is_refused(start_days, days, usage, ca, message):
    now = datetime.now(UTC)
    key, cert = _leaf(start=now + timedelta(days=start_days), days=days, usage=usage, ca=ca)
    with pytest.raises(SigningKeyError, match=message):
        import_pkcs12(_pkcs12(key, cert, None))
