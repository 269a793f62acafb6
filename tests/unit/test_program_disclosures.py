"""Program disclosures and the program-level content check: validated with file:line, hours the modules support,
placeholders flagged; a module's CE category is read from module.md."""
from dataclasses import replace
from pathlib import Path

import pytest

from lms.contentfiles import ContentErrors
from lms.programs.checks import check_program, supported_hours
from lms.programs.disclosures import certificate_line
from lms.programs.spec import ProgramSpec, parse_program

BASE = """title: Sample
modules: [sample-module]
ce_hours: 0.5
layouts: {officer: post, clinician: ce, cps_worker: ce, other: ce}
objectives: [Describe the sample]
accreditation: {}
"""
DISCLOSURES = """disclosures:
  authors: [{name: Jane Roe, credentials: "LCSW"}]
  reviewers: [{name: John Doe, credentials: "PhD, licensed psychologist"}]
  conflict_of_interest: No relevant financial relationships.
  commercial_support: None.
  hours_basis: Words at 200 a minute plus quiz time.
  review_date: 2026-12-01
  accessibility: Keyboard and screen reader.
  grievance: Write to the center.
"""


def parse(text: str) -> ProgramSpec:
    return parse_program(text, "programs/sample.yaml", slug="sample", module_slugs={"sample-module"})


def test_disclosures_are_read_stored_and_old_specs_without_them_load():
    spec = parse(BASE + DISCLOSURES)
    assert spec.disclosures["authors"] == [{"name": "Jane Roe", "credentials": "LCSW"}]
    assert spec.disclosures["review_date"] == "2026-12-01" and spec.evaluation == "optional"
    assert ProgramSpec.from_dict(spec.to_dict()) == replace(spec, path="")
    stored = spec.to_dict()
    del stored["disclosures"], stored["evaluation"]
    assert ProgramSpec.from_dict(stored).disclosures == {}


@pytest.mark.parametrize("change, message", [
    (("  commercial_support: None.\n", ""),
     "programs/sample.yaml:8: disclosures: missing required key 'commercial_support'"),
    (("review_date: 2026-12-01", "review_date: last spring"),
     "programs/sample.yaml:13: disclosures: 'review_date' must be a date"),
    (('[{name: John Doe, credentials: "PhD, licensed psychologist"}]', "[{name: John Doe}]"),
     "programs/sample.yaml:9: disclosures.reviewers[1]: missing required key 'credentials'"),
    (("authors: [{name: Jane Roe, credentials: \"LCSW\"}]", "authors: []"),
     "programs/sample.yaml:8: disclosures: 'authors' must be a list of {name, credentials}"),
    (("commercial_support: None.", "commercial_support: " + "x" * 301),
     "programs/sample.yaml:11: disclosures: 'commercial_support' is longer than 300 characters"),
])
def test_a_bad_disclosure_is_reported_with_file_and_line(change, message):
    with pytest.raises(ContentErrors) as caught:
        parse(BASE + DISCLOSURES.replace(*change))
    assert any(str(error).startswith(message) for error in caught.value.errors), [str(e) for e in caught.value.errors]


def test_evaluation_must_be_required_or_optional():
    with pytest.raises(ContentErrors, match="programs/sample.yaml:7: program: 'evaluation' must be 'required'"):
        parse(BASE + "evaluation: sometimes\n")


def test_the_certificate_line_names_conflicts_support_review_date_and_where_the_rest_is():
    line = certificate_line(parse(BASE + DISCLOSURES).disclosures, "https://lms.example/programs/sample")
    assert line.startswith("Conflict of interest: No relevant financial relationships. Commercial support: None.")
    assert "Content reviewed 2026-12-01" in line and line.endswith("https://lms.example/programs/sample")
    assert certificate_line({}, "x") == ""


class _Module:
    def __init__(self, minutes, category="clinical", ce_hours=0.5):
        self.estimated_minutes, self.ce_category, self.ce_hours, self.path = minutes, category, ce_hours, "m.md"


def test_program_hours_may_not_exceed_what_the_module_minutes_support():
    assert supported_hours(275) == 4.5 and supported_hours(29) == 0 and supported_hours(60) == 1
    spec = parse(BASE.replace("ce_hours: 0.5", "ce_hours: 1") + DISCLOSURES)
    report = check_program(spec, {"sample-module": _Module(35)})
    assert report.problems == ("programs/sample.yaml:1: ce_hours is 1, but its modules' estimated minutes add up "
                               "to 35 (at most 0.5 hours)",)
    assert check_program(parse(BASE + DISCLOSURES), {"sample-module": _Module(35)}).problems == ()


def test_placeholders_missing_disclosures_and_missing_categories_are_warnings():
    spec = parse(BASE + DISCLOSURES.replace("Jane Roe", "\"[to be completed by the center]\""))
    warnings = check_program(spec, {"sample-module": _Module(35, category="")}).warnings
    assert "programs/sample.yaml:1: disclosures.authors[1] is still to be completed by the issuing center" in warnings
    assert "m.md:1: claims CE hours but has no ce_category (clinical or general)" in warnings
    assert "issues CE certificates but has no disclosures" in check_program(
        parse(BASE), {"sample-module": _Module(35)}).warnings[0]


def test_a_module_reads_its_ce_category_and_refuses_an_unknown_one(tmp_path):
    from lms.curriculum.content import parse_module

    source = Path(__file__).resolve().parent.parent / "fixtures/content/curriculum/01-sample-module"
    folder = tmp_path / "curriculum" / "01-sample-module"
    folder.mkdir(parents=True)
    for path in source.iterdir():
        (folder / path.name).write_text(path.read_text())
    module_md = folder / "module.md"
    text = module_md.read_text()
    module_md.write_text(text.replace("\ntitle:", "\nce_category: general\ntitle:", 1))
    assert parse_module(folder, root=tmp_path / "curriculum").ce_category == "general"
    module_md.write_text(text.replace("\ntitle:", "\nce_category: medical\ntitle:", 1))
    with pytest.raises(ContentErrors, match="module.md:2: module.md: 'ce_category' must be 'clinical' or 'general'"):
        parse_module(folder, root=tmp_path / "curriculum")
