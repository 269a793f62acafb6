"""A pyHanko signer that reuses the constant parts of its CMS signature from one document to the next.

pyHanko rebuilds (and asn1crypto re-encodes) the certificate, signer identifier and signed attributes
for every signature; only the message digest and the signature value actually change. After its first
signature, made entirely by pyHanko, this signer keeps those parts as DER bytes and splices in the two
values that differ. The first result is re-assembled from the template and compared byte for byte
before the template is trusted; any other configuration (timestamps, dry runs, other digests) falls
back to pyHanko unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from asn1crypto import cms
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.sign import signers

DIGEST = "sha256"


def tlv(tag: int, content: bytes) -> bytes:
    """One DER element: tag, definite length, content."""
    size = len(content)
    if size < 0x80:
        return bytes((tag, size)) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(length))) + length + content


@dataclass(frozen=True)
class Template:
    """DER parts of a SignedData that do not depend on the document."""

    content_type: bytes
    version: bytes
    digest_algorithms: bytes
    encap_content_info: bytes
    certificates: bytes
    signer_version: bytes
    signer_id: bytes
    digest_algorithm: bytes
    signature_algorithm: bytes

    @classmethod
    def of(cls, info: cms.ContentInfo) -> Template:
        """Take the constant parts from a complete signature."""
        data = info["content"]
        signer = data["signer_infos"][0]
        if len(data["signer_infos"]) != 1 or signer["unsigned_attrs"].native or data["crls"].native:
            raise ValueError("not a single-signer signature without unsigned attributes or CRLs")
        return cls(info["content_type"].dump(), data["version"].dump(), data["digest_algorithms"].dump(),
                   data["encap_content_info"].dump(), data["certificates"].dump(), signer["version"].dump(),
                   signer["sid"].dump(), signer["digest_algorithm"].dump(), signer["signature_algorithm"].dump())

    def assemble(self, signed_attrs: bytes, signature: bytes) -> bytes:
        """The ContentInfo DER for these signed attributes (a DER SET) and signature value."""
        signer_info = tlv(0x30, self.signer_version + self.signer_id + self.digest_algorithm
                          + b"\xa0" + signed_attrs[1:] + self.signature_algorithm + tlv(0x04, signature))
        signed_data = tlv(0x30, self.version + self.digest_algorithms + self.encap_content_info
                          + self.certificates + tlv(0x31, signer_info))
        return tlv(0x30, self.content_type + tlv(0xA0, signed_data))


class TemplateSigner(signers.SimpleSigner):
    """SimpleSigner for an EC key that signs with the already-loaded key and a cached CMS template."""

    def __init__(self, *, key: ec.EllipticCurvePrivateKey, **kwargs: Any) -> None:
        """`key` is the same private key as `signing_key`, as a cryptography object."""
        super().__init__(**kwargs)
        self._key = key
        self._attributes: tuple[bytes, ...] | None = None
        self._template: Template | None = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        """ECDSA over `data` with the in-memory key (pyHanko would re-parse the key each time)."""
        if digest_algorithm != DIGEST:
            return super().sign_raw(data, digest_algorithm)
        return self._key.sign(data, ec.ECDSA(hashes.SHA256()))

    async def signed_attrs(self, data_digest: bytes, digest_algorithm: str, attr_settings: Any = None,
                           content_type: str = "data", use_pades: bool = False, timestamper: Any = None,
                           dry_run: bool = False, is_pdf_sig: bool = True) -> cms.CMSAttributes:
        """PAdES signed attributes: cached except the message digest (no signing time in PAdES)."""
        constant = (use_pades and not dry_run and timestamper is None and is_pdf_sig and content_type == "data"
                    and digest_algorithm == DIGEST and (attr_settings is None or (
                        attr_settings.adobe_revinfo_attr is None and not attr_settings.cades_signed_attrs)))
        if not constant or self._attributes is None:
            attributes = await super().signed_attrs(data_digest, digest_algorithm, attr_settings, content_type,
                                                    use_pades, timestamper, dry_run, is_pdf_sig)
            if constant:
                self._attributes = tuple(a.dump() for a in attributes if a["type"].native != "message_digest")
            return attributes
        digest = cms.CMSAttribute({"type": "message_digest", "values": [data_digest]}).dump()
        return cms.CMSAttributes.load(tlv(0x31, b"".join(sorted((*self._attributes, digest)))))

    async def async_sign_prescribed_attributes(self, digest_algorithm: str, signed_attrs: cms.CMSAttributes,
                                               cms_version: str = "v1", dry_run: bool = False,
                                               timestamper: Any = None,
                                               encap_content_info: Any = None) -> cms.ContentInfo:
        """The CMS signature, from the template once a first pyHanko-made signature has validated it."""
        plain = (not dry_run and timestamper is None and cms_version == "v1" and digest_algorithm.lower() == DIGEST
                 and (encap_content_info is None or encap_content_info == {"content_type": "data"}))
        if not plain or self._template is None:
            info = await super().async_sign_prescribed_attributes(
                digest_algorithm, signed_attrs, cms_version, dry_run, timestamper, encap_content_info)
            if plain:
                self._learn(info)
            return info
        attributes = signed_attrs.dump()
        return cms.ContentInfo.load(self._template.assemble(attributes, self.sign_raw(attributes, DIGEST)))

    def _learn(self, info: cms.ContentInfo) -> None:
        try:
            template = Template.of(info)
            signer = info["content"]["signer_infos"][0]
            again = template.assemble(signer["signed_attrs"].untag().dump(), signer["signature"].native)
        except (ValueError, KeyError, TypeError):
            return
        if again == info.dump():
            self._template = template

