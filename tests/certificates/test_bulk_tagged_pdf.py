"""Bulk-issued certificates (a program's cached page with each learner's stamp merged in) are tagged PDF/A-4 like
certificates rendered in one pass: structure tree with the learner's name and an alt-texted QR code in reading
order, MarkInfo, language, PDF/A identification in XMP, an output intent; qpdf finds no damage and the center's
signature validates. One learner's file never carries another learner's name or QR code."""
from __future__ import annotations

import io

import pikepdf
import pytest

from lms.certificates.documents.pades import Signer, validate
from lms.certificates.documents.tagged_stamp import StampMergeError, empty_slots
from tests.certificates.conftest import pdf_text
from tests.support.certificate_samples import sample_cohort, sample_snapshot


def _texts(element, out: list[str]) -> list[str]:
    """Alt texts and element types in reading order."""
    out.append(str(element.S) + (f"[{element.Alt}]" if "/Alt" in element else ""))
    kids = element.get("/K")
    for child in (list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(child, pikepdf.Dictionary) and "/S" in child:
            _texts(child, out)
    return out


@pytest.fixture(scope="module")
def cohort():
    return sample_cohort(6, programs=2)


@pytest.fixture(scope="module")
def bulk_pdfs(renderer, cohort):
    return renderer.render_many_archival(cohort)


def test_every_bulk_certificate_is_tagged_pdfa_4_with_language_and_output_intent(bulk_pdfs, cohort):
    assert len(bulk_pdfs) == len(cohort)
    for pdf, snapshot in zip(bulk_pdfs, cohort, strict=True):
        with pikepdf.open(io.BytesIO(pdf)) as document:
            root = document.Root
            assert "/StructTreeRoot" in root and bool(root.MarkInfo.Marked)
            assert str(root.Lang) == "en"
            assert root.OutputIntents[0].S == "/GTS_PDFA1"
            meta = document.open_metadata()
            assert meta["pdfaid:part"] == "4"
            assert meta["dc:title"] == f"{snapshot.program_title} | {snapshot.learner_name}"
            assert document.check_pdf_syntax() == []
            assert len(document.pages) == 1


def test_the_learner_slots_are_tagged_in_reading_order_with_the_qr_codes_alt_text(bulk_pdfs, cohort):
    with pikepdf.open(io.BytesIO(bulk_pdfs[1])) as document:
        order = _texts(document.Root.StructTreeRoot.K[0], [])
        marks = document.Root.StructTreeRoot.ParentTree.Nums[1]
        assert all(isinstance(item, pikepdf.Dictionary) for item in marks)  # every marked id has its element
    qr = f"/Figure[QR code for {cohort[1].verify_url}]"
    assert qr in order
    seal = next(i for i, item in enumerate(order) if item.startswith("/Figure[Seal"))
    assert order.index("/H1") < seal < order.index(qr)


def test_a_bulk_certificate_shows_only_its_own_learner_and_qr_code(bulk_pdfs, cohort):
    codes = []
    for pdf, snapshot in zip(bulk_pdfs, cohort, strict=True):
        text = " ".join(pdf_text(pdf).split())
        assert snapshot.learner_name in text and snapshot.short_code in text
        assert not [other.learner_name for other in cohort if other is not snapshot and other.learner_name in text]
        with pikepdf.open(io.BytesIO(pdf)) as document:
            images = [name for name, x in document.pages[0].Resources.XObject.items() if x.Subtype == "/Image"]
        assert len(images) == 1 and images[0].startswith("/S")  # the seal is vector: the one image is its QR code
        codes.append(images[0])
    assert len(set(codes)) == len(cohort)  # each learner's own QR code (images are named by their content)


def test_a_bulk_certificate_takes_the_centers_signature_and_stays_tagged(bulk_pdfs, center_key):
    signed = Signer(center_key).sign(bulk_pdfs[0])
    assert signed.startswith(b"%PDF-2.0")
    check = validate(signed, center_key.certificate)
    assert check.ok, check.problem
    with pikepdf.open(io.BytesIO(signed)) as document:
        assert "/StructTreeRoot" in document.Root and document.check_pdf_syntax() == []


def test_a_base_page_without_its_empty_slots_is_refused_with_a_reason(renderer):
    one_pass = renderer.render_archival(sample_snapshot("post"))  # its slots are filled, not empty
    with pikepdf.open(io.BytesIO(one_pass)) as document, pytest.raises(StampMergeError, match="empty learner slots"):
        empty_slots(document)


@pytest.mark.parametrize("layout", ["post", "ce"])
@pytest.mark.parametrize("name", ["Detective Aisha Rahman-Oyelaran", "Officer " + "Maximiliana " * 9])
def test_a_tagged_bulk_page_places_every_character_where_a_direct_render_does(renderer, layout, name):
    from tests.certificates.test_pdf_content import placed_chars

    snapshot = sample_snapshot(layout, learner_name=name)
    [bulk] = renderer.render_many_archival([snapshot])
    assert placed_chars(bulk) == placed_chars(renderer.render_direct(snapshot))
