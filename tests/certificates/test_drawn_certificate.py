"""A certificate issued one by one is drawn into the program's cached tagged page, not laid out again: it must be what
the one-pass WeasyPrint render is (same text at the same places, same look, tagged PDF/A-4, valid signature, no
damage qpdf can find), and a name the bundled fonts cannot draw, or one too long for a line, still comes out right
(through WeasyPrint)."""
from __future__ import annotations

import dataclasses
import io
import re
import subprocess

import pikepdf
import pytest
from PIL import Image, ImageChops

from lms.certificates.documents import stamp_probe
from lms.certificates.documents.drawn_stamp import DrawnPages
from lms.certificates.documents.pades import validate
from lms.certificates.documents.stamp_fonts import Unsupported, stamp_font
from tests.support.certificate_samples import sample_snapshot

LATIN_NAMES = ("José Núñez", "Zoë Ångström-Kowalczyk", "Nguyễn Thị Minh Khai", "Officer James O'Brien",
               "Alexandra Okonkwo, LCSW", "Sergeant Maria Elena Delgado-Whitfield", "Łukasz Żółć & Ærøskøbing")


@pytest.fixture(scope="module")
def drawn(renderer) -> DrawnPages:
    return DrawnPages(renderer)


def _tool(tmp_path, pdf: bytes, *command: str) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    return subprocess.run([*command, str(path), *(["-"] if command[0] == "pdftotext" else [])],
                          capture_output=True, text=True, timeout=120).stdout


def _words(tmp_path, pdf: bytes) -> list[tuple[str, float, float, float, float]]:
    """Every word pdftotext finds, with its box."""
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                       _tool(tmp_path, pdf, "pdftotext", "-bbox"))
    return [(word, float(x1), float(y1), float(x2), float(y2)) for x1, y1, x2, y2, word in found]


def _pixels_off(tmp_path, first: bytes, second: bytes) -> int:
    """How many pixels differ clearly between the two PDFs rendered at 50 dpi."""
    images = []
    for name, pdf in (("a", first), ("b", second)):
        (tmp_path / f"{name}.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-singlefile", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True, timeout=120)
        images.append(Image.open(tmp_path / f"{name}.png").convert("L"))
    histogram = ImageChops.difference(*images).histogram()
    return sum(histogram[48:])


@pytest.mark.parametrize("layout", ["post", "ce"])
def test_a_drawn_certificate_has_the_words_of_the_weasyprint_render_at_the_same_places(drawn, renderer, layout,
                                                                                      tmp_path):
    for name in LATIN_NAMES:
        snapshot = sample_snapshot(layout, learner_name=name, ce_hours="7.5")
        before = drawn.drawn
        pdf = drawn.render(snapshot)
        assert drawn.drawn == before + 1, name  # drawn, not sent through WeasyPrint
        mine, reference = _words(tmp_path, pdf), _words(tmp_path, renderer.render_archival(snapshot))
        assert [w[0] for w in mine] == [w[0] for w in reference], name
        for (word, *box), (_, *expected) in zip(mine, reference, strict=True):
            assert all(abs(a - b) < 0.25 for a, b in zip(box, expected, strict=True)), (word, box, expected)


def test_a_drawn_certificate_looks_like_the_weasyprint_render(drawn, renderer, tmp_path):
    snapshot = sample_snapshot("ce", learner_name="Zoë Ångström-Kowalczyk")
    drawn_pdf, reference = drawn.render(snapshot), renderer.render_archival(snapshot)
    assert _pixels_off(tmp_path, drawn_pdf, reference) < 60  # of 550 x 425: antialiasing at most
    other = dataclasses.replace(snapshot, learner_name="Somebody Else Entirely")
    assert _pixels_off(tmp_path, drawn_pdf, renderer.render_archival(other)) > 300  # the comparison can fail


def test_a_drawn_certificate_is_tagged_pdfa_signed_undamaged_and_readable(drawn, signer, center_key, tmp_path):
    snapshot = sample_snapshot("ce", learner_name="Nguyễn Thị Minh Khai", ce_hours="12.5")
    signed = signer.sign(drawn.render(snapshot))
    assert "Tagged:          yes" in _tool(tmp_path, signed, "pdfinfo")
    assert "PDF version:     2.0" in _tool(tmp_path, signed, "pdfinfo")
    assert "Signature is Valid." in _tool(tmp_path, signed, "pdfsig", "-nocert")
    assert "No syntax or stream encoding errors found" in _tool(tmp_path, signed, "qpdf", "--check")
    check = validate(signed, center_key.certificate)
    assert check.ok, check.problem
    text = " ".join(_tool(tmp_path, signed, "pdftotext").split())
    assert snapshot.learner_name in text and snapshot.short_code in text and "12.5" in text
    with pikepdf.open(io.BytesIO(signed)) as pdf:
        assert pdf.open_metadata()["pdfaid:part"] == "4"
        assert pdf.open_metadata()["dc:title"].endswith("| Nguyễn Thị Minh Khai")
        assert pdf.check_pdf_syntax() == []


def _elements(node):
    kids = node.get("/K")
    for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def test_the_drawn_stamp_is_in_the_structure_tree_and_the_parent_tree(drawn):
    snapshot = sample_snapshot("post", learner_name="Tomás Ortega")
    with pikepdf.open(io.BytesIO(drawn.render(snapshot))) as pdf:
        elements = list(_elements(pdf.Root.StructTreeRoot))
        spans = {str(e.ActualText): e for e in elements if e.S == "/Span" and "/ActualText" in e}
        assert set(spans) == {"Tomás Ortega", snapshot.short_code, snapshot.verify_url}
        assert spans["Tomás Ortega"].P.S == "/P"
        [figure] = [e for e in elements if e.S == "/Figure" and str(e.get("/Alt", "")).startswith("QR code for")]
        assert str(figure.Alt) == f"QR code for {snapshot.verify_url}" and "/BBox" in figure.A
        marks = pdf.Root.StructTreeRoot.ParentTree.Nums[1]
        for element in [*spans.values(), figure]:
            [mcid] = list(element.K)
            assert marks[int(mcid)].objgen == element.objgen
        content = b"".join(c.read_bytes() for c in pdf.pages[0].Contents)
        assert len(re.findall(rb"/MCID (\d+)", content)) == len(marks)  # every marked content has its element


@pytest.mark.parametrize("name", ["李小龍", "محمد عبد الله", "Kofi 😀 Mensah", "Иван Петров-Водкин " * 6])
def test_names_the_drawn_stamp_cannot_draw_come_out_right_through_weasyprint(drawn, renderer, name, tmp_path):
    snapshot = sample_snapshot("post", learner_name=name.strip())
    before = drawn.fallbacks
    pdf = drawn.render(snapshot)
    reference = renderer.render_archival(snapshot)
    text = " ".join(_tool(tmp_path, pdf, "pdftotext").split())
    if drawn.fallbacks == before:  # Cyrillic is in the bundled fonts: drawn, as long as it fits its line
        assert [w[0] for w in _words(tmp_path, pdf)] == [w[0] for w in _words(tmp_path, reference)]
    else:
        assert text == " ".join(_tool(tmp_path, reference, "pdftotext").split())
    assert "Tagged:          yes" in _tool(tmp_path, pdf, "pdfinfo")


def test_glyphs_the_fonts_lack_and_right_to_left_text_are_refused_by_the_shaper():
    for text in ("李", "محمد", "😀"):
        with pytest.raises(Unsupported):
            stamp_font("name").shape(text)
    assert [g.text for g in stamp_font("name").shape("Whitfield")][4] == "fi"  # the ligature WeasyPrint draws


def test_a_page_whose_probe_does_not_match_weasyprint_is_never_drawn(renderer, monkeypatch):
    monkeypatch.setattr(stamp_probe, "TOLERANCE", -1.0)  # no position can match now
    pages = DrawnPages(renderer)
    pdf = pages.render(sample_snapshot("post", learner_name="José Núñez"))
    assert pages.drawn == 0 and pages.fallbacks == 1 and pdf.startswith(b"%PDF-2.0")


def test_each_certificate_carries_only_its_own_glyphs_and_qr_code(drawn):
    first = drawn.render(sample_snapshot("post", learner_name="Ann Lee", short_code="CDCP-AAAA-BBBB-CCCC",
                                         verify_url="https://lms.example.org/verify/CDCP-AAAA-BBBB-CCCC"))
    with pikepdf.open(io.BytesIO(first)) as pdf:
        font = pdf.pages[0].Resources.Font.CDCPName
        widths = list(font.DescendantFonts[0].W)
        assert len(widths) == 2 * len(set("Ann Lee"))  # one entry per distinct glyph
        images = [x for x in pdf.pages[0].Resources.XObject.values() if x.Width == x.Height and x.Width > 20]
        assert len(images) == 1  # this learner's QR code alone
