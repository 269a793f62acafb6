"""PAdES signatures (pyHanko) by the issuing center's key, and their validation (keys themselves: keys.py)."""
from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from asn1crypto import algos, cms
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from lms.certificates.documents.cms_template import DIGEST, TemplateSigner, tlv
from lms.certificates.documents.keys import SigningKey, fingerprint

FIELD_NAME = "CenterSignature"
# Any one of these key usages makes a certificate fit to sign documents.
KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
# What this system writes in the parts of a CMS SignedData that the signature itself does not cover.
SIGNATURE_ALGORITHM = algos.SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"}).dump()
DIGEST_ALGORITHM = algos.DigestAlgorithm({"algorithm": DIGEST}).dump()
DATA = cms.EncapsulatedContentInfo({"content_type": "data"}).dump()


def _asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _run(make_coroutine):
    """asyncio.run, also from code that is itself called inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make_coroutine())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


class Signer:
    """Signs certificate PDFs for one center; the pyHanko signer and its settings are built once."""

    def __init__(self, signing_key: SigningKey, *, reason: str = "Certificate issued by the training center",
                 location: str | None = None, certify: bool = True) -> None:
        """Certifying signatures (DocMDP: no changes allowed) by default."""
        self.signing_key = signing_key
        chain = [_asn1_certificate(c) for c in (signing_key.certificate, *signing_key.chain)]
        private = asn1_keys.PrivateKeyInfo.load(signing_key.private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        signer = TemplateSigner(key=signing_key.private_key, signing_cert=chain[0], signing_key=private,
                                cert_registry=SimpleCertificateStore.from_certs(chain))
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason, location=location, certify=certify,
            docmdp_permissions=fields.MDPPerm.NO_CHANGES)
        self._pdf_signer = signers.PdfSigner(meta, signer)
        # Room (in hex digits) for the CMS blob: the chain, an ECDSA signature and the PAdES attributes,
        # with margin; reserving it up front spares pyHanko a trial signature on every document.
        self.bytes_reserved = 2 * (2048 + sum(len(c.dump()) for c in chain))

    def sign(self, pdf: bytes) -> bytes:
        """The PDF with a PAdES signature appended as an incremental update."""
        return self.sign_many([pdf])[0]

    def sign_many(self, pdfs: Sequence[bytes]) -> list[bytes]:
        """Sign several PDFs in one event loop (on a helper thread if this thread already runs a loop)."""
        async def all_of_them() -> list[bytes]:
            return [await self._sign(pdf) for pdf in pdfs]
        return _run(all_of_them)

    async def _sign(self, pdf: bytes) -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=True)
        output = io.BytesIO()
        await self._pdf_signer.async_sign_pdf(writer, bytes_reserved=self.bytes_reserved, output=output)
        return output.getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    """The outcome of validating a certificate PDF's signature; `ok` is the only verdict to act on."""

    ok: bool
    problem: str = ""
    signer_fingerprint: str | None = None
    signed_at: datetime | None = None


def validate(pdf: bytes, trusted: x509.Certificate | Sequence[x509.Certificate] | str) -> SignatureCheck:
    """Check the PDF carries exactly one signature, covering the whole file, intact, made by a key
    certified by (or being) one of the `trusted` certificates (or PEM text of them), with nothing changed
    after signing, and that the CMS blob holds nothing unsigned beyond what this system writes."""
    if isinstance(trusted, str):
        trusted = x509.load_pem_x509_certificates(trusted.encode("ascii"))
    roots = [_asn1_certificate(c) for c in ([trusted] if isinstance(trusted, x509.Certificate) else trusted)]
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=True)
        signatures = reader.embedded_signatures
        if len(signatures) != 1:
            return SignatureCheck(False, f"expected one signature, found {len(signatures)}")
        embedded = signatures[0]
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = validate_pdf_signature(embedded, context, key_usage_settings=KEY_USAGE)
        signer = x509.load_der_x509_certificate(status.signing_cert.dump())
        found = SignatureCheck(False, signer_fingerprint=fingerprint(signer), signed_at=status.signer_reported_dt)
        problem = _status_problem(status) or cms_problem(bytes(embedded.sig_object["/Contents"]), roots)
    except Exception as error:  # a damaged file is a failed check, whatever the parser says
        return SignatureCheck(False, f"unreadable signature or document: {type(error).__name__}: {error}")
    return SignatureCheck(not problem, problem, found.signer_fingerprint, found.signed_at)


def _status_problem(status: Any) -> str:
    if not status.intact:
        return "the document was changed after signing (digest mismatch)"
    if not status.valid:
        return "the signature value is not valid"
    if not status.trusted:
        return "the signer is not a trusted center key"
    if status.coverage != status.coverage.ENTIRE_FILE:
        return f"the signature does not cover the whole file ({status.coverage.name})"
    if not status.bottom_line:
        return "the signature fails its document-modification policy"
    return ""


def cms_problem(contents: bytes, trusted: list[asn1_x509.Certificate]) -> str:
    """Why a signature's /Contents is not exactly what this system writes, or "" if it is.

    CMS leaves parts of a SignedData outside the signature (the certificate copies, the digest algorithm
    list, the algorithm identifiers, padding); verifiers ignore changes there. Certificates are issued
    documents, so any changed byte must fail: the blob must be canonical DER with only the expected
    values, and every certificate in it must be a trusted one or the signer's own (checked by its chain).
    """
    info = cms.ContentInfo.load(contents)
    der = info.dump()
    if contents[len(der):].strip(b"\x00"):
        return "data after the signature blob in /Contents"
    if cms.ContentInfo.load(der).dump(force=True) != der:
        return "the signature blob is not canonical DER"
    data = info["content"]
    if info["content_type"].native != "signed_data" or len(data["signer_infos"]) != 1:
        return "not a single-signer CMS SignedData"
    signer = data["signer_infos"][0]
    expected = {"version": (data["version"].native, "v1"), "signer version": (signer["version"].native, "v1"),
                "digest algorithms": (data["digest_algorithms"].dump(), tlv(0x31, DIGEST_ALGORITHM)),
                "digest algorithm": (signer["digest_algorithm"].dump(), DIGEST_ALGORITHM),
                "signature algorithm": (signer["signature_algorithm"].dump(), SIGNATURE_ALGORITHM),
                "encapsulated content": (data["encap_content_info"].dump(), DATA),
                "unsigned attributes": (signer["unsigned_attrs"].native, None), "CRLs": (data["crls"].native, None)}
    for what, (found, wanted) in expected.items():
        if found != wanted:
            return f"unexpected {what} in the signature"
    trusted_der = {c.dump() for c in trusted}
    sid = signer["sid"].chosen
    for choice in data["certificates"]:
        cert, der = choice.chosen, choice.chosen.dump()
        is_signer = cert.serial_number == sid["serial_number"].native and cert.issuer == sid["issuer"]
        if der not in trusted_der and not (is_signer and _issued_by_one_of(der, trusted)):
            return "a certificate inside the signature is not the trusted one"
    return ""


def _issued_by_one_of(der: bytes, trusted: list[asn1_x509.Certificate]) -> bool:
    """Whether the certificate's signature verifies under one of the trusted certificates."""
    certificate = x509.load_der_x509_certificate(der)
    for issuer in trusted:
        try:
            certificate.verify_directly_issued_by(x509.load_der_x509_certificate(issuer.dump()))
            return True
        except (ValueError, TypeError, InvalidSignature):
            continue
    return False
