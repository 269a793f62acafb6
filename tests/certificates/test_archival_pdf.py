"""The archival render: a tagged PDF/A-4 (structure tree, MarkInfo, XMP identification, output intent) that still
takes the center's signature (which makes it PDF 2.0, as PDF/A-4 is) and still reads back the learner and hours."""
from __future__ import annotations

import io

from pypdf import PdfReader

from lms.certificates.documents.pades import Signer, validate
from tests.certificates.conftest import pdf_text
from tests.support.certificate_samples import sample_snapshot


def test_the_archival_pdf_is_tagged_pdfa_and_its_signature_validates(renderer, center_key):
    snapshot = sample_snapshot("ce", ce_hours="1")
    pdf = renderer.render_archival(snapshot)
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    assert 'pdfaid:part="4"' in xmp or "<pdfaid:part>4</pdfaid:part>" in xmp
    assert root["/Lang"] == "en"
    signed = Signer(center_key).sign(pdf)
    assert pdf.startswith(b"%PDF-2.0")
    check = validate(signed, center_key.certificate)
    assert check.ok, check.problem
    text = pdf_text(signed)
    assert snapshot.learner_name in text and "1 continuing education (CE) contact hour" in " ".join(text.split())
