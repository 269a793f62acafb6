"""Every issued certificate is a tagged PDF/A-4 that its center's signature covers: one issued one by one (on
completion, rendered in one pass) and one from a bulk issue (the program's cached page with the learner's stamp
merged in, structure trees included); qpdf finds no damage in either."""
from __future__ import annotations

import io
import subprocess

import pikepdf
import pytest
from cryptography import x509
from pypdf import PdfReader
from sqlalchemy import select

from lms.certificates.documents.pades import validate
from lms.certificates.issuing.bulk import start_bulk
from lms.certificates.issuing.center_settings import save_settings
from lms.certificates.models import Certificate, CertificateDocument, IssuanceRequest
from lms.programs.models import Program
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


def _assert_tagged_pdfa_and_signed(pdf: bytes, certificate: Certificate) -> None:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root
        assert "/StructTreeRoot" in root and bool(root.MarkInfo.Marked) and str(root.Lang) == "en"
        assert document.open_metadata()["pdfaid:part"] == "4"
        assert document.check_pdf_syntax() == []  # what `qpdf --check` reports
        alt = [str(e.Alt) for e in _elements(root.StructTreeRoot) if "/Alt" in e]
        assert f"QR code for {certificate.snapshot['document']['verify_url']}" in alt
    check = validate(pdf, x509.load_pem_x509_certificate(certificate.center_key.certificate_pem.encode()))
    assert check.ok, check.problem


def _elements(node):
    kids = node.get("/K")
    for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def test_bulk_issued_certificates_are_tagged_pdfa_and_signed(db, issuing_center, make_user):  # noqa: F811
    program = db.session.scalar(select(Program))
    save_settings(center_id=issuing_center.id, actor_id=None, signatory_name="Dr. Ada Lovelace",
                  signatory_title="Director", ce_provider_name="RTC", ce_provider_number="1",
                  requires_approval=True, programs={program.id: ("POST-1", "Approved.")})  # completion waits
    learners = [make_user(full_name=name) for name in ("Priya Raman", "Tomás Ortega", "Grace Mwangi")]
    for learner in learners:
        complete_program(db, learner.id)
    db.session.execute(IssuanceRequest.__table__.delete())  # as if they finished before certificates existed
    db.session.commit()
    admin = make_user("center_admin")
    start_bulk(center_id=issuing_center.id, version=program.current_version, actor_id=admin.id)
    certificates = db.session.scalars(select(Certificate)).all()
    assert len(certificates) == 3
    for certificate in certificates:
        _assert_tagged_pdfa_and_signed(db.session.get(CertificateDocument, certificate.id).pdf, certificate)


def _tools_report(pdf: bytes, tmp_path) -> dict[str, str]:
    """What the independent command-line tools say of a PDF: poppler's pdfinfo and pdfsig, and qpdf --check."""
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    run = lambda *cmd: subprocess.run([*cmd, str(path)], capture_output=True, text=True, timeout=120)  # noqa: E731
    return {"pdfinfo": run("pdfinfo").stdout, "qpdf": run("qpdf", "--check").stdout,
            "pdfsig": run("pdfsig", "-nocert").stdout}


def test_poppler_and_qpdf_find_single_and_bulk_certificates_tagged_undamaged_and_signed(
        db, issuing_center, make_user, tmp_path):  # noqa: F811
    program = db.session.scalar(select(Program))
    single = make_user(full_name="Priya Raman")
    complete_program(db, single.id)
    save_settings(center_id=issuing_center.id, actor_id=None, signatory_name="Dr. Ada Lovelace",
                  signatory_title="Director", ce_provider_name="RTC", ce_provider_number="1",
                  requires_approval=True, programs={program.id: ("POST-1", "Approved.")})
    complete_program(db, make_user(full_name="Tomás Ortega").id)
    db.session.execute(IssuanceRequest.__table__.delete().where(IssuanceRequest.user_id != single.id))
    db.session.commit()
    start_bulk(center_id=issuing_center.id, version=program.current_version, actor_id=make_user("center_admin").id)
    certificates = db.session.scalars(select(Certificate).order_by(Certificate.id)).all()
    assert len(certificates) == 2  # the first issued one by one on completion, the second by the bulk issue
    for certificate in certificates:
        report = _tools_report(db.session.get(CertificateDocument, certificate.id).pdf, tmp_path)
        assert "Tagged:          yes" in report["pdfinfo"], report["pdfinfo"]
        assert "No syntax or stream encoding errors found" in report["qpdf"], report["qpdf"]
        assert "Signature #1" in report["pdfsig"] and "Signature is Valid." in report["pdfsig"], report["pdfsig"]
