"""A center's certificates as a ZIP of their signed PDFs (the CSV is lms.spreadsheet.csv_lines)."""
from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator
from typing import IO

from sqlalchemy import select

from lms.certificates.models import Certificate, CertificateDocument
from lms.extensions import db

MAX_ZIP = 2000  # certificates in one ZIP; the list's filters narrow a bigger selection
_CHUNK = 50


def zip_file(certificate_ids: list[int]) -> IO[bytes]:
    """A temporary file holding one ZIP of these certificates' signed PDFs, read from the database in chunks
    (memory stays flat); positioned at its start."""
    spool = tempfile.TemporaryFile()
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_STORED) as archive:  # PDFs are already compressed
        for start in range(0, len(certificate_ids), _CHUNK):
            rows = db.session.execute(
                select(Certificate.short_code, Certificate.snapshot["document"]["learner_name"].as_string(),
                       CertificateDocument.pdf)
                .join(CertificateDocument, CertificateDocument.certificate_id == Certificate.id)
                .where(Certificate.id.in_(certificate_ids[start:start + _CHUNK])))
            for code, name, pdf in rows:
                archive.writestr(f"{code}-{_safe(name or '')}.pdf", pdf)
    spool.seek(0)
    return spool


def chunks(spool: IO[bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    """A file's bytes in pieces, closing it at the end (for streaming a response)."""
    with spool:
        while piece := spool.read(size):
            yield piece


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name).strip("-")[:60] or "learner"
