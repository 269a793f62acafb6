"""A center's certificates as a ZIP of their signed PDFs, or as CSV."""
from __future__ import annotations

import csv
import io
import zipfile

from sqlalchemy import select

from lms.certificates.issuing.selectors import CertificateView
from lms.certificates.models import CertificateDocument
from lms.extensions import db


def zip_of(views: list[CertificateView]) -> bytes:
    """One ZIP of the selected certificates' signed PDFs."""
    documents = dict(db.session.execute(select(CertificateDocument.certificate_id, CertificateDocument.pdf).where(
        CertificateDocument.certificate_id.in_([v.certificate.id for v in views]))).all())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # PDFs are already compressed
        for view in views:
            name = f"{view.document.short_code}-{_safe(view.document.learner_name)}.pdf"
            archive.writestr(name, documents[view.certificate.id])
    return buffer.getvalue()


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name).strip("-")[:60] or "learner"


CSV_COLUMNS = ["short_code", "learner_name", "program", "ce_hours", "issued_on", "expires_on", "status",
               "revocation_reason", "verify_url"]


def _cell(value) -> str:
    """A CSV cell that spreadsheet programs will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_of(views: list[CertificateView]) -> str:
    """The certificates as CSV, one row each."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for view in views:
        doc = view.document
        writer.writerow([_cell(v) for v in (doc.short_code, doc.learner_name, doc.program_title, doc.hours_text,
                                            doc.issued_on, doc.expires_on or "", view.status.code,
                                            view.status.reason or "", doc.verify_url)])
    return buffer.getvalue()
