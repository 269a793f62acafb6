"""Each center's signing key and X.509 certificate: generate, import from PKCS#12, save and load (0600)."""
from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


class SigningKeyError(ValueError):
    """A key or certificate is unusable (wrong type, mismatched, unreadable, unsafe permissions)."""


@dataclass(frozen=True)
class SigningKey:
    """A center's EC P-256 private key, its certificate, and any intermediate certificates."""

    private_key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    def __post_init__(self) -> None:
        """Refuse anything but a P-256 key whose public half is the certificate's."""
        if not isinstance(self.private_key, ec.EllipticCurvePrivateKey) or \
                not isinstance(self.private_key.curve, ec.SECP256R1):
            raise SigningKeyError("signing key must be an EC P-256 key (ES256, ECDSA)")
        mine = self.private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        theirs = self.certificate.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        if mine != theirs:
            raise SigningKeyError("the certificate does not belong to the private key")

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the certificate's DER encoding, lowercase hex."""
        return fingerprint(self.certificate)

    @property
    def certificate_pem(self) -> str:
        """The certificate, then any intermediates, as PEM text (public; fit for the database)."""
        return "".join(c.public_bytes(serialization.Encoding.PEM).decode("ascii")
                       for c in (self.certificate, *self.chain))


def fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of a certificate's DER encoding, lowercase hex (64 characters)."""
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def generate_signing_key(center_name: str, *, days: int = 3650, country: str | None = None,
                         email: str | None = None, now: datetime | None = None) -> SigningKey:
    """A new P-256 key and a self-signed certificate naming the center, fit for document signing."""
    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, center_name[:64]),
                  x509.NameAttribute(NameOID.ORGANIZATION_NAME, center_name[:64])]
    if country:
        attributes.append(x509.NameAttribute(NameOID.COUNTRY_NAME, country))
    if email:
        attributes.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    name = x509.Name(attributes)
    start = (now or datetime.now(UTC)) - timedelta(minutes=5)
    public = key.public_key()
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(public)
               .serial_number(x509.random_serial_number()).not_valid_before(start)
               .not_valid_after(start + timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                            key_encipherment=False, data_encipherment=False,
                                            key_agreement=False, key_cert_sign=False, crl_sign=False,
                                            encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False))
    return SigningKey(key, builder.sign(key, hashes.SHA256()))


def check_fit_to_sign(certificate: x509.Certificate, now: datetime | None = None) -> None:
    """SigningKeyError (a sentence for the admin) unless the certificate is valid now and may sign documents."""
    now = now or datetime.now(UTC)
    if certificate.not_valid_before_utc > now:
        raise SigningKeyError(f"the certificate is not valid until {certificate.not_valid_before_utc:%Y-%m-%d %H:%M} "
                              "UTC; import it once it is")
    if certificate.not_valid_after_utc <= now:
        raise SigningKeyError(f"the certificate expired on {certificate.not_valid_after_utc:%Y-%m-%d}; ask the "
                              "certificate authority for a new one")
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
        if constraints.ca:
            raise SigningKeyError("this is a certificate authority's certificate, not one for signing documents")
    except x509.ExtensionNotFound:
        pass
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (usage.digital_signature or usage.content_commitment):
        raise SigningKeyError("the certificate's key usage does not allow signing documents (it needs digital "
                              "signature or non-repudiation)")


def import_pkcs12(data: bytes, password: bytes | None = None, *, now: datetime | None = None) -> SigningKey:
    """A center key from a PKCS#12 (.p12/.pfx) file's bytes; the key must be EC P-256 and its certificate valid
    now and fit to sign documents."""
    if password and b"\x00" in password:
        raise SigningKeyError("the password cannot contain a NUL byte")
    try:
        key, certificate, extra = pkcs12.load_key_and_certificates(data, password)
    except ValueError as error:
        raise SigningKeyError(f"cannot read the PKCS#12 file: {error}") from None
    except BaseException as error:  # the Rust binding panics (a BaseException) on some input
        if type(error).__name__ != "PanicException":
            raise
        raise SigningKeyError("cannot read the PKCS#12 file") from None
    if key is None or certificate is None:
        raise SigningKeyError("the PKCS#12 file must hold a private key and its certificate")
    check_fit_to_sign(certificate, now)
    return SigningKey(key, certificate, tuple(extra or ()))


def save_key_file(signing_key: SigningKey, path: Path, *, password: bytes | None = None) -> Path:
    """Write the private key (PKCS#8, encrypted if a password is given) followed by the certificate chain
    to `path` as PEM, mode 0600 whatever the umask; a missing folder is created 0700."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    encryption = (serialization.BestAvailableEncryption(password) if password
                  else serialization.NoEncryption())
    key_pem = signing_key.private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                    encryption)
    _write_private(path, key_pem + signing_key.certificate_pem.encode("ascii"))
    return path


def load_key_file(path: Path, *, password: bytes | None = None) -> SigningKey:
    """Read a file written by save_key_file; refuses one that group or others may read or write."""
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SigningKeyError(f"{path}: permissions {oct(mode & 0o777)} are too open; expected 0600")
    data = path.read_bytes()
    try:
        key = serialization.load_pem_private_key(data, password)
        certificates = x509.load_pem_x509_certificates(data)
    except (ValueError, TypeError) as error:
        raise SigningKeyError(f"{path}: cannot read the key or its certificate: {error}") from None
    return SigningKey(key, certificates[0], tuple(certificates[1:]))


def _write_private(path: Path, data: bytes) -> None:
    """Write atomically with mode 0600 whatever the umask (temp file in the same folder, then rename)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
