"""A CE certificate of a program with disclosures prints them in one line and still fits one page."""
from lms.programs.disclosures import certificate_line
from tests.certificates.conftest import pdf_text
from tests.support.certificate_samples import ACCREDITATION, sample_snapshot

DISCLOSURES = {"conflict_of_interest": "No author has a financial relationship with a company whose products or "
                                       "services are discussed. Reviewers named by the issuing center state their "
                                       "own relationships here.",
               "commercial_support": "None. The program receives no commercial support and shows no advertising.",
               "review_date": "2026-12-02"}


def test_the_ce_certificate_prints_the_disclosure_line_on_its_one_page(renderer):
    line = certificate_line(DISCLOSURES, "https://lms.example.org/programs/cdcp-core")
    snapshot = sample_snapshot("ce", accreditation={**ACCREDITATION["ce"], "disclosures": line})
    text = "".join(pdf_text(renderer.render(snapshot)).split())  # pdf_text asserts a single page
    assert "".join(line.split()) in text


def test_without_disclosures_the_ce_certificate_is_unchanged(renderer):
    text = pdf_text(renderer.render(sample_snapshot("ce")))
    assert "Conflict of interest" not in text
