"""Certificate PDFs read back with everything they must state, in both layouts, each file standing alone."""
from __future__ import annotations

import io
from datetime import date

import pdfplumber
import pypdf
import pytest
import segno

from lms.certificates.documents.qr import MASK
from lms.certificates.documents.render import name_size
from tests.certificates.conftest import pdf_text
from tests.support.certificate_samples import sample_cohort, sample_snapshot


def squash(text: str) -> str:
    """Text with all whitespace removed, so line wrapping does not matter."""
    return "".join(text.split())


@pytest.mark.parametrize("layout", ["post", "ce"])
def test_the_pdf_states_learner_program_hours_code_and_issuer(renderer, layout):
    snapshot = sample_snapshot(layout, ce_hours="6.5")
    text = pdf_text(renderer.render(snapshot))
    for needed in (snapshot.learner_name, snapshot.program_title, "6.5", snapshot.short_code, snapshot.center_name,
                   snapshot.signatory_name, snapshot.signatory_title, "March 14, 2026", "March 14, 2028",
                   "https://lms.cdcp-training.org/verify/"):
        assert squash(needed) in squash(text), needed


def right_column(pdf: bytes) -> str:
    """Text of the right half of the page between the hours line and the footer."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return document.pages[0].crop((396, 300, 792, 470)).extract_text()


def test_the_post_layout_shows_the_course_number_and_approved_objectives(renderer):
    snapshot = sample_snapshot("post")
    pdf = renderer.render(snapshot)
    text = squash(pdf_text(pdf))
    assert squash("POST course number CT-POST 2026-0147") in text
    assert squash("training hours") in text
    column = squash(right_column(pdf))
    assert "APPROVEDLEARNINGOBJECTIVES" in column  # the heading is set in capitals
    assert all(squash(objective) in column for objective in snapshot.objectives)


def test_the_ce_layout_shows_provider_statement_category_format_and_level(renderer):
    snapshot = sample_snapshot("ce")
    text = squash(pdf_text(renderer.render(snapshot)))
    for value in snapshot.accreditation.values():
        assert squash(value) in text
    assert squash("Certificate of Continuing Education") in text
    assert squash("continuing education (CE) contact hours") in text


def test_a_certificate_without_expiry_says_so(renderer):
    text = pdf_text(renderer.render(sample_snapshot(expires_on=None)))
    assert "Does not expire" in text


def test_the_page_is_landscape_letter_with_bundled_fonts(renderer):
    pdf = renderer.render(sample_snapshot())
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        assert (page.width, page.height) == (792, 612)
        fonts = {char["fontname"].split("+")[-1] for char in page.chars}
    assert fonts <= {"Cert-Serif", "Cert-Serif-Bold", "Cert-Serif-Italic", "Cert-Sans", "Cert-Sans-Bold"}
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    forms = [page["/Resources"]["/XObject"][name].get_object() for name in ("/Base", "/Stamp")]
    fonts = [font.get_object() for form in forms for font in form["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:  # embedded, so the certificate prints the same everywhere
        assert "/FontFile2" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"]


@pytest.mark.parametrize("name", ["José Núñez-O'Brien", "Nguyễn Thị Minh Khai", "Zoë Ångström-Kowalczyk",
                                  "Officer " + "Maximiliana " * 8 + "Smith", "W" * 299])
def test_names_of_any_length_and_script_read_back_on_one_page(renderer, name):
    assert squash(name) in squash(pdf_text(renderer.render(sample_snapshot(learner_name=name))))


def test_name_sizes_step_down_with_length():
    assert [name_size("x" * n) for n in (10, 40, 80, 200)] == ["", "long", "longer", "longest"]


def placed_chars(pdf: bytes) -> list[tuple[str, float, float, float, str]]:
    """Every character on the page with its position, size and font (subset prefix dropped), sorted."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return sorted((c["text"], round(c["x0"], 2), round(c["top"], 2), round(c["size"], 2),
                       c["fontname"].split("+")[-1]) for c in document.pages[0].chars)


@pytest.mark.parametrize("layout", ["post", "ce"])
@pytest.mark.parametrize("name", ["Detective Aisha Rahman-Oyelaran", "Li", "Officer " + "Maximiliana " * 9])
def test_stamped_pages_place_every_character_where_a_direct_render_does(renderer, layout, name):
    snapshot = sample_snapshot(layout, learner_name=name)
    assert placed_chars(renderer.render(snapshot)) == placed_chars(renderer.render_direct(snapshot))


def qr_modules(pdf: bytes) -> list[list[bool]]:
    """The QR image of a stamped certificate, as dark/light modules."""
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    images = page["/Resources"]["/XObject"]["/Stamp"].get_object()["/Resources"]["/XObject"]
    assert len(images) == 1
    image = next(iter(images.values())).get_object()
    width, data = image["/Width"], image.get_data()
    return [[data[(y * width + x) * 3] < 128 for x in range(width)] for y in range(image["/Height"])]


def test_the_qr_code_encodes_the_verification_url(renderer):
    snapshot = sample_snapshot()
    expected = [[bool(m) for m in row] for row in segno.make(snapshot.verify_url, error="m", micro=False, mask=MASK).matrix]
    assert qr_modules(renderer.render(snapshot)) == expected


def test_each_file_of_a_batch_carries_only_its_own_learner(renderer):
    cohort = sample_cohort(6, programs=2)
    pdfs = renderer.render_many(cohort)
    assert len(pdfs) == len(cohort)
    for pdf, snapshot in zip(pdfs, cohort, strict=True):
        text = squash(pdf_text(pdf))
        assert squash(snapshot.learner_name) in text and snapshot.short_code in text
        others = [s for s in cohort if s is not snapshot]
        assert not any(s.short_code in text or squash(s.learner_name) in text for s in others)
        expected = [[bool(m) for m in row] for row in segno.make(snapshot.verify_url, error="m", mask=MASK).matrix]
        assert qr_modules(pdf) == expected


def test_files_are_well_formed_for_strict_readers(renderer):
    pdf = renderer.render(sample_snapshot(issued_on=date(2026, 1, 2), expires_on=None))
    reader = pypdf.PdfReader(io.BytesIO(pdf), strict=True)
    assert len(reader.pages) == 1
    assert reader.metadata.title.endswith(sample_snapshot().learner_name)
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_order_is_kept_across_batches_and_evicted_program_pages(renderer):
    from lms.certificates.documents.render import BATCH, Renderer

    cohort = sample_cohort(BATCH + 2, programs=3)
    for pdf, snapshot in zip(renderer.render_many(cohort), cohort, strict=True):
        assert snapshot.short_code in pdf_text(pdf)
    small = Renderer(cache_size=1)
    for snapshot in cohort[:4]:  # programs alternate, so every base page is re-made after eviction
        text = squash(pdf_text(small.render(snapshot)))
        assert squash(snapshot.program_title) in text and snapshot.short_code in text
    assert renderer.render_many([]) == []


def test_long_programs_get_smaller_type_and_impossible_ones_a_clear_error(renderer):
    from lms.certificates.documents.render import DoesNotFit
    from lms.certificates.documents.snapshot import SnapshotError

    objectives = [f"Objective {i}: describe and apply the supportive interventions and safety planning practices "
                  f"that suit children aged {i}" for i in range(12)]
    wordy = sample_snapshot("post", objectives=objectives[:7])
    assert squash(objectives[6]) in squash(right_column(renderer.render(wordy)))
    assert renderer._base(wordy).density in ("dense", "denser")
    with pytest.raises(DoesNotFit, match="shorten"):
        renderer.render(sample_snapshot("post", objectives=objectives, modules=[o[:80] for o in objectives]))
    assert issubclass(DoesNotFit, SnapshotError)
