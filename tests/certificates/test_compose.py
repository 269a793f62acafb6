"""The PDF object splicer: references renumbered outside strings only; files well formed."""
from __future__ import annotations

import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from lms.certificates.documents.qr import qr_data_uri
from lms.certificates.documents.splice import references, renumber, write_file


def test_references_are_found_and_renumbered_but_strings_are_left_alone():
    head = b"<</Font 12 0 R /Kids [3 0 R 45 0 R] /Title (see 12 0 R \\) 3 0 R) /Hex <3120302052>>>"
    assert references(head) == [12, 3, 45]
    assert renumber(head, {12: 101, 3: 102, 45: 103}) == (
        b"<</Font 101 0 R /Kids [102 0 R 103 0 R] /Title (see 12 0 R \\) 3 0 R) /Hex <3120302052>>>")


def test_write_file_makes_a_file_strict_readers_accept():
    pdf = write_file([(2, b"<</Type /Pages /Kids [3 0 R] /Count 1>>"),
                      (1, b"<</Type /Catalog /Pages 2 0 R>>"),
                      (3, b"<</Type /Page /Parent 2 0 R /MediaBox [0 0 792 612]>>"),
                      (4, b"<</Length 0>>\nstream\n\nendstream"),
                      (5, b"<</Title (t)>>")])
    reader = PdfFileReader(io.BytesIO(pdf), strict=True)
    assert reader.root["/Pages"]["/Count"] == 1


def test_write_file_refuses_gaps_in_numbering():
    with pytest.raises(ValueError, match="without gaps"):
        write_file([(1, b"<<>>"), (3, b"<<>>")])


def test_qr_codes_come_as_vector_or_pixel_data_uris():
    assert qr_data_uri("https://x.example/v/1").startswith("data:image/svg+xml")
    assert qr_data_uri("https://x.example/v/1", kind="png").startswith("data:image/png;base64,")
    with pytest.raises(ValueError):
        qr_data_uri("https://x.example", kind="gif")
