"""A certificate issued one by one (on completion) is a tagged PDF/A that its center's signature covers; a bulk
issue keeps the faster stamped pages."""
from __future__ import annotations

import io

import pytest
from cryptography import x509
from pypdf import PdfReader
from sqlalchemy import select

from lms.certificates.documents.pades import validate
from lms.certificates.models import Certificate, CertificateDocument
from tests.web.test_certificates import complete_program, issuing_center  # noqa: F401  (fixture)

pytestmark = pytest.mark.pg


def test_a_certificate_issued_on_completion_is_tagged_pdfa_and_signed(db, issuing_center, make_user):  # noqa: F811
    learner = make_user(full_name="Priya Raman")
    complete_program(db, learner.id)
    certificate = db.session.scalar(select(Certificate))
    pdf = db.session.get(CertificateDocument, certificate.id).pdf
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert b"pdfaid" in root["/Metadata"].get_object().get_data()
    check = validate(pdf, x509.load_pem_x509_certificate(certificate.center_key.certificate_pem.encode()))
    assert check.ok, check.problem
