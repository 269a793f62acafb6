"""PAdES signatures by the center's key validate with pyHanko, and any changed byte breaks them."""
from __future__ import annotations

import io
import random

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from lms.certificates.documents.pades import Signer, validate
from tests.certificates.conftest import pdf_text
from tests.support.certificate_samples import sample_cohort, sample_snapshot


@pytest.fixture(scope="module")
def signed(renderer, signer) -> bytes:
    """One signed certificate (after a first signature, so the CMS template is in use)."""
    signer.sign(renderer.render(sample_snapshot(learner_name="First Learner")))
    return signer.sign(renderer.render(sample_snapshot()))


def test_a_signed_certificate_validates_and_still_reads_back(signed, center_key):
    check = validate(signed, center_key.certificate)
    assert check.ok, check.problem
    assert check.signer_fingerprint == center_key.fingerprint and check.signed_at is not None
    assert sample_snapshot().learner_name in pdf_text(signed)


def test_the_signature_is_a_pades_certification_signature(signed):
    reader = PdfFileReader(io.BytesIO(signed), strict=True)
    [signature] = reader.embedded_signatures
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signature.sig_object["/Reference"][0]["/TransformMethod"] == "/DocMDP"
    assert signature.signer_cert.subject.native["common_name"] == "New England Regional Training Center"


def contents_span(pdf: bytes) -> tuple[int, int]:
    """Where the hex /Contents of the signature sits in the file."""
    start = pdf.rindex(b"/Contents <") + len(b"/Contents <")
    return start, pdf.index(b">", start)


def flipped(pdf: bytes, position: int) -> bytes:
    data = bytearray(pdf)
    data[position] ^= 0x01
    return bytes(data)


def test_changing_any_one_byte_fails_validation(signed, center_key):
    start, end = contents_span(signed)
    der_end = start + 2 * 600  # well inside the CMS blob; the rest up to `end` is zero padding
    rng = random.Random(7)
    positions = {0, 9, len(signed) // 2, len(signed) - 1, start, start + 1, der_end, end - 1, end - 10}
    positions |= {rng.randrange(len(signed)) for _ in range(40)}
    positions |= {rng.randrange(start, end) for _ in range(10)}
    for position in sorted(positions):
        check = validate(flipped(signed, position), center_key.certificate)
        assert not check.ok, f"byte {position} changed and the signature still validated"
        assert check.problem


def test_the_trusted_chain_can_be_given_as_stored_pem(signed, center_key, other_key):
    assert validate(signed, center_key.certificate_pem).ok
    assert not validate(signed, other_key.certificate_pem).ok


def test_another_centers_key_is_not_trusted(signed, other_key):
    check = validate(signed, other_key.certificate)
    assert not check.ok and "trusted" in check.problem


def test_an_unsigned_document_fails(renderer, center_key):
    check = validate(renderer.render(sample_snapshot()), center_key.certificate)
    assert not check.ok and "found 0" in check.problem


def test_appending_an_update_after_signing_fails(signed, center_key):
    check = validate(signed + b"\n% appended\n", center_key.certificate)
    assert not check.ok


def test_sign_many_signs_every_file_with_the_reused_signer(renderer, signer, center_key):
    cohort = sample_cohort(4, programs=2)
    for pdf, snapshot in zip(signer.sign_many(renderer.render_many(cohort)), cohort, strict=True):
        assert validate(pdf, center_key.certificate).ok
        assert snapshot.short_code in pdf_text(pdf)


def test_the_cms_template_is_learned_and_its_signatures_validate(renderer, center_key):
    fresh = Signer(center_key, reason="Test", location="Hartford, CT")
    first = fresh.sign(renderer.render(sample_snapshot()))
    assert fresh._pdf_signer.signer._template is not None
    second = fresh.sign(renderer.render(sample_snapshot(learner_name="Second Learner")))
    assert validate(first, center_key.certificate).ok and validate(second, center_key.certificate).ok


def test_a_naive_render_signs_and_validates_too(signer, center_key):
    from tests.support.certificate_samples import render_naive

    assert validate(signer.sign(render_naive(sample_snapshot("ce"))), center_key.certificate).ok
